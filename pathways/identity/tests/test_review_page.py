"""The review page for a reviewer: evidence in plain words, detection started from the page, a fast
queue, and why two records were not matched."""

import datetime

import pytest
from django.urls import reverse

from pathways.identity.models import CandidatePair, DuplicateRun, RunStatus
from pathways.testing.factories import make_person

TWINS = {
    "family_name_lo": "ພົມມະຈັນ",
    "family_name_latin": "Phommachanh",
    "birth_date": datetime.date(1996, 4, 9),
    "home_province": "LA-SV",
    "home_district": "Kaysone Phomvihane",
    "home_village": "Naxeng",
    "phones": ["020 5555 7788"],
}


@pytest.fixture
def twins(officer):
    """Twins of one household: same family name, date of birth, village and phone; their own given names."""
    first = make_person(actor=officer, given_name_lo="ສຸກສະຫວັນ", given_name_latin="Souksavanh", **TWINS)
    second = make_person(actor=officer, given_name_lo="ມະນີວັນ", given_name_latin="Manivanh", **TWINS)
    return first, second


@pytest.fixture
def queue_of_pairs(officer):
    people = [
        make_person(actor=officer, given_name_latin=f"Person{chr(65 + i)}", family_name_latin="Keomany")
        for i in range(12)
    ]
    for i in range(0, 12, 2):
        a, b = sorted(people[i : i + 2], key=lambda p: str(p.pk))
        CandidatePair.objects.create(
            person_a=a, person_b=b, probability=0.9 - i / 100, match_weight=5.0,
            explanation=[
                {"comparison": "name", "level": "same name (folded)", "bayes_factor": 4000.0},
                {"comparison": "sex", "level": "else", "bayes_factor": 0.01},
                {"comparison": "place", "level": "same district", "bayes_factor": 3.0},
            ],
        )  # fmt: skip
    return people


def test_the_queue_says_in_words_what_points_each_way_in_english_lao_and_thai(
    client, officer, queue_of_pairs
):
    client.force_login(officer)
    page = client.get(reverse("identity-queue")).content.decode()
    assert "Bayes" not in page and "×" not in page
    assert "Points to the same person:" in page and "Points to two different people:" in page
    same, different = (
        page.split("Points to two different people:", 1)[0],
        page.split("Points to two different people:")[1],
    )
    assert "same name, spelling variants aside" in same and "(strong)" in same and "(weak)" in same
    assert "Sex: different" in different.split("</p>")[0]
    for language, words in (("lo", "ຊີ້ວ່າເປັນຄົນດຽວກັນ"), ("th", "ชี้ว่าเป็นคนเดียวกัน")):
        translated = client.get(reverse("identity-queue"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert words in translated and "Points to" not in translated


def test_the_queue_page_makes_the_same_few_queries_however_many_pairs(
    client, officer, queue_of_pairs, django_assert_max_num_queries
):
    client.force_login(officer)
    client.get(reverse("identity-queue"))  # the session and the user's scope, once
    with django_assert_max_num_queries(12):
        response = client.get(reverse("identity-queue"))
    assert response.status_code == 200
    assert response.content.decode().count(">Compare<") == 6


def test_a_national_role_starts_detection_from_the_page_and_sees_it_finish(
    client, officer, settings, twins, django_capture_on_commit_callbacks
):
    settings.IMPORTS_BACKGROUND = "inline"
    make_person(actor=officer, given_name_latin="Suksavan", family_name_latin="Pommachan", birth_year=1996,
                home_province="LA-SV", phones=["020 5555 7788"])  # fmt: skip
    client.force_login(officer)
    page = client.get(reverse("identity-queue")).content.decode()
    assert "Look for duplicates now" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("identity-run"))
    assert response.status_code == 302
    run = DuplicateRun.objects.get()
    assert run.status == RunStatus.DONE and run.records == 3 and run.started_by == officer
    page = client.get(reverse("identity-queue")).content.decode()
    assert "3 people compared" in page
    # The re-entry is proposed with the first twin; the twins are not proposed with each other.
    first, second = twins
    pairs = {frozenset((p.person_a_id, p.person_b_id)) for p in CandidatePair.objects.all()}
    assert frozenset((first.pk, second.pk)) not in pairs
    assert any(first.pk in pair for pair in pairs)


def test_a_second_run_is_refused_while_one_is_busy_and_partner_staff_cannot_start_one(
    client, officer, vte_staff
):
    DuplicateRun.objects.create(started_by=officer, status=RunStatus.RUNNING)
    client.force_login(officer)
    page = client.get(reverse("identity-queue")).content.decode()
    assert "Look for duplicates now" not in page and 'http-equiv="refresh"' in page
    client.post(reverse("identity-run"))
    assert DuplicateRun.objects.count() == 1
    client.force_login(vte_staff)
    assert client.post(reverse("identity-run")).status_code == 403
    assert DuplicateRun.objects.count() == 1


def test_why_twins_were_not_matched_is_said_in_plain_words(client, officer, twins):
    first, second = twins
    client.force_login(officer)
    url = reverse("identity-why")
    page = client.get(url, {"a": f"https://pathways.example/people/{first.pk}/", "b": str(second.pk)})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Not proposed: the evidence is not strong enough." in text
    against = text.split("Points to two different people:")[1].split("</p>")[0]
    assert "entirely different given names" in against and "(strong)" in against
    same = text.split("Points to the same person:")[1].split("</p>")[0]
    assert "same date" in same and "a number in common" in same
    lao = client.get(
        url, {"a": str(first.pk), "b": str(second.pk)}, HTTP_ACCEPT_LANGUAGE="lo"
    ).content.decode()
    assert "ຝາແຝດ" in lao and "Not proposed" not in lao
    assert client.get(url, {"a": "nobody", "b": str(second.pk)}).status_code == 400
    assert client.get(url, {"a": str(first.pk), "b": str(first.pk)}).status_code == 400
