"""A record outside the actor's scope answers 404 on every route, and never shows up in lists or searches."""

import pytest
from django.test import Client
from django.urls import reverse

from pathways.accounts.services import api_token_issue
from pathways.people.models import Person
from pathways.people.selectors import person_list
from pathways.testing.factories import make_person


@pytest.fixture
def svk_person(svk_staff):
    return make_person(
        actor=svk_staff,
        given_name_latin="Bounmy",
        family_name_latin="Sisouvanh",
        home_province="LA-SV",
        phones=["020 5555 9876"],
    )


@pytest.fixture
def vte_person(vte_staff):
    return make_person(actor=vte_staff, given_name_latin="Khamla", home_province="LA-VT")


@pytest.fixture
def vte_client(vte_staff):
    client = Client()
    client.force_login(vte_staff)
    return client


@pytest.fixture
def vte_api(vte_staff):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=vte_staff, scopes=['write'])}"}


PAGE_ROUTES = [
    ("get", "person-detail"),
    ("get", "person-edit"),
    ("post", "person-edit"),
    ("get", "person-delete"),
    ("post", "person-delete"),
    ("post", "consent-add"),
]


@pytest.mark.parametrize(("method", "route"), PAGE_ROUTES)
def test_pages_answer_404_for_a_person_outside_scope(vte_client, svk_person, method, route):
    response = getattr(vte_client, method)(reverse(route, args=[svk_person.pk]))
    assert response.status_code == 404
    assert Person.objects.filter(pk=svk_person.pk).exists()


def test_consent_withdrawal_answers_404_outside_scope(vte_client, svk_staff, svk_person):
    from pathways.people.services import consent_record

    consent = consent_record(
        actor=svk_staff,
        person=svk_person,
        given_on=svk_person.created_at.date(),
        purposes=["registration"],
        notice_version="1",
        notice_language="lo",
        method="signed",
    )
    response = vte_client.post(
        reverse("consent-withdraw", args=[svk_person.pk, consent.pk]), {"withdrawn_on": "2024-01-01"}
    )
    assert response.status_code == 404


def _results(response) -> str:
    page = response.content.decode()
    return page[page.index("<tbody>") : page.index("</tbody>")]


def test_list_search_and_export_never_show_a_person_outside_scope(vte_client, svk_person, vte_person):
    listed = _results(vte_client.get(reverse("person-list")))
    searched = _results(vte_client.get(reverse("person-list"), {"q": "Bounmy"}))
    by_phone = _results(vte_client.get(reverse("person-list"), {"q": "02055559876"}))
    exported = b"".join(vte_client.get(reverse("person-export")).streaming_content).decode()
    assert "Khamla" in listed and "Khamla" in exported
    for body in (listed, searched, by_phone, exported):
        assert "Bounmy" not in body


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_api_answers_404_for_a_person_outside_scope(client, vte_api, svk_person, method):
    body = {} if method == "get" else {"data": "{}", "content_type": "application/json"}
    response = getattr(client, method)(f"/api/v1/people/{svk_person.pk}", **body, **vte_api)
    assert response.status_code == 404
    assert Person.objects.filter(pk=svk_person.pk, migrant_status="returnee").exists()


def test_api_list_and_search_never_show_a_person_outside_scope(client, vte_api, svk_person, vte_person):
    everyone = client.get("/api/v1/people/", **vte_api).json()
    searched = client.get("/api/v1/people/", {"q": "Bounmy"}, **vte_api).json()
    assert [p["given_name_latin"] for p in everyone["results"]] == ["Khamla"]
    assert searched["count"] == 0


def test_partner_staff_keep_sight_of_people_they_registered_elsewhere(vte_staff):
    moved = make_person(actor=vte_staff, home_province="LA-CH")
    assert list(person_list(actor=vte_staff)) == [moved]


def test_national_roles_see_everyone_and_donors_see_no_one(
    officer, me_officer, donor, svk_person, vte_person
):
    assert person_list(actor=officer).count() == 2
    assert person_list(actor=me_officer).count() == 2
    assert person_list(actor=donor).count() == 0


def test_a_donor_is_told_their_role_sees_aggregates_only(client, donor):
    client.force_login(donor)
    response = client.get(reverse("person-list"))
    assert response.status_code == 403
    assert "aggregate" in response.content.decode()


def test_partner_staff_in_two_provinces_see_disjoint_people(vte_staff, svk_staff, vte_person, svk_person):
    vte_ids = set(person_list(actor=vte_staff).values_list("id", flat=True))
    svk_ids = set(person_list(actor=svk_staff).values_list("id", flat=True))
    assert vte_ids == {vte_person.pk} and svk_ids == {svk_person.pk}
