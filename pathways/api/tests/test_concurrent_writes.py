"""Writes sent at the same moment: merges of one pair (in both directions) make one merge, identical
registrations with check_duplicates make one person, and the others are told why (409), never a 500."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client

from pathways.identity.models import MergeRecord
from pathways.people.models import Person
from pathways.testing.factories import make_person

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers in threads need PostgreSQL"
)


def _at_once(requests: list) -> list:
    """Send every request from its own thread, released together; return the answers in order."""
    start = threading.Barrier(len(requests))
    answers: list = [None] * len(requests)

    def send(i, request):
        start.wait()
        try:
            answers[i] = request(Client())
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.fixture
def pair(officer):
    a = make_person(actor=officer, given_name_latin="Souksavanh", birth_date=datetime.date(1994, 3, 7))
    b = make_person(actor=officer, given_name_latin="Suksavan", birth_year=1994)
    return a, b


def _merge(auth, survivor, merged):
    body = {"survivor": str(survivor.pk), "merged": str(merged.pk)}
    return lambda client: client.post(
        "/api/v1/identity/merges", body, content_type="application/json", **auth
    )


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_merges_of_one_pair_in_both_directions_make_one_merge_and_409s(officer, bearer, pair):
    a, b = pair
    auth = bearer(officer)

    answers = _at_once([_merge(auth, a, b) if i % 2 else _merge(auth, b, a) for i in range(20)])

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] + [409] * 19
    assert MergeRecord.objects.count() == 1
    record = MergeRecord.objects.get()
    refused = [answer.json() for answer in answers if answer.status_code == 409]
    assert {problem["code"] for problem in refused} == {"already_merged"}
    assert all(str(record.survivor_id) in problem["detail"] for problem in refused)
    assert Person.objects.filter(merged_into__isnull=True).count() == 1


PERSON = {
    "given_name_latin": "Noy",
    "family_name_latin": "Sengdara",
    "sex": "female",
    "birth_date": "1998-04-21",
    "migrant_status": "returnee",
    "home_province": "LA-VT",
    "phones": ["020 5555 0101"],
}


def _register(auth):
    return lambda client: client.post(
        "/api/v1/people/?check_duplicates=true", PERSON, content_type="application/json", **auth
    )


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_identical_registrations_with_check_duplicates_make_one_person(officer, bearer, places):
    auth = bearer(officer)

    answers = _at_once([_register(auth) for _ in range(20)])

    assert Person.objects.count() == 1
    person = Person.objects.get()
    assert sorted(answer.status_code for answer in answers) == [201] + [409] * 19
    for answer in answers:
        if answer.status_code == 409:
            assert answer.json()["code"] == "possible_duplicate"
            assert answer.json()["candidates"][0]["person_id"] == str(person.pk)


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_registrations_of_different_people_at_once_all_go_through(officer, bearer, places):
    auth = bearer(officer)
    names = [("Bounmy", "Keola"), ("Chanthala", "Vongsa"), ("Daovone", "Sayasith"), ("Khamla", "Inthavong")]
    people = [
        {**PERSON, "given_name_latin": given, "family_name_latin": family, "phones": [f"020 5556 01{i:02d}"]}
        for i, (given, family) in enumerate(names)
    ]

    def register(person):
        return lambda client: client.post(
            "/api/v1/people/?check_duplicates=true", person, content_type="application/json", **auth
        )

    answers = _at_once([register(person) for person in people])

    assert [answer.status_code for answer in answers] == [201] * 4
    assert Person.objects.count() == 4


def test_merging_a_record_merged_already_answers_409_naming_where_it_went(officer, bearer, pair):
    a, b = pair
    auth = bearer(officer)
    assert _merge(auth, a, b)(Client()).status_code == 201

    again = _merge(auth, a, b)(Client())
    reverse = _merge(auth, b, a)(Client())

    assert again.status_code == 409
    assert again.json()["code"] == "already_merged"
    assert str(a.pk) in again.json()["detail"]
    assert again.json()["errors"][0]["loc"] == ["body", "merged"]
    assert reverse.status_code == 409
    assert reverse.json()["errors"][0]["loc"] == ["body", "survivor"]
    assert MergeRecord.objects.count() == 1


def test_merging_a_record_that_does_not_exist_is_still_not_found(officer, bearer, pair):
    a, _b = pair
    body = {"survivor": str(a.pk), "merged": "00000000-0000-0000-0000-000000000001"}

    answer = Client().post(
        "/api/v1/identity/merges", body, content_type="application/json", **bearer(officer)
    )

    assert answer.status_code == 404


def test_a_second_registration_with_check_duplicates_answers_409_with_the_first(officer, bearer, places):
    auth = bearer(officer)
    first = _register(auth)(Client())

    second = _register(auth)(Client())

    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["candidates"][0]["person_id"] == first.json()["id"]
    assert Person.objects.count() == 1
