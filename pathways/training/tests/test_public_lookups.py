"""The public check reveals nothing to someone walking the register: numbers cannot be guessed, look-ups by
number are limited per client, and the holder is named only with their birth date or the signed code."""

import datetime

import pytest

from pathways.people.models import Person
from pathways.training import services, verification
from pathways.training.conftest import assess_all, attend_all

BIRTH = datetime.date(1999, 5, 14)


@pytest.fixture
def certificate(vte_staff, assessor, cohort, enrolment):
    Person.objects.filter(pk=enrolment.person_id).update(birth_date=BIRTH, birth_year=BIRTH.year)
    attend_all(vte_staff, cohort, [enrolment])
    assess_all(assessor, enrolment)
    services.enrolment_complete(actor=vte_staff, enrolment=enrolment)
    return services.certificate_issue(actor=vte_staff, enrolment=enrolment)


def test_by_number_the_page_names_the_holder_only_with_their_birth_date(client, certificate):
    alone = client.post("/verify/", {"code": certificate.number})
    wrong = client.post("/verify/", {"code": certificate.number, "birth_date": "1999-05-15"})
    right = client.post("/verify/", {"code": certificate.number, "birth_date": BIRTH.isoformat()})

    assert 'data-status="valid"' in alone.text and "Manivanh" not in alone.text
    assert "Shown to someone who also gives the holder" in alone.text
    assert "Manivanh" not in wrong.text and "not the holder" in wrong.text
    assert 'data-status="valid"' in right.text and "Manivanh Phommachanh" in right.text


def test_the_signed_code_names_the_holder_without_a_birth_date(client, certificate):
    page = client.post("/verify/", {"code": certificate.payload})

    assert "Manivanh Phommachanh" in page.text


def test_the_api_names_the_holder_only_with_the_birth_date_in_the_body(client, certificate):
    def lookup(**body):
        return client.post("/api/v1/public/certificates/lookup", body, content_type="application/json").json()

    assert lookup(number=certificate.number)["holder"] == ""
    assert lookup(number=certificate.number, birth_date="2000-01-01")["holder_shown"] is False
    named = lookup(number=certificate.number, birth_date=BIRTH.isoformat())
    assert named["holder"] == "Manivanh Phommachanh" and named["holder_shown"] is True


def test_a_holder_without_a_birth_date_on_record_is_named_only_through_the_code(client, certificate):
    Person.objects.filter(pk=certificate.person_id).update(birth_date=None)

    page = client.post("/verify/", {"code": certificate.number, "birth_date": BIRTH.isoformat()})

    assert "Manivanh" not in page.text


def test_look_ups_by_number_are_limited_per_client_on_the_page_and_the_api(client, certificate):
    limit = verification.NUMBER_LOOKUPS.limit
    for i in range(limit):
        assert client.post("/verify/", {"code": f"PW-2021-{i:06d}"}).status_code == 200

    page = client.post("/verify/", {"code": certificate.number, "birth_date": BIRTH.isoformat()})
    api = client.get(f"/api/v1/public/certificates/{certificate.number}")

    assert page.status_code == 429 and "Too many look-ups by number" in page.text
    assert "Manivanh" not in page.text
    assert page["Retry-After"] == str(verification.NUMBER_LOOKUPS.seconds)
    assert api.status_code == 429 and api.json()["code"] == "rate_limited"
    # Another client is not held back, and the signed code still answers this one.
    other = client.post("/verify/", {"code": certificate.number}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200
    assert client.post("/verify/", {"code": certificate.payload}).status_code == 200


def test_the_limit_message_is_in_lao_and_thai(client, certificate):
    for i in range(verification.NUMBER_LOOKUPS.limit):
        client.post("/verify/", {"code": f"PW-2021-{i:06d}"})

    for language in ("lo", "th"):
        page = client.post("/verify/", {"code": certificate.number}, HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 429 and "Too many look-ups" not in page.text
