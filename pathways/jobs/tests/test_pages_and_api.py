"""The employment pages and API: thin over the services, scoped like every other route."""

import datetime

from django.urls import reverse

from pathways.accounts.services import api_token_issue
from pathways.jobs import services
from pathways.jobs.conftest import STARTED
from pathways.jobs.models import Placement, RetentionFollowUp, Vacancy


def _bearer(user) -> dict:
    key = api_token_issue(actor=None, user=user, name="test", scopes=["write"])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_navigation_offers_jobs_to_staff_and_not_to_donors(client, vte_staff, donor):
    client.force_login(vte_staff)
    assert 'href="/jobs/"' in client.get("/").content.decode()
    client.force_login(donor)
    assert 'href="/jobs/"' not in client.get("/").content.decode()
    assert client.get("/jobs/").status_code == 403


def test_a_vacancy_is_posted_on_its_page_and_listed(client, officer, employer, vte_org):
    client.force_login(officer)
    assert client.get(reverse("jobs-vacancy-create")).status_code == 200
    response = client.post(
        reverse("jobs-vacancy-create"),
        {
            "employer": employer.pk,
            "posted_by": vte_org.pk,
            "title_en": "Sewing machine operator",
            "title_lo": "ພະນັກງານຈັກຫຍິບ",
            "isco_code": "753",
            "sector": "garment",
            "openings": 3,
            "opens_on": "2021-05-01",
        },
    )
    assert response.status_code == 400 and "exactly 4 digits" in response.content.decode()
    response = client.post(
        reverse("jobs-vacancy-create"),
        {
            "employer": employer.pk,
            "posted_by": vte_org.pk,
            "title_en": "Sewing machine operator",
            "isco_code": "7533",
            "sector": "garment",
            "openings": 3,
            "opens_on": "2021-05-01",
            "wage_monthly": 2500000,
        },
    )
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs-vacancy", args=[vacancy.pk])
    listing = client.get(reverse("jobs-home")).content.decode()
    assert "Sewing machine operator" in listing and "2,500,000 LAK" in listing


