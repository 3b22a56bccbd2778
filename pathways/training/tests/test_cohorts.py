import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pathways.core.models import AuditEvent
from pathways.testing.factories import make_person
from pathways.training import services
from pathways.training.conftest import END, START, assess_all, attend_all
from pathways.training.models import Assessment, Attendance, Enrolment, EnrolmentStatus


def test_enrolling_the_same_person_twice_is_refused_and_changes_nothing(vte_staff, cohort, trainee):
    services.enrolment_create(actor=vte_staff, cohort=cohort, person=trainee)

    with pytest.raises(ValidationError, match="already enrolled"):
        services.enrolment_create(actor=vte_staff, cohort=cohort, person=trainee)

    assert cohort.enrolments.count() == 1


def test_eligibility_rule_refuses_a_status_the_cohort_does_not_admit(vte_staff, cohort):
    prospective = make_person(actor=vte_staff, migrant_status="prospective")

    with pytest.raises(ValidationError, match="Not eligible"):
        services.enrolment_create(actor=vte_staff, cohort=cohort, person=prospective)

    family = make_person(actor=vte_staff, given_name_latin="Noy", migrant_status="family_member")
    services.enrolment_create(actor=vte_staff, cohort=cohort, person=family)
    assert list(cohort.enrolments.values_list("person_id", flat=True)) == [family.pk]


def test_a_full_cohort_refuses_more_but_a_dropout_frees_a_place(vte_staff, cohort):
    cohort.capacity = 1
    cohort.save()
    first = services.enrolment_create(
        actor=vte_staff, cohort=cohort, person=make_person(actor=vte_staff), enrolled_on=START
    )
    second = make_person(actor=vte_staff, given_name_latin="Bounmy")
    with pytest.raises(ValidationError, match="full"):
        services.enrolment_create(actor=vte_staff, cohort=cohort, person=second)

    services.enrolment_drop_out(actor=vte_staff, enrolment=first, reason="found_work", on=START)
    services.enrolment_create(actor=vte_staff, cohort=cohort, person=second)
    assert cohort.enrolments.count() == 2


def test_staff_cannot_enrol_a_person_outside_their_scope(vte_staff, svk_staff, cohort):
    svk_person = make_person(actor=svk_staff, home_province="LA-SV")
    with pytest.raises(Http404):
        services.enrolment_create(actor=vte_staff, cohort=cohort, person=svk_person)
    assert not cohort.enrolments.exists()


def test_staff_of_another_institution_cannot_run_the_cohort(svk_staff, cohort, trainee):
    with pytest.raises(Http404):
        services.attendance_day_save(actor=svk_staff, cohort=cohort, day=START, marks={})


def test_a_day_of_attendance_is_saved_at_once_and_can_be_corrected(vte_staff, cohort, enrolment):
    other = services.enrolment_create(
        actor=vte_staff, cohort=cohort, person=make_person(actor=vte_staff, given_name_latin="Bounmy")
    )
    services.attendance_day_save(
        actor=vte_staff,
        cohort=cohort,
        day=START,
        marks={str(enrolment.pk): "present", str(other.pk): "absent"},
    )
    services.attendance_day_save(actor=vte_staff, cohort=cohort, day=START, marks={str(other.pk): "excused"})

    assert dict(Attendance.objects.values_list("enrolment_id", "status")) == {
        enrolment.pk: "present",
        other.pk: "excused",
    }
    assert AuditEvent.objects.filter(action="attendance.day_save").count() == 2


def test_attendance_outside_the_cohort_dates_is_refused_and_nothing_saved(vte_staff, cohort, enrolment):
    with pytest.raises(ValidationError, match=r"outside this cohort's dates \(2021-03-01 to 2021-03-12\)"):
        services.attendance_day_save(
            actor=vte_staff,
            cohort=cohort,
            day=END + datetime.timedelta(days=1),
            marks={str(enrolment.pk): "present"},
        )
    assert not Attendance.objects.exists()


def test_one_bad_mark_refuses_the_whole_day(vte_staff, cohort, enrolment):
    other = services.enrolment_create(
        actor=vte_staff, cohort=cohort, person=make_person(actor=vte_staff, given_name_latin="Bounmy")
    )
    with pytest.raises(ValidationError) as error:
        services.attendance_day_save(
            actor=vte_staff,
            cohort=cohort,
            day=START,
            marks={str(enrolment.pk): "present", str(other.pk): "late"},
        )
    assert f"marks.{other.pk}" in error.value.message_dict
    assert not Attendance.objects.exists()


def test_completion_needs_attendance_share_and_every_unit_competent(vte_staff, assessor, cohort, enrolment):
    days = cohort.days()
    attend_all(vte_staff, cohort, [enrolment], days=days[:7])
    services.attendance_day_save(
        actor=vte_staff, cohort=cohort, day=days[7], marks={str(enrolment.pk): "absent"}
    )  # 7 of 8 days = 88%
    with pytest.raises(ValidationError, match="Not yet assessed competent in SEW-01, SEW-02, SEW-03"):
        services.enrolment_complete(actor=vte_staff, enrolment=enrolment)

    assess_all(assessor, enrolment)
    services.enrolment_complete(actor=vte_staff, enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED


def test_low_attendance_blocks_completion_with_the_numbers(vte_staff, assessor, cohort, enrolment):
    days = cohort.days()
    attend_all(vte_staff, cohort, [enrolment], days=days[:5])
    for day in days[5:10]:
        services.attendance_day_save(
            actor=vte_staff, cohort=cohort, day=day, marks={str(enrolment.pk): "absent"}
        )
    assess_all(assessor, enrolment)
    with pytest.raises(ValidationError, match=r"Attended 5 of 10 days \(50%\); the rule is at least 80%"):
        services.enrolment_complete(actor=vte_staff, enrolment=enrolment)
    assert Enrolment.objects.get(pk=enrolment.pk).status == "enrolled"


def test_assessment_by_a_user_who_is_not_an_assessor_is_refused(vte_staff, cohort, enrolment):
    unit = cohort.course.units.first()
    with pytest.raises(PermissionDenied, match="not a registered assessor"):
        services.assessment_record(
            actor=vte_staff, unit=unit, result="competent", assessed_on=END, enrolment=enrolment
        )
    assert not Assessment.objects.exists()


def test_dropout_needs_a_reason_and_is_on_the_timeline(vte_staff, cohort, enrolment, trainee):
    with pytest.raises(ValidationError, match="Say what the other reason is"):
        services.enrolment_drop_out(actor=vte_staff, enrolment=enrolment, reason="other", on=START)
    services.enrolment_drop_out(actor=vte_staff, enrolment=enrolment, reason="migrated", on=START)

    from pathways.people.timeline import person_timeline

    kinds = [e.kind for e in person_timeline(actor=vte_staff, person=trainee)]
    assert "training_dropped_out" in kinds and "training_enrolled" in kinds


def test_cohort_dates_and_isco_code_are_checked(vte_staff, course, vte_org):
    with pytest.raises(ValidationError) as error:
        services.cohort_create(
            actor=vte_staff,
            course=course,
            institution=vte_org,
            starts_on=END,
            ends_on=START,
            capacity=0,
            eligible_statuses=["tourist"],
        )
    assert set(error.value.message_dict) == {"ends_on", "capacity", "eligible_statuses"}
    course.isco_code = "753"
    with pytest.raises(ValidationError, match="4 digits"):
        course.full_clean()
