"""Cohorts, enrolment, attendance, dropout and completion."""

import contextlib
import datetime
import re
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.core import audit
from pathways.partners.models import Organisation
from pathways.people import selectors as people_selectors
from pathways.people.models import MigrantStatus, Person
from pathways.training import access
from pathways.training.models import (
    Attendance,
    AttendanceStatus,
    Cohort,
    CohortKind,
    Course,
    DropoutReason,
    Enrolment,
    EnrolmentStatus,
)
from pathways.training.selectors import enrolment_progress


def check_can_run(actor, cohort: Cohort) -> None:
    """Raise 404 for a cohort the actor cannot see and 403 for a role that may not write."""
    if not Cohort.objects.filter(access.cohorts_visible_to(actor), pk=cohort.pk).exists():
        raise Http404("No such cohort.")
    access.require_writer(actor)


def cohort_code_for(*, course: Course, institution: Organisation, starts_on: datetime.date) -> str:
    """Propose a free code: course, institution and month, e.g. SEW-2W-LKSDI-2021-03 (then -2, -3...)."""
    who = re.sub(r"[^A-Z0-9]+", "", (institution.acronym or institution.name_en).upper())[:12]
    base = re.sub(r"[^A-Z0-9._-]+", "-", f"{course.code.upper()}-{who}-{starts_on:%Y-%m}").strip("-")[:36]
    code, n = base, 1
    while Cohort.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def _clean_code(code: str, errors: dict) -> str:
    code = (code or "").strip().upper()
    if code and not re.fullmatch(r"[A-Z0-9][A-Z0-9._-]{0,39}", code):
        errors["code"] = _(
            "Use up to 40 capital letters, digits, dots, dashes and underscores for the code, "
            "e.g. SEW-2021-03."
        )
    elif code and Cohort.objects.filter(code=code).exists():
        errors["code"] = _("Another cohort already has the code %(code)s; choose another.") % {"code": code}
    return code


@transaction.atomic
def cohort_create(
    *,
    actor,
    course: Course,
    institution: Organisation,
    starts_on: datetime.date,
    ends_on: datetime.date,
    capacity: int,
    kind: str = CohortKind.TRAINING,
    name: str = "",
    code: str = "",
    trainers: Iterable = (),
    funding_project=None,
    eligible_statuses: Iterable[str] = (),
    min_attendance_share: Decimal | float = Decimal("0.80"),
    assessment_required: bool = True,
) -> Cohort:
    """Open a cohort of a course at an institution the actor works for (or any, for national roles).

    Without a code one is made from the course, the institution and the month.
    """
    if not Organisation.objects.filter(access.institutions_visible_to(actor), pk=institution.pk).exists():
        raise PermissionDenied(_("You may only open cohorts at your own institution."))
    access.require_writer(actor)
    errors: dict[str, str] = {}
    code = _clean_code(code, errors)
    if ends_on < starts_on:
        errors["ends_on"] = _("The last day is before the first day.")
    if capacity < 1:
        errors["capacity"] = _("A cohort needs at least one place.")
    if kind not in CohortKind.values:
        errors["kind"] = _("Choose training or training of trainers.")
    statuses = list(dict.fromkeys(eligible_statuses))
    unknown = [s for s in statuses if s not in MigrantStatus.values]
    if unknown:
        errors["eligible_statuses"] = _("Unknown migrant status %(s)s; use %(choices)s.") % {
            "s": ", ".join(unknown),
            "choices": ", ".join(MigrantStatus.values),
        }
    share = Decimal(str(min_attendance_share))
    if not Decimal(0) <= share <= Decimal(1):
        errors["min_attendance_share"] = _(
            "Give the minimum attendance as a share between 0 and 1, e.g. 0.8."
        )
    if course.offered_by.exists() and not course.offered_by.filter(pk=institution.pk).exists():
        errors["institution"] = _(
            "%(institution)s does not offer %(course)s; add it to the course first."
        ) % {
            "institution": institution,
            "course": course,
        }
    if errors:
        raise ValidationError(errors)
    cohort = Cohort.objects.create(
        course=course,
        institution=institution,
        name=name,
        code=code or cohort_code_for(course=course, institution=institution, starts_on=starts_on),
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=capacity,
        funding_project=funding_project,
        eligible_statuses=statuses,
        min_attendance_share=share,
        assessment_required=assessment_required,
        created_by=actor,
    )
    cohort.trainers.set(list(trainers))
    audit.record(actor=actor, action="cohort.create", obj=cohort)
    return cohort


