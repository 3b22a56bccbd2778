"""Vacancies, placements and follow-ups: the rules every entry point (page, API, import) goes through."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pathways.accounts.models import Role
from pathways.core.models import AuditEvent
from pathways.identity.services import person_merge
from pathways.jobs import selectors, services
from pathways.jobs.conftest import STARTED
from pathways.jobs.models import Placement, RetentionFollowUp, VacancyStatus, add_months
from pathways.people.timeline import person_timeline
from pathways.testing.factories import OrganisationFactory, UserFactory, make_person
from pathways.training.models import Certificate


def hire(actor, person, employer, recorded_by, **values):
    """A placement as a sewer from STARTED unless told otherwise."""
    return services.placement_create(
        actor=actor,
        person=person,
        employer=employer,
        recorded_by_organisation=recorded_by,
        **{"job_title": "Sewer", "starts_on": STARTED, **values},
    )


def test_a_placement_from_a_vacancy_takes_its_employer_title_place_and_wage_and_fills_it(
    officer, trained, vacancy, vte_org
):
    placement = services.placement_create(
        actor=officer, person=trained, vacancy=vacancy, recorded_by_organisation=vte_org, starts_on=STARTED
    )
    assert (placement.employer, placement.job_title, placement.isco_code) == (
        vacancy.employer,
        "Sewing machine operator",
        "7533",
    )
    assert (placement.country_id, placement.province_id, placement.is_abroad) == ("LA", "LA-VT", False)
    assert (placement.wage_monthly, placement.currency) == (2_500_000, "LAK")
    assert AuditEvent.objects.filter(action="placement.create", person_id=trained.pk).exists()
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN  # 1 of 2 openings

    second = make_person(actor=officer, given_name_latin="Noy")
    services.placement_create(
        actor=officer, person=second, vacancy=vacancy, recorded_by_organisation=vte_org, starts_on=STARTED
    )
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.FILLED
    third = make_person(actor=officer, given_name_latin="Daovone")
    with pytest.raises(ValidationError, match="This vacancy is filled"):
        services.placement_create(
            actor=officer, person=third, vacancy=vacancy, recorded_by_organisation=vte_org, starts_on=STARTED
        )


def test_a_job_abroad_takes_the_employers_country_and_currency(officer, trained, thai_employer, vte_org):
    placement = services.placement_create(
        actor=officer,
        person=trained,
        employer=thai_employer,
        recorded_by_organisation=vte_org,
        job_title="Sewer",
        starts_on=STARTED,
        wage_monthly=9_500,
    )
    assert (placement.country_id, placement.province_id, placement.currency) == ("TH", "TH-11", "THB")
    assert placement.is_abroad


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"starts_on": datetime.date.today() + datetime.timedelta(days=3)}, "starts_on", "in the future"),
        ({"ends_on": STARTED - datetime.timedelta(days=1)}, "ends_on", "before the start date"),
        ({"isco_code": "75"}, "isco_code", "exactly 4 digits"),
        ({"province": "LA-SV", "country": "TH"}, "province", "is not in Thailand"),
        ({"job_title": ""}, "job_title", "Give the job title"),
    ],
)
def test_placements_are_refused_with_errors_that_name_the_field(
    officer, trained, employer, vte_org, change, field, message
):
    from pathways.places.models import Country, Province

    values = {"job_title": "Sewer", "starts_on": STARTED, **change}
    if "province" in values:
        values["province"] = Province.objects.get(pk=values["province"])
    if "country" in values:
        values["country"] = Country.objects.get(pk=values["country"])
    with pytest.raises(ValidationError) as error:
        services.placement_create(
            actor=officer, person=trained, employer=employer, recorded_by_organisation=vte_org, **values
        )
    assert message in " ".join(error.value.message_dict[field])
    assert Placement.objects.count() == 0


def test_the_employer_must_be_an_employer(officer, trained, vte_org):
    with pytest.raises(ValidationError, match="not an employer"):
        hire(officer, trained, vte_org, vte_org)


def test_the_same_person_employer_and_start_date_is_one_placement(officer, placement, employer, vte_org):
    with pytest.raises(ValidationError, match="already"):
        services.placement_create(
            actor=officer,
            person=placement.person,
            employer=employer,
            recorded_by_organisation=vte_org,
            job_title="Sewer",
            starts_on=STARTED,
        )
    assert Placement.objects.count() == 1


def test_a_record_merged_into_another_is_refused_with_the_survivor(officer, trained, employer, vte_org):
    twin = make_person(actor=officer, given_name_latin="Manivanh", family_name_latin="Keo")
    person_merge(actor=officer, survivor=trained, merged=twin)
    with pytest.raises(ValidationError, match=str(trained.pk)):
        hire(officer, twin, employer, vte_org)


def test_partner_staff_record_only_for_their_own_organisation_and_case_workers_not_at_all(
    trained, employer, vte_staff, vte_org, svk_org
):
    with pytest.raises(PermissionDenied):
        hire(vte_staff, trained, employer, svk_org)
    # On behalf of their own skills centre, at any employer: allowed.
    hire(vte_staff, trained, employer, vte_org)
    case_worker = UserFactory(role=Role.CASE_WORKER, organisation=vte_org, province_codes=["LA-VT"])
    with pytest.raises(PermissionDenied):
        hire(
            case_worker,
            trained,
            employer,
            vte_org,
            starts_on=STARTED + datetime.timedelta(days=1),
        )


def test_an_employers_staff_record_hires_at_their_own_employer_only(
    trained, employer, thai_employer, vte_staff
):
    hr = UserFactory(role=Role.PARTNER_STAFF, organisation=employer, province_codes=["LA-VT"])
    placement = hire(hr, trained, employer, employer)
    assert placement.recorded_by_organisation == employer
    with pytest.raises(PermissionDenied):
        hire(hr, trained, thai_employer, employer)


def test_placements_are_seen_only_by_those_who_see_the_person(placement, vte_staff, svk_staff, officer):
    assert selectors.placement_get(actor=vte_staff, placement_id=placement.pk) == placement
    assert selectors.placement_get(actor=officer, placement_id=placement.pk) == placement
    with pytest.raises(Http404):
        selectors.placement_get(actor=svk_staff, placement_id=placement.pk)
    assert not selectors.placement_list(actor=svk_staff).exists()


def test_due_dates_are_whole_months_after_the_start():
    assert add_months(datetime.date(2021, 1, 31), 3) == datetime.date(2021, 4, 30)
    assert add_months(datetime.date(2021, 11, 30), 3) == datetime.date(2022, 2, 28)
    assert add_months(datetime.date(2021, 6, 1), 6) == datetime.date(2021, 12, 1)


def test_a_follow_up_is_refused_before_it_is_due_and_recorded_once(officer, placement):
    with pytest.raises(ValidationError, match="due on 2021-09-01"):
        services.follow_up_record(
            actor=officer,
            placement=placement,
            checkpoint=3,
            checked_on=datetime.date(2021, 8, 31),
            still_employed=True,
        )
    services.follow_up_record(
        actor=officer,
        placement=placement,
        checkpoint=3,
        checked_on=datetime.date(2021, 9, 2),
        still_employed=True,
    )
    with pytest.raises(ValidationError, match="already recorded"):
        services.follow_up_record(
            actor=officer,
            placement=placement,
            checkpoint=3,
            checked_on=datetime.date(2021, 9, 3),
            still_employed=False,
        )
    with pytest.raises(ValidationError, match="3 or 6"):
        services.follow_up_record(
            actor=officer,
            placement=placement,
            checkpoint=4,
            checked_on=datetime.date(2021, 10, 3),
            still_employed=True,
        )
    assert RetentionFollowUp.objects.count() == 1
    assert AuditEvent.objects.filter(action="follow_up.record", person_id=placement.person_id).count() == 1


def test_a_person_not_reached_closes_the_checkpoint_without_an_answer_or_a_wage(officer, placement):
    with pytest.raises(ValidationError, match="could not be reached: leave the wage empty"):
        services.follow_up_record(
            actor=officer,
            placement=placement,
            checkpoint=3,
            checked_on=datetime.date(2021, 10, 20),
            still_employed=None,
            current_wage=2_000_000,
        )
    assert not RetentionFollowUp.objects.exists()
    follow_up = services.follow_up_record(
        actor=officer,
        placement=placement,
        checkpoint=3,
        checked_on=datetime.date(2021, 10, 20),
        still_employed=None,
        note="  No answer on three calls ",
    )
    assert (follow_up.reached, follow_up.still_employed, follow_up.note) == (
        False,
        None,
        "No answer on three calls",
    )
    rows = selectors.follow_ups_due(actor=officer, today=datetime.date(2021, 11, 20))
    assert [(r.checkpoint, r.state) for r in rows] == [(6, "due_soon")]  # the 3-month one is closed
    entries = [e.title for e in person_timeline(actor=officer, person=placement.person)]
    assert any("3-month follow-up: could not be reached" in t for t in entries)


def test_a_recorded_follow_up_is_corrected_under_the_same_rules_and_audited(officer, placement, svk_staff):
    follow_up = services.follow_up_record(
        actor=officer,
        placement=placement,
        checkpoint=3,
        checked_on=datetime.date(2021, 9, 2),
        still_employed=True,
        current_wage=2_500_000,
    )
    with pytest.raises(ValidationError, match="leave the wage empty"):
        services.follow_up_update(actor=officer, follow_up=follow_up, still_employed=None)
    with pytest.raises(ValidationError, match="due on 2021-09-01"):
        services.follow_up_update(actor=officer, follow_up=follow_up, checked_on=datetime.date(2021, 8, 1))
    with pytest.raises(Http404):  # outside their scope: not even seen
        services.follow_up_update(actor=svk_staff, follow_up=follow_up, note="x")
    with pytest.raises(TypeError, match="checkpoint"):
        services.follow_up_update(actor=officer, follow_up=follow_up, checkpoint=6)
    corrected = services.follow_up_update(
        actor=officer, follow_up=follow_up, still_employed=None, current_wage=None, note=" No answer "
    )
    follow_up.refresh_from_db()
    assert (follow_up.still_employed, follow_up.current_wage, follow_up.note) == (None, None, "No answer")
    assert corrected.checkpoint == 3
    event = AuditEvent.objects.get(action="follow_up.update")
    assert set(event.changed_fields) == {"still_employed", "current_wage", "note"}
    before = follow_up.updated_at
    services.follow_up_update(actor=officer, follow_up=follow_up, note="No answer")  # nothing changes
    follow_up.refresh_from_db()
    assert (
        follow_up.updated_at == before and AuditEvent.objects.filter(action="follow_up.update").count() == 1
    )


def test_the_database_refuses_a_wage_for_a_person_not_reached(officer, placement):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RetentionFollowUp.objects.create(
            placement=placement,
            checkpoint=3,
            checked_on=datetime.date(2021, 10, 20),
            still_employed=None,
            current_wage=1,
        )


def test_follow_ups_due_are_listed_overdue_due_and_soon_for_those_who_may_record_them(
    officer, placement, svk_staff
):
    rows = selectors.follow_ups_due(actor=officer, today=datetime.date(2021, 9, 10))
    assert [(r.checkpoint, r.state) for r in rows] == [(3, "due")]
    rows = selectors.follow_ups_due(actor=officer, today=datetime.date(2021, 11, 20))
    assert [(r.checkpoint, r.state) for r in rows] == [(3, "overdue"), (6, "due_soon")]
    services.follow_up_record(
        actor=officer,
        placement=placement,
        checkpoint=3,
        checked_on=datetime.date(2021, 9, 2),
        still_employed=True,
    )
    rows = selectors.follow_ups_due(actor=officer, today=datetime.date(2021, 11, 20))
    assert [(r.checkpoint, r.state) for r in rows] == [(6, "due_soon")]
    assert selectors.follow_ups_due(actor=svk_staff, today=datetime.date(2021, 11, 20)) == []


def test_matching_finds_trained_people_in_scope_by_occupation_then_sector(
    officer, trained, vacancy, vte_staff, svk_staff, course
):
    matches = selectors.vacancy_matches(actor=vte_staff, vacancy=vacancy)
    assert [(m.person, m.by_occupation) for m in matches] == [(trained, True)]
    assert selectors.vacancy_matches(actor=svk_staff, vacancy=vacancy) == []  # not in their scope

    course.isco_code = "8153"
    course.save()
    assert [
        (m.person, m.by_occupation) for m in selectors.vacancy_matches(actor=officer, vacancy=vacancy)
    ] == [(trained, False)]
    services.placement_create(
        actor=officer,
        person=trained,
        vacancy=vacancy,
        recorded_by_organisation=vacancy.posted_by,
        starts_on=STARTED,
    )
    assert selectors.vacancy_matches(actor=officer, vacancy=vacancy) == []


def test_a_revoked_certificate_alone_does_not_match(officer, vacancy, course, cohort):
    person = make_person(actor=officer, given_name_latin="Noy")
    enrolment = cohort.enrolments.create(
        person=person, enrolled_on=cohort.starts_on
    )  # enrolled, not completed
    Certificate.objects.create(
        number="PW-2021-999999",
        person=person,
        enrolment=enrolment,
        course=course,
        institution=cohort.institution,
        holder_name="Noy",
        issued_on=cohort.ends_on,
        payload="x",
        key_id="dev",
        revoked_at=datetime.datetime(2021, 4, 1, tzinfo=datetime.UTC),
    )
    assert selectors.vacancy_matches(actor=officer, vacancy=vacancy) == []
    Certificate.objects.filter(person=person).update(revoked_at=None)
    assert [m.certificate for m in selectors.vacancy_matches(actor=officer, vacancy=vacancy)] == [
        "PW-2021-999999"
    ]


def test_placement_and_follow_ups_appear_on_the_persons_timeline(officer, placement):
    services.follow_up_record(
        actor=officer,
        placement=placement,
        checkpoint=3,
        checked_on=datetime.date(2021, 9, 2),
        still_employed=False,
    )
    services.placement_update(actor=officer, placement=placement, ends_on=datetime.date(2021, 8, 15))
    entries = {e.kind: e for e in person_timeline(actor=officer, person=placement.person)}
    assert "Started work as Sewing machine operator at TRIMAX" in entries["placement"].title
    assert entries["placement_ended"].when == datetime.date(2021, 8, 15)
    assert "no longer employed" in entries["retention_follow_up"].title


def test_vacancies_are_posted_by_national_staff_or_for_ones_own_organisation(
    employer, vte_staff, svk_org, vte_org
):
    values = {
        "title_en": "Sewer",
        "isco_code": "7533",
        "sector": "garment",
        "openings": 1,
        "opens_on": datetime.date(2021, 5, 1),
    }
    with pytest.raises(PermissionDenied):
        services.vacancy_create(actor=vte_staff, employer=employer, posted_by=svk_org, **values)
    vacancy = services.vacancy_create(actor=vte_staff, employer=employer, posted_by=vte_org, **values)
    assert (vacancy.country_id, vacancy.province_id) == ("LA", "LA-VT")
    with pytest.raises(ValidationError, match="not an employer"):
        services.vacancy_create(actor=vte_staff, employer=vte_org, posted_by=vte_org, **values)
    other = OrganisationFactory(kind="mrc")
    svk_vacancy_poster = UserFactory(role=Role.PARTNER_STAFF, organisation=other)
    with pytest.raises(PermissionDenied):
        services.vacancy_set_status(actor=svk_vacancy_poster, vacancy=vacancy, status="closed")
    services.vacancy_set_status(actor=vte_staff, vacancy=vacancy, status="closed")
    vacancy.refresh_from_db()
    assert vacancy.status == "closed"


def test_a_vacancy_is_corrected_under_the_posting_rules_by_those_who_manage_it_and_audited(
    officer, vacancy, placement, svk_staff, vte_org
):
    second = make_person(actor=officer, given_name_latin="Noy")
    services.placement_create(
        actor=officer, person=second, vacancy=vacancy, recorded_by_organisation=vte_org, starts_on=STARTED
    )
    with pytest.raises(ValidationError, match="2 placed in this vacancy already"):
        services.vacancy_update(actor=officer, vacancy=vacancy, openings=1)
    with pytest.raises(ValidationError) as refused:
        services.vacancy_update(
            actor=officer, vacancy=vacancy, isco_code="75", closes_on=datetime.date(2021, 4, 1), title_en=" "
        )
    assert set(refused.value.message_dict) == {"isco_code", "closes_on", "title_en"}
    with pytest.raises(PermissionDenied):
        services.vacancy_update(actor=svk_staff, vacancy=vacancy, openings=5)
    with pytest.raises(TypeError, match="employer"):
        services.vacancy_update(actor=officer, vacancy=vacancy, employer=None)

    events_before = set(AuditEvent.objects.filter(action="vacancy.update").values_list("pk", flat=True))
    services.vacancy_update(
        actor=officer, vacancy=vacancy, openings=5, title_en=" Sewer ", closes_on=datetime.date(2021, 6, 30)
    )

    vacancy.refresh_from_db()
    assert (vacancy.openings, vacancy.title_en, vacancy.closes_on) == (5, "Sewer", datetime.date(2021, 6, 30))
    assert (vacancy.isco_code, vacancy.wage_monthly, vacancy.currency) == ("7533", 2_500_000, "LAK")
    # Two placed filled its two openings; five openings open it again.
    assert vacancy.status == "open"
    event = AuditEvent.objects.filter(action="vacancy.update").exclude(pk__in=events_before).get()
    assert set(event.changed_fields) == {"openings", "title_en", "closes_on", "status"}
    services.vacancy_update(actor=officer, vacancy=vacancy, openings=5)  # nothing changes: no event
    assert AuditEvent.objects.filter(action="vacancy.update").count() == len(events_before) + 1
    # Back to as many openings as people placed: filled, and it cannot be opened by its status alone.
    services.vacancy_update(actor=officer, vacancy=vacancy, openings=2)
    vacancy.refresh_from_db()
    assert vacancy.status == "filled"
    with pytest.raises(ValidationError, match="All 2 openings are placed"):
        services.vacancy_set_status(actor=officer, vacancy=vacancy, status="open")


def test_the_dashboard_counts_of_follow_ups_due_match_the_list_on_every_day_month_ends_included(
    officer, placement
):
    from pathways.jobs.models import Placement

    for starts_on in (datetime.date(2021, 1, 31), datetime.date(2020, 11, 30), placement.starts_on):
        Placement.objects.filter(pk=placement.pk).update(starts_on=starts_on)
        for offset in range(0, 330, 1):
            today = starts_on + datetime.timedelta(days=offset)
            rows = selectors.follow_ups_due(actor=officer, today=today)
            expected = (len(rows), sum(1 for r in rows if r.state == "overdue"))
            assert selectors.follow_ups_due_counts(actor=officer, today=today) == expected, (starts_on, today)
