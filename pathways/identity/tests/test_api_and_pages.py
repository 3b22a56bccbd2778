import json

import pytest
from django.urls import reverse

from pathways.accounts.services import api_token_issue
from pathways.identity import services
from pathways.identity.models import CandidatePair, MergeRecord
from pathways.people.models import Person
from pathways.testing.factories import make_person

RE_ENTRY = {
    "given_name_latin": "Suksavan",
    "family_name_latin": "Pommachan",
    "sex": "female",
    "migrant_status": "returnee",
    "home_province": "LA-SV",
    "birth_date": "1994-07-03",
    "phones": ["020 5555 1234"],
}


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=user, scopes=['write'])}"}


@pytest.fixture
def twin(officer):
    return make_person(
        actor=officer, given_name_latin="Suksavan", family_name_latin="Pommachan", birth_year=1994,
        home_province="LA-SV", phones=["020 5555 1234"],
    )  # fmt: skip


@pytest.fixture
def pair(souk, twin):
    a, b = sorted([souk, twin], key=lambda p: str(p.pk))
    return CandidatePair.objects.create(
        person_a=a, person_b=b, probability=0.97, match_weight=9.1,
        explanation=[{"comparison": "phone", "level": "a number in common", "bayes_factor": 9000.0}],
    )  # fmt: skip


def test_api_registration_with_check_duplicates_answers_409_with_candidates_and_saves_nothing(
    client, officer, souk
):
    count = Person.objects.count()
    response = client.post(
        "/api/v1/people/?check_duplicates=true", json.dumps(RE_ENTRY), content_type="application/json",
        **_bearer(officer),
    )  # fmt: skip
    assert response.status_code == 409
    body = response.json()
    assert [c["person_id"] for c in body["candidates"]] == [str(souk.pk)]
    assert body["candidates"][0]["probability"] > 0.9
    assert Person.objects.count() == count
    # Without the flag (the user decided it is someone else) the person is registered.
    response = client.post(
        "/api/v1/people/", json.dumps(RE_ENTRY), content_type="application/json", **_bearer(officer)
    )
    assert response.status_code == 201


def test_api_candidates_endpoint_lists_matches(client, officer, souk):
    response = client.post(
        "/api/v1/identity/candidates",
        json.dumps(RE_ENTRY),
        content_type="application/json",
        **_bearer(officer),
    )
    assert response.status_code == 200
    assert response.json()["candidates"][0]["display_name"].startswith("ສຸກສະຫວັນ")


def test_api_queue_decision_merge_and_undo(client, officer, souk, twin, pair):
    auth = _bearer(officer)
    listed = client.get("/api/v1/identity/pairs", **auth).json()
    assert [p["id"] for p in listed["results"]] == [pair.pk]
    merged = client.post(
        "/api/v1/identity/merges", json.dumps({"survivor": str(souk.pk), "merged": str(twin.pk)}),
        content_type="application/json", **auth,
    )  # fmt: skip
    assert merged.status_code == 201
    assert client.get(f"/api/v1/people/{twin.pk}", **auth).status_code == 404
    undone = client.post(f"/api/v1/identity/merges/{merged.json()['id']}/undo", **auth)
    assert undone.status_code == 200 and undone.json()["undone_at"]
    assert client.get(f"/api/v1/people/{twin.pk}", **auth).status_code == 200


def test_api_partner_staff_may_not_review(client, vte_staff, pair):
    assert client.get("/api/v1/identity/pairs", **_bearer(vte_staff)).status_code == 403


def test_registration_form_shows_likely_matches_before_saving_then_registers_on_confirmation(
    client, officer, souk
):
    client.force_login(officer)
    form = {
        "given_name_latin": "Suksavan", "family_name_latin": "Pommachan", "sex": "female",
        "migrant_status": "returnee", "home_province": "LA-SV", "birth_date": "1994-07-03",
        "phones": "020 5555 1234", "documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0",
    }  # fmt: skip
    count = Person.objects.count()
    page = client.post(reverse("person-create"), form)
    assert page.status_code == 200
    assert "This person may already be registered" in page.content.decode()
    assert reverse("person-detail", args=[souk.pk]) in page.content.decode()
    assert Person.objects.count() == count
    response = client.post(reverse("person-create"), {**form, "not_a_duplicate": "1"})
    assert response.status_code == 302
    assert Person.objects.count() == count + 1


def test_review_pages_compare_merge_and_undo_from_the_person_page(client, officer, souk, twin, pair):
    client.force_login(officer)
    queue = client.get(reverse("identity-queue")).content.decode()
    assert reverse("identity-pair", args=[pair.pk]) in queue
    compare = client.get(reverse("identity-pair", args=[pair.pk])).content.decode()
    assert "Souksavanh" in compare and "Suksavan" in compare
    assert "Points to the same person" in compare and "a number in common" in compare and "strong" in compare
    assert "Bayes" not in compare and "9000" not in compare
    keep = "a" if pair.person_a_id == souk.pk else "b"
    response = client.post(
        reverse("identity-pair", args=[pair.pk]), {"survivor": keep, "choice_birth_year": keep}
    )
    assert response.status_code == 302
    record = MergeRecord.objects.get()
    assert record.survivor == souk and record.merged == twin
    detail = client.get(reverse("person-detail", args=[souk.pk])).content.decode()
    assert reverse("identity-merge-undo", args=[record.pk]) in detail
    client.post(reverse("identity-merge-undo", args=[record.pk]))
    twin.refresh_from_db()
    assert twin.merged_into is None


def test_rejecting_a_pair_removes_it_from_the_queue_for_good(client, officer, souk, twin, pair):
    client.force_login(officer)
    client.post(reverse("identity-pair-reject", args=[pair.pk]))
    assert not CandidatePair.objects.exists()
    assert "No pairs wait for review" in client.get(reverse("identity-queue")).content.decode()


def test_partner_staff_cannot_open_the_review_queue(client, vte_staff):
    client.force_login(vte_staff)
    assert client.get(reverse("identity-queue")).status_code == 403


def test_merge_keeps_pair_out_of_queue_and_unmerge_refuses_when_survivor_was_merged_later(
    officer, souk, twin
):
    third = make_person(
        actor=officer, given_name_latin="Souk", family_name_latin="Phommachanh", home_province="LA-SV"
    )
    first = services.person_merge(actor=officer, survivor=souk, merged=twin)
    services.person_merge(actor=officer, survivor=third, merged=souk)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="undo that merge first"):
        services.person_unmerge(actor=officer, record=first)
