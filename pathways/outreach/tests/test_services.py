"""Information sessions and their attendance: the rules every entry point (page, API) goes through."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pathways.accounts.models import Role
from pathways.core.models import AuditEvent
from pathways.identity.services import person_merge
from pathways.outreach import selectors, services
from pathways.outreach.conftest import HELD
from pathways.people.timeline import person_timeline
from pathways.places.models import District, Province
from pathways.testing.factories import UserFactory, make_person


def test_a_session_is_recorded_for_ones_own_organisation_with_its_head_counts(svk_staff, vte_org, session):
    assert (session.women_not_named, session.men_not_named, session.venue) == (12, 9, "Ban Phonsaat")
    assert AuditEvent.objects.filter(action="information_session.create", object_id=str(session.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.session_create(
            actor=svk_staff,
            organisation=vte_org,
            held_on=HELD,
            topic="safe_migration",
            province=Province.objects.get(code="LA-VT"),
        )


def test_a_session_is_refused_with_errors_that_name_the_field(svk_staff, svk_org):
    vientiane_district = District.objects.filter(province_id="LA-VT").first()
    with pytest.raises(ValidationError) as refused:
        services.session_create(
            actor=svk_staff,
            organisation=svk_org,
            held_on=datetime.date.today() + datetime.timedelta(days=2),
            topic="gossip",
            province=Province.objects.get(code="LA-SV"),
            district=vientiane_district,
            women_not_named=-1,
        )
    assert set(refused.value.message_dict) == {"held_on", "topic", "district", "women_not_named"}
    assert "is not in" in refused.value.message_dict["district"][0]


def test_donors_and_case_workers_record_no_sessions(donor, svk_org):
    case_worker = UserFactory(role=Role.CASE_WORKER, organisation=svk_org, province_codes=["LA-SV"])
    for actor in (donor, case_worker):
        with pytest.raises(PermissionDenied):
            services.session_create(
                actor=actor,
                organisation=svk_org,
                held_on=HELD,
                topic="safe_migration",
                province=Province.objects.get(code="LA-SV"),
            )


def test_attendees_are_added_once_with_scores_and_counted_with_the_head_counts(svk_staff, session):
    noy = make_person(actor=svk_staff, given_name_latin="Noy", sex="female", home_province="LA-SV")
    keo = make_person(actor=svk_staff, given_name_latin="Keo", sex="male", home_province="LA-SV")
    services.attendance_add(actor=svk_staff, session=session, person_id=noy.pk, pre_test=40, post_test=80)
    attendance = services.attendance_add(actor=svk_staff, session=session, person_id=keo.pk)
    with pytest.raises(ValidationError, match="already on this session"):
        services.attendance_add(actor=svk_staff, session=session, person_id=noy.pk)
    with pytest.raises(ValidationError, match="from 0 to 100"):
        services.attendance_scores(actor=svk_staff, attendance=attendance, pre_test=120, post_test=None)
    services.attendance_scores(actor=svk_staff, attendance=attendance, pre_test=60, post_test=90)

    summary = selectors.session_summary(session, actor=svk_staff)

    assert (summary.total, summary.women, summary.men, summary.named) == (23, 13, 10, 2)
    assert (summary.pre_test, summary.post_test, summary.tested) == (50.0, 85.0, 2)
    assert AuditEvent.objects.filter(action="session_attendance.update", person_id=keo.pk).count() == 1


def test_attendees_outside_the_actors_scope_are_neither_added_nor_listed(svk_staff, vte_staff, session):
    vientiane = make_person(actor=vte_staff, given_name_latin="Phet", home_province="LA-VT")
    with pytest.raises(Http404):
        services.attendance_add(actor=svk_staff, session=session, person_id=vientiane.pk)
    local = make_person(actor=svk_staff, given_name_latin="Noy", home_province="LA-SV")
    services.attendance_add(actor=svk_staff, session=session, person_id=local.pk)
    # Vientiane staff see the session (not personal data) but not the Savannakhet attendee, nor may they add.
    assert list(selectors.session_attendees(actor=vte_staff, session=session)) == []
    with pytest.raises(PermissionDenied):
        services.attendance_add(actor=vte_staff, session=session, person_id=vientiane.pk)


def test_a_session_is_corrected_under_the_same_rules_and_only_by_those_who_manage_it(
    svk_staff, vte_staff, session
):
    with pytest.raises(ValidationError, match="cannot be negative"):
        services.session_update(actor=svk_staff, session=session, men_not_named=-3)
    with pytest.raises(PermissionDenied):
        services.session_update(actor=vte_staff, session=session, men_not_named=10)
    with pytest.raises(TypeError, match="organisation"):
        services.session_update(actor=svk_staff, session=session, organisation=None)

    services.session_update(actor=svk_staff, session=session, men_not_named=10, topic="trafficking")

    session.refresh_from_db()
    assert (session.men_not_named, session.topic, session.women_not_named) == (10, "trafficking", 12)
    event = AuditEvent.objects.get(action="information_session.update")
    assert set(event.changed_fields) == {"men_not_named", "topic"}


def test_the_attendance_is_on_the_persons_timeline_and_follows_a_merge(svk_staff, officer, session):
    noy = make_person(actor=svk_staff, given_name_latin="Noy", home_province="LA-SV")
    twin = make_person(
        actor=svk_staff, given_name_latin="Noy", family_name_latin="Keo", home_province="LA-SV"
    )
    services.attendance_add(actor=svk_staff, session=session, person_id=twin.pk, pre_test=30, post_test=70)

    person_merge(actor=officer, survivor=noy, merged=twin)

    entries = [e for e in person_timeline(actor=officer, person=noy) if e.kind == "information_session"]
    assert len(entries) == 1 and entries[0].when == HELD
    assert "Safe migration" in entries[0].title and "30% → 70%" in entries[0].detail
    with pytest.raises(ValidationError, match="merged into"):
        services.attendance_add(actor=svk_staff, session=session, person_id=twin.pk)


def test_two_records_of_one_person_at_the_same_session_count_once_after_their_merge(
    svk_staff, officer, session
):
    noy = make_person(actor=svk_staff, given_name_latin="Noy", sex="female", home_province="LA-SV")
    twin = make_person(actor=svk_staff, given_name_latin="Noy", family_name_latin="K", sex="female")
    services.attendance_add(actor=svk_staff, session=session, person_id=noy.pk)
    services.attendance_add(actor=svk_staff, session=session, person_id=twin.pk)

    person_merge(actor=officer, survivor=noy, merged=twin)

    summary = selectors.session_summary(session, actor=officer)
    assert (summary.named, summary.women, summary.total) == (1, 13, 22)
    assert selectors.session_get(actor=officer, session_id=session.pk).named == 1


def test_average_scores_cover_only_the_attendees_the_viewer_may_see(svk_staff, vte_staff, officer, session):
    noy = make_person(actor=svk_staff, given_name_latin="Noy", home_province="LA-SV")
    services.attendance_add(actor=svk_staff, session=session, person_id=noy.pk, pre_test=13, post_test=47)

    assert selectors.session_summary(session, actor=officer).tested == 1
    hidden = selectors.session_summary(session, actor=vte_staff)
    assert (hidden.tested, hidden.pre_test, hidden.named) == (0, None, 1)