@transaction.atomic
def enrolment_create(
    *,
    actor,
    cohort: Cohort,
    person: Person,
    institution: Organisation | None = None,
    enrolled_on: datetime.date | None = None,
) -> Enrolment:
    """Enrol a person, refusing duplicates, full cohorts and people the cohort's rule does not admit."""
    person = people_selectors.person_get(actor=actor, person_id=person.pk)
    check_can_run(actor, cohort)
    # The row lock makes the capacity check hold when two trainers enrol at once.
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.enrolments.filter(person=person).exists():
        raise ValidationError(
            {"person": _("%(name)s is already enrolled in this cohort.") % {"name": person.display_name}}
        )
    taken = cohort.enrolments.exclude(status=EnrolmentStatus.DROPPED_OUT).count()
    if taken >= cohort.capacity:
        raise ValidationError({"cohort": _("This cohort is full (%(n)d places).") % {"n": cohort.capacity}})
    if cohort.eligible_statuses and person.migrant_status not in cohort.eligible_statuses:
        allowed = ", ".join(str(MigrantStatus(s).label) for s in cohort.eligible_statuses)
        raise ValidationError(
            {
                "person": _(
                    "Not eligible: this cohort admits %(allowed)s; %(name)s is recorded as %(status)s."
                )
                % {
                    "allowed": allowed,
                    "name": person.display_name,
                    "status": person.get_migrant_status_display(),
                }
            }
        )
    if cohort.kind == CohortKind.TRAINING_OF_TRAINERS and institution is None:
        raise ValidationError(
            {
                "institution": _(
                    "Training of trainers: give the partner institution this participant works for."
                )
            }
        )
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                cohort=cohort,
                person=person,
                institution=institution,
                enrolled_on=enrolled_on or timezone.localdate(),
                enrolled_by=actor,
            )
    except IntegrityError:
        raise ValidationError(
            {"person": _("%(name)s is already enrolled in this cohort.") % {"name": person.display_name}}
        ) from None
    audit.record(actor=actor, action="enrolment.create", obj=enrolment, person_id=person.pk)
    return enrolment


@transaction.atomic
def attendance_day_save(
    *, actor, cohort: Cohort, day: datetime.date, marks: Mapping[str, str]
) -> list[Attendance]:
    """Save a whole day's attendance for the cohort at once: every mark is saved, or none."""
    check_can_run(actor, cohort)
    if not cohort.starts_on <= day <= cohort.ends_on:
        raise ValidationError(
            {
                "day": _("%(day)s is outside this cohort's dates (%(start)s to %(end)s); nothing was saved.")
                % {
                    "day": day.isoformat(),
                    "start": cohort.starts_on.isoformat(),
                    "end": cohort.ends_on.isoformat(),
                }
            }
        )
    if day > timezone.localdate():
        raise ValidationError(
            {"day": _("%(day)s has not come yet; nothing was saved.") % {"day": day.isoformat()}}
        )
    # Only the participants being marked: an import marks one per call, and loading the whole cohort for each
    # row made a cohort's sheet quadratic.
    wanted = []
    for key in marks:
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            wanted.append(uuid.UUID(str(key)))
    enrolments = {
        str(e.pk): e
        for e in cohort.enrolments.filter(access.people_visible_to(actor), pk__in=wanted)
        .select_related("person")
        .order_by()
    }
    errors: dict[str, str] = {}
    for key, status in marks.items():
        enrolment = enrolments.get(str(key))
        if enrolment is None:
            errors[f"marks.{key}"] = _("Not a participant of this cohort.")
        elif status not in AttendanceStatus.values:
            errors[f"marks.{key}"] = _("Mark present, absent or excused.")
        elif (
            enrolment.status == EnrolmentStatus.DROPPED_OUT
            and enrolment.dropped_out_on
            and day > enrolment.dropped_out_on
        ):
            errors[f"marks.{key}"] = _("%(name)s dropped out on %(date)s.") % {
                "name": enrolment.person.display_name,
                "date": enrolment.dropped_out_on.isoformat(),
            }
    if errors:
        raise ValidationError(errors)
    rows = [
        Attendance(enrolment=enrolments[str(key)], day=day, status=status, recorded_by=actor)
        for key, status in marks.items()
    ]
    Attendance.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["enrolment", "day"],
        update_fields=["status", "recorded_by", "recorded_at"],
    )
    audit.record(
        actor=actor,
        action="attendance.day_save",
        obj=cohort,
        changed_fields=[f"day:{day.isoformat()}", f"marks:{len(rows)}"],
    )
    return rows


