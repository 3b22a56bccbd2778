import dataclasses

import pytest
from django.urls import reverse

from pathways.core.models import AuditEvent
from pathways.people import services
from pathways.people.models import Person
from pathways.testing.factories import make_person

VALID_FORM = {
    "given_name_lo": "ພອນສະຫວັນ",
    "given_name_latin": "Phonesavanh",
    "family_name_latin": "Keomany",
    "sex": "male",
    "migrant_status": "returnee",
    "home_province": "LA-VT",
    "home_district": "0104",
    "phones": "020 5555 1234\n+66 81 234 5678",
    "nicknames": "Tou",
    "documents-TOTAL_FORMS": "1",
    "documents-INITIAL_FORMS": "0",
    "documents-0-kind": "passport",
    "documents-0-number": "P7654321",
    "documents-0-issuing_country": "LA",
}


@pytest.fixture
def staff_client(client, vte_staff):
    client.force_login(vte_staff)
    return client


def test_login_page_logs_a_user_in(client, vte_staff):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "vte.staff", "password": "pathways-test"})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_pages_need_a_login(client):
    response = client.get(reverse("person-list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_registering_through_the_form_saves_the_person_and_its_document(staff_client):
    response = staff_client.post(reverse("person-create"), VALID_FORM)
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("person-detail", args=[person.pk])
    assert person.documents.get().number == "P7654321"
    assert sorted(person.phones.values_list("number", flat=True)) == ["+66812345678", "+8562055551234"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phones": "020 5555 1234\n12"}, "Line 2: 12 is not a valid phone number"),
        ({"birth_date": "2021-02-30"}, "Enter a real date"),
        ({"documents-0-number": "X"}, "is not a valid Passport number"),
        # A Savannakhet district with Vientiane Capital chosen: the form offers only the province's districts.
        ({"home_district": "1301"}, "Select a valid choice"),
        ({"given_name_lo": "", "given_name_latin": ""}, "Give the given name"),
    ],
)
def test_bad_input_on_the_form_is_shown_by_its_field_and_saves_nothing(staff_client, change, message):
    response = staff_client.post(reverse("person-create"), {**VALID_FORM, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert Person.objects.count() == 0


def test_editing_keeps_the_document_and_records_the_change(staff_client, vte_staff):
    staff_client.post(reverse("person-create"), VALID_FORM)
    person = Person.objects.get()
    edit = staff_client.get(reverse("person-edit", args=[person.pk]))
    assert "P7654321" in edit.content.decode()
    form = {
        **VALID_FORM,
        "migrant_status": "current",
        "documents-TOTAL_FORMS": "2",
        "documents-INITIAL_FORMS": "1",
    }
    assert staff_client.post(reverse("person-edit", args=[person.pk]), form).status_code == 302
    person.refresh_from_db()
    assert person.migrant_status == "current" and person.documents.count() == 1
    assert AuditEvent.objects.get(action="person.update").changed_fields == ["migrant_status"]


def test_the_person_page_shows_the_timeline_and_the_audit_log_only_to_national_roles(
    client, vte_staff, officer
):
    person = make_person(actor=vte_staff)
    client.force_login(vte_staff)
    page = client.get(reverse("person-detail", args=[person.pk])).content.decode()
    assert "Registered" in page and "Audit log" not in page
    data = dataclasses.replace(services.person_input_from(person), migrant_status="current")
    services.person_update(actor=vte_staff, person=person, data=data)
    client.force_login(officer)
    page = client.get(reverse("person-detail", args=[person.pk])).content.decode()
    # The log reads as words, not codes: the action's description and the field's own name.
    assert "Audit log" in page and "registered" in page and "record changed" in page
    assert "migrant status" in page and "person.create" not in page and "migrant_status" not in page
    lao = client.get(reverse("person-detail", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="lo").content.decode()
    assert "ແກ້ໄຂຂໍ້ມູນ" in lao and "record changed" not in lao


def test_the_list_is_in_lao_order_and_searchable_in_either_script(staff_client, vte_staff):
    for lao, latin in [("ແສງ", "Seng"), ("ກາ", "Ka"), ("ເກດ", "Ket"), ("ຂຳ", "Kham")]:
        make_person(actor=vte_staff, given_name_lo=lao, given_name_latin=latin)
    page = staff_client.get(reverse("person-list")).content.decode()
    positions = [page.index(name) for name in ("ກາ", "ເກດ", "ຂຳ", "ແສງ")]
    assert positions == sorted(positions)
    assert "Seng" in staff_client.get(reverse("person-list"), {"q": "ແສງ"}).content.decode()
    assert "ແສງ" in staff_client.get(reverse("person-list"), {"q": "seng"}).content.decode()


def test_search_finds_romanisation_variants(staff_client, vte_staff):
    make_person(actor=vte_staff, given_name_latin="Souksavanh")
    assert "Souksavanh" in staff_client.get(reverse("person-list"), {"q": "suksavan"}).content.decode()


def test_the_list_page_runs_a_fixed_number_of_queries(staff_client, vte_staff, django_assert_max_num_queries):
    for i in range(30):
        make_person(actor=vte_staff, given_name_latin=f"Person{i}", home_district="0104")
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("person-list"))
    assert response.status_code == 200


def test_the_list_filters_by_sex_and_status(staff_client, vte_staff):
    make_person(actor=vte_staff, given_name_latin="Aaa", sex="male")
    make_person(actor=vte_staff, given_name_latin="Bbb", sex="female", migrant_status="prospective")
    page = staff_client.get(reverse("person-list"), {"sex": "male"}).content.decode()
    assert "Aaa" in page and "Bbb" not in page
    page = staff_client.get(reverse("person-list"), {"migrant_status": "prospective"}).content.decode()
    assert "Bbb" in page and "Aaa" not in page


def test_export_neutralises_formulas(staff_client, vte_staff):
    make_person(actor=vte_staff, given_name_latin="=HYPERLINK")
    body = b"".join(staff_client.get(reverse("person-export")).streaming_content).decode()
    assert "'=HYPERLINK" in body


def test_the_interface_switches_to_lao_with_places_in_lao_script(staff_client, vte_staff):
    person = make_person(actor=vte_staff, home_district="0104")
    staff_client.post(reverse("set_language"), {"language": "lo", "next": "/"})
    page = staff_client.get(reverse("person-list")).content.decode()
    assert 'lang="lo"' in page
    assert "ລົງທະບຽນ" in page  # "Register a person" in Lao
    assert person.home_district.name_local in page
    assert person.home_district.name_en not in page


def test_consent_is_recorded_from_the_person_page(staff_client, vte_staff):
    person = make_person(actor=vte_staff)
    response = staff_client.post(
        reverse("consent-add", args=[person.pk]),
        {
            "given_on": "2024-05-01",
            "purposes": ["registration"],
            "notice_version": "2024-1",
            "notice_language": "lo",
            "method": "signed",
        },
    )
    assert response.status_code == 302
    assert person.consents.count() == 1
    page = staff_client.get(reverse("person-detail", args=[person.pk])).content.decode()
    assert "Consent given" in page
    assert "2024-1 (ລາວ)" in page  # the notice's language named in itself, not its code