def test_the_vacancy_page_matches_trained_people_and_places_one(client, vte_staff, trained, vacancy, vte_org):
    client.force_login(vte_staff)
    page = client.get(reverse("jobs-vacancy", args=[vacancy.pk])).content.decode()
    assert "Manivanh" in page and reverse("jobs-vacancy-place", args=[vacancy.pk, trained.pk]) in page
    place_url = reverse("jobs-vacancy-place", args=[vacancy.pk, trained.pk])
    assert client.get(place_url).status_code == 200
    future = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    response = client.post(
        place_url, {"person_id": trained.pk, "starts_on": future, "recorded_by_organisation": vte_org.pk}
    )
    assert response.status_code == 400 and "in the future" in response.content.decode()
    response = client.post(
        place_url,
        {"person_id": trained.pk, "starts_on": "2021-06-01", "recorded_by_organisation": vte_org.pk},
    )
    placement = Placement.objects.get()
    assert response["Location"] == reverse("jobs-placement", args=[placement.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "Sewing machine operator" in detail and "due 2021-09-01" in detail
    page = client.get(reverse("jobs-vacancy", args=[vacancy.pk])).content.decode()
    assert "No trained people in your scope match this vacancy." in page  # placed here: no longer a match


def test_a_follow_up_is_recorded_on_the_placement_page(client, vte_staff, placement):
    client.force_login(vte_staff)
    url = reverse("jobs-follow-up", args=[placement.pk])
    response = client.post(url, {"checkpoint": 3, "checked_on": "2021-08-01", "still_employed": "yes"})
    assert response.status_code == 400 and "due on 2021-09-01" in response.content.decode()
    response = client.post(
        url, {"checkpoint": 3, "checked_on": "2021-09-03", "still_employed": "yes", "current_wage": 2600000}
    )
    assert response.status_code == 302
    follow_up = RetentionFollowUp.objects.get()
    assert (follow_up.still_employed, follow_up.current_wage) == (True, 2_600_000)
    assert "Still employed" in client.get(reverse("jobs-placement", args=[placement.pk])).content.decode()


def test_the_placement_page_records_a_person_not_reached(client, vte_staff, placement):
    client.force_login(vte_staff)
    url = reverse("jobs-follow-up", args=[placement.pk])
    response = client.post(
        url,
        {"checkpoint": 3, "checked_on": "2021-10-20", "still_employed": "not_reached", "current_wage": 5},
    )
    assert response.status_code == 400 and "leave the wage empty" in response.content.decode()
    response = client.post(
        url,
        {"checkpoint": 3, "checked_on": "2021-10-20", "still_employed": "not_reached", "note": "No answer"},
    )
    assert response.status_code == 302
    assert RetentionFollowUp.objects.get().still_employed is None
    page = client.get(reverse("jobs-placement", args=[placement.pk])).content.decode()
    assert "Could not be reached" in page and "No answer" in page
    lao = client.get(reverse("jobs-placement", args=[placement.pk]), HTTP_ACCEPT_LANGUAGE="lo").content
    assert "ຕິດຕໍ່ບໍ່ໄດ້" in lao.decode()


def test_a_recorded_follow_up_is_corrected_on_the_placement_page(client, vte_staff, officer, placement):
    services.follow_up_record(
        actor=officer,
        placement=placement,
        checkpoint=3,
        checked_on=datetime.date(2021, 9, 2),
        still_employed=True,
        current_wage=2_500_000,
    )
    client.force_login(vte_staff)
    page = client.get(reverse("jobs-placement", args=[placement.pk])).content.decode()
    assert 'name="correct-3-still_employed" value="yes"' in page and "checked" in page
    url = reverse("jobs-follow-up-correct", args=[placement.pk, 3])
    refused = client.post(
        url,
        {
            "correct-3-checked_on": "2021-09-02",
            "correct-3-still_employed": "not_reached",
            "correct-3-current_wage": "2500000",
        },
    )
    assert refused.status_code == 400 and "leave the wage empty" in refused.content.decode()
    assert "<details open>" in refused.content.decode()  # the refused correction stays open, with its reason
    response = client.post(
        url,
        {"correct-3-checked_on": "2021-09-04", "correct-3-still_employed": "no", "correct-3-note": "Left"},
    )
    assert response.status_code == 302
    follow_up = RetentionFollowUp.objects.get()
    assert (follow_up.checked_on, follow_up.still_employed, follow_up.note) == (
        datetime.date(2021, 9, 4),
        False,
        "Left",
    )
    assert client.post(reverse("jobs-follow-up-correct", args=[placement.pk, 6]), {}).status_code == 404


def test_the_follow_ups_due_page_lists_overdue_ones_in_lao(client, officer, placement):
    client.force_login(officer)
    page = client.get(reverse("jobs-follow-ups"), HTTP_ACCEPT_LANGUAGE="lo").content.decode()
    assert "Manivanh" in page or "ມະນີວັນ" in page
    assert "2021-09-01" in page and "2021-12-01" in page
    # The column names the person, not "personal details" (the people form's legend shares the English word).
    assert "<th>ບຸກຄົນ</th>" in page and "ຂໍ້ມູນສ່ວນຕົວ" not in page


def test_the_follow_up_form_answers_no_in_words_that_fit_the_question(client, officer, placement):
    client.force_login(officer)
    url = reverse("jobs-placement", args=[placement.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="lo").content.decode()
    assert "ບໍ່, ບໍ່ໄດ້ເຮັດວຽກແລ້ວ" in page  # not "ບໍ່ມີ" ("there is none"), the disability answer


def test_a_placement_without_a_vacancy_starts_from_a_registry_search(
    client, vte_staff, trained, thai_employer, vte_org
):
    client.force_login(vte_staff)
    page = client.get(reverse("jobs-placement-create"), {"q": "Manivanh"}).content.decode()
    assert f"?person={trained.pk}" in page
    response = client.post(
        reverse("jobs-placement-create") + f"?person={trained.pk}",
        {
            "person_id": trained.pk,
            "employer": thai_employer.pk,
            "job_title": "Sewer",
            "starts_on": "2021-07-01",
            "wage_monthly": 9500,
            "recorded_by_organisation": vte_org.pk,
        },
    )
    assert response.status_code == 302
    assert Placement.objects.get().currency == "THB"


def test_out_of_scope_placements_are_404_on_pages_and_api(client, svk_staff, placement):
    client.force_login(svk_staff)
    assert client.get(reverse("jobs-placement", args=[placement.pk])).status_code == 404
    assert client.get(f"/api/v1/jobs/placements/{placement.pk}", **_bearer(svk_staff)).status_code == 404


def test_the_api_posts_vacancies_places_people_and_records_follow_ups(
    officer, employer, vte_org, trained, client
):
    headers = _bearer(officer)
    response = client.post(
        "/api/v1/jobs/vacancies",
        {
            "employer_id": str(employer.pk),
            "posted_by_id": str(vte_org.pk),
            "title_en": "Sewer",
            "isco_code": "7533",
            "sector": "garment",
            "openings": 1,
            "opens_on": "2021-05-01",
        },
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    vacancy = response.json()
    assert (vacancy["country"], vacancy["province"], vacancy["status"]) == ("LA", "LA-VT", "open")
    matches = client.get(f"/api/v1/jobs/vacancies/{vacancy['id']}/matches", **headers).json()["results"]
    assert [m["person_id"] for m in matches] == [str(trained.pk)]
    body = {
        "person_id": str(trained.pk),
        "vacancy_id": vacancy["id"],
        "recorded_by_organisation_id": str(vte_org.pk),
        "starts_on": "2031-01-01",
    }
    response = client.post("/api/v1/jobs/placements", body, content_type="application/json", **headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "starts_on"]
    body["starts_on"] = "2021-06-01"
    response = client.post("/api/v1/jobs/placements", body, content_type="application/json", **headers)
    assert response.status_code == 201
    placement = response.json()
    assert (placement["abroad"], placement["job_title"]) == (False, "Sewer")
    assert client.get(f"/api/v1/jobs/vacancies/{vacancy['id']}", **headers).json()["status"] == "filled"
    response = client.post(
        f"/api/v1/jobs/placements/{placement['id']}/follow-ups",
        {"checkpoint": 6, "checked_on": "2021-12-05", "still_employed": True},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201
    listed = client.get("/api/v1/jobs/placements", {"person_id": str(trained.pk)}, **headers).json()[
        "results"
    ]
    assert [f["checkpoint"] for f in listed[0]["follow_ups"]] == [6]
    due = client.get("/api/v1/jobs/follow-ups/due", **headers).json()["results"]
    assert [(d["checkpoint"], d["state"]) for d in due] == [(3, "overdue")]
    response = client.post(  # not reached: null, which closes the checkpoint
        f"/api/v1/jobs/placements/{placement['id']}/follow-ups",
        {"checkpoint": 3, "checked_on": "2021-10-20", "still_employed": None, "note": "No answer"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201 and response.json()["still_employed"] is None
    assert client.get("/api/v1/jobs/follow-ups/due", **headers).json()["results"] == []
    url = f"/api/v1/jobs/placements/{placement['id']}/follow-ups/3"
    response = client.patch(url, {"still_employed": True}, content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["still_employed"] is True
    assert response.json()["note"] == "No answer"  # not sent: kept
    response = client.patch(url, {"checked_on": "2021-08-01"}, content_type="application/json", **headers)
    assert response.status_code == 422 and "due on 2021-09-01" in response.content.decode()
    response = client.patch(url, {"checked_on": None}, content_type="application/json", **headers)
    assert response.status_code == 422 and "Give the date" in response.content.decode()


def test_the_person_page_shows_the_placement_on_the_timeline(client, officer, placement):
    services.follow_up_record(
        actor=officer,
        placement=placement,
        checkpoint=3,
        checked_on=datetime.date(2021, 9, 2),
        still_employed=True,
    )
    client.force_login(officer)
    page = client.get(reverse("person-detail", args=[placement.person_id])).content.decode()
    assert "Started work as Sewing machine operator" in page and "3-month follow-up: still employed" in page
    assert STARTED.isoformat() in page


def test_the_placement_form_starts_with_the_officers_own_organisation_as_the_recorder(
    client, officer, trained, vacancy, vte_org
):
    """National officers may record for any organisation; the form (like the placements import) offers their
    own primary organisation first instead of an empty choice."""
    from pathways.partners.models import Membership

    Membership.objects.create(user=officer, organisation=vte_org, is_primary=True)
    client.force_login(officer)

    page = client.get(reverse("jobs-vacancy-place", args=[vacancy.pk, trained.pk])).content.decode()

    assert f'<option value="{vte_org.pk}" selected>' in page


def test_the_vacancy_page_says_when_it_shows_only_the_best_matches(
    client, vte_staff, trained, vacancy, cohort, monkeypatch
):
    from pathways.jobs import views
    from pathways.jobs.conftest import assess_all, attend_all
    from pathways.testing.factories import make_person
    from pathways.training import services as training_services

    client.force_login(vte_staff)
    monkeypatch.setattr(views, "MATCHES_SHOWN", 1)
    # Exactly as many matches as the page shows: nothing was left out.
    page = client.get(reverse("jobs-vacancy", args=[vacancy.pk])).content.decode()
    assert "best matches are shown" not in page

    other = make_person(
        actor=vte_staff, given_name_latin="Bounmy", family_name_latin="Sisouk", birth_year=1990
    )
    enrolment = training_services.enrolment_create(
        actor=vte_staff, cohort=cohort, person=other, enrolled_on=cohort.starts_on
    )
    attend_all(vte_staff, cohort, [enrolment])
    assess_all(vte_staff, enrolment)
    training_services.enrolment_complete(actor=vte_staff, enrolment=enrolment)

    page = client.get(reverse("jobs-vacancy", args=[vacancy.pk]), HTTP_ACCEPT_LANGUAGE="lo").content.decode()
    assert "ສະແດງສະເພາະ 1 ຄົນທີ່ເໝາະສົມທີ່ສຸດ" in page


def test_a_vacancy_is_edited_on_its_page_by_those_who_manage_it(client, officer, vacancy, svk_staff):
    client.force_login(svk_staff)
    assert client.get(reverse("jobs-vacancy-edit", args=[vacancy.pk])).status_code in (403, 404)
    client.force_login(officer)
    page = client.get(reverse("jobs-vacancy", args=[vacancy.pk])).content.decode()
    assert reverse("jobs-vacancy-edit", args=[vacancy.pk]) in page
    form = client.get(reverse("jobs-vacancy-edit", args=[vacancy.pk])).content.decode()
    assert 'value="Sewing machine operator"' in form and 'name="employer"' not in form
    values = {
        "title_en": "Sewing machine operator",
        "isco_code": "7533",
        "sector": "garment",
        "openings": 4,
        "opens_on": "2021-05-01",
        "wage_monthly": 2600000,
    }

    refused = client.post(
        reverse("jobs-vacancy-edit", args=[vacancy.pk]), {**values, "closes_on": "2021-04-30"}
    )
    saved = client.post(reverse("jobs-vacancy-edit", args=[vacancy.pk]), values)

    assert (
        refused.status_code == 400 and "closing date is before the opening date" in refused.content.decode()
    )
    assert saved.status_code == 302 and saved["Location"] == reverse("jobs-vacancy", args=[vacancy.pk])
    vacancy.refresh_from_db()
    assert (vacancy.openings, vacancy.wage_monthly, vacancy.currency, vacancy.closes_on) == (
        4,
        2_600_000,
        "LAK",
        None,
    )


def test_the_api_corrects_a_vacancy_field_by_field(client, officer, vacancy):
    headers = _bearer(officer)
    url = f"/api/v1/jobs/vacancies/{vacancy.pk}"

    moved = client.patch(
        url, {"province": "TH-10", "openings": 3}, content_type="application/json", **headers
    )
    refused = client.patch(url, {"openings": 0}, content_type="application/json", **headers)

    assert moved.status_code == 200
    assert (moved.json()["openings"], moved.json()["title_en"]) == (3, "Sewing machine operator")
    vacancy.refresh_from_db()
    assert (vacancy.country_id, vacancy.province_id, vacancy.openings) == ("TH", "TH-10", 3)
    assert refused.status_code == 422 and "at least one opening" in refused.content.decode()