@transaction.atomic
def enrolment_update(
    *,
    actor,
    enrolment: Enrolment,
    enrolled_on: datetime.date | None = None,
    institution: Organisation | None = None,
) -> Enrolment:
    """Correct the enrolment date or (training of trainers) the participant's institution; None keeps it."""
    people_selectors.person_get(actor=actor, person_id=enrolment.person_id)
    check_can_run(actor, enrolment.cohort)
    errors: dict[str, str] = {}
    changed = []
    if enrolled_on is not None and enrolled_on != enrolment.enrolled_on:
        ended = enrolment.dropped_out_on or enrolment.completed_on
        if ended and enrolled_on > ended:
            errors["enrolled_on"] = _(
                "The enrolment date is after the participant left or completed (%(date)s)."
            ) % {"date": ended.isoformat()}
        enrolment.enrolled_on = enrolled_on
        changed.append("enrolled_on")
    if institution is not None and institution.pk != enrolment.institution_id:
        enrolment.institution = institution
        changed.append("institution")
    if errors:
        raise ValidationError(errors)
    if changed:
        enrolment.save(update_fields=[*changed, "updated_at"])
        audit.record(
            actor=actor,
            action="enrolment.update",
            obj=enrolment,
            changed_fields=changed,
            person_id=enrolment.person_id,
        )
    return enrolment


@transaction.atomic
def enrolment_drop_out(
    *, actor, enrolment: Enrolment, reason: str, on: datetime.date, note: str = ""
) -> Enrolment:
    """Record that a participant left the course, with the reason partners report to donors."""
    people_selectors.person_get(actor=actor, person_id=enrolment.person_id)
    check_can_run(actor, enrolment.cohort)
    errors = {}
    if enrolment.status != EnrolmentStatus.ENROLLED:
        errors["status"] = _("Only an enrolled participant can drop out (this one is %(status)s).") % {
            "status": enrolment.get_status_display()
        }
    if reason not in DropoutReason.values:
        errors["reason"] = _("Choose a reason for dropping out.")
    if reason == DropoutReason.OTHER and not note.strip():
        errors["note"] = _("Say what the other reason is.")
    if on > timezone.localdate():
        errors["on"] = _("The date is in the future.")
    if on < enrolment.enrolled_on:
        errors["on"] = _("The date is before the enrolment (%(date)s).") % {
            "date": enrolment.enrolled_on.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    enrolment.status = EnrolmentStatus.DROPPED_OUT
    enrolment.dropped_out_on = on
    enrolment.dropout_reason = reason
    enrolment.dropout_note = note.strip()
    enrolment.save(update_fields=["status", "dropped_out_on", "dropout_reason", "dropout_note", "updated_at"])
    audit.record(
        actor=actor,
        action="enrolment.drop_out",
        obj=enrolment,
        changed_fields=["status", "dropped_out_on", "dropout_reason"],
        person_id=enrolment.person_id,
    )
    return enrolment


def completion_problems(enrolment: Enrolment) -> list[str]:
    """Say why the enrolment does not (yet) meet the cohort's completion rule; empty when it does."""
    cohort = enrolment.cohort
    progress = enrolment_progress(enrolment)
    problems = []
    if progress.session_days == 0:
        problems.append(_("No attendance has been recorded for this cohort."))
    elif progress.share < cohort.min_attendance_share:
        problems.append(
            _("Attended %(present)d of %(days)d days (%(share)d%%); the rule is at least %(min)d%%.")
            % {
                "present": progress.present_days,
                "days": progress.session_days,
                "share": round(progress.share * 100),
                "min": round(cohort.min_attendance_share * 100),
            }
        )
    if cohort.assessment_required and progress.units_missing:
        problems.append(
            _("Not yet assessed competent in %(units)s.") % {"units": ", ".join(progress.units_missing)}
        )
    return problems


@transaction.atomic
def enrolment_complete(*, actor, enrolment: Enrolment, on: datetime.date | None = None) -> Enrolment:
    """Mark the participant as having completed, if the cohort's attendance and assessment rules are met."""
    people_selectors.person_get(actor=actor, person_id=enrolment.person_id)
    check_can_run(actor, enrolment.cohort)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(
            {
                "status": _("Only an enrolled participant can complete (this one is %(status)s).")
                % {"status": enrolment.get_status_display()}
            }
        )
    problems = completion_problems(enrolment)
    if problems:
        raise ValidationError({"status": " ".join(problems)})
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_on = on or min(enrolment.cohort.ends_on, timezone.localdate())
    enrolment.save(update_fields=["status", "completed_on", "updated_at"])
    audit.record(
        actor=actor,
        action="enrolment.complete",
        obj=enrolment,
        changed_fields=["status", "completed_on"],
        person_id=enrolment.person_id,
    )
    return enrolment


def cohort_complete_all(*, actor, cohort: Cohort) -> tuple[list[Enrolment], dict[Enrolment, list[str]]]:
    """Complete every enrolled participant who meets the rules; say why the others do not."""
    done, not_done = [], {}
    for enrolment in cohort.enrolments.filter(
        access.people_visible_to(actor), status=EnrolmentStatus.ENROLLED
    ).select_related("person", "cohort"):
        problems = completion_problems(enrolment)
        if problems:
            not_done[enrolment] = problems
        else:
            done.append(enrolment_complete(actor=actor, enrolment=enrolment))
    return done, not_done
