"""Assessment per competency unit by registered assessors, and the safe-migration schedule flag."""

import contextlib
import datetime
import uuid
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.core import audit
from pathways.partners.models import Organisation
from pathways.people import selectors as people_selectors
from pathways.training import access
from pathways.training.files import evidence_check
from pathways.training.models import (
    Assessment,
    Assessor,
    Cohort,
    CompetencyUnit,
    Enrolment,
    EnrolmentStatus,
    InstitutionSafeMigration,
    Result,
    RplApplication,
    RplStatus,
    RplStepKind,
)
from pathways.training.services.cohorts import check_can_run
from pathways.training.services.steps import rpl_step_add


def is_assessor(user, institution: Organisation) -> bool:
    return Assessor.objects.filter(user=user, institution=institution, is_active=True).exists()


def _require_assessor(actor, institution: Organisation) -> None:
    if not is_assessor(actor, institution):
        raise PermissionDenied(
            _(
                "%(user)s is not a registered assessor for %(institution)s; an administrator adds assessors "
                "in the assessor registry. Nothing was saved."
            )
            % {"user": actor, "institution": institution}
        )


def _date_errors(assessed_on: datetime.date, *, starts_on: datetime.date | None = None) -> dict[str, str]:
    if assessed_on > timezone.localdate():
        return {"assessed_on": _("The assessment date is in the future.")}
    if starts_on is not None and assessed_on < starts_on:
        return {
            "assessed_on": _("The assessment date is before the cohort started (%(date)s).")
            % {"date": starts_on.isoformat()}
        }
    return {}


def _dropped_out_message(person) -> str:
    return _("%(name)s dropped out; their units cannot be assessed in this cohort.") % {
        "name": person.display_name
    }


@transaction.atomic
def assessment_record(
    *,
    actor,
    unit: CompetencyUnit,
    result: str,
    assessed_on: datetime.date,
    enrolment: Enrolment | None = None,
    rpl_application: RplApplication | None = None,
    evidence_note: str = "",
    evidence_file=None,
) -> Assessment:
    """Record a judgement on one unit; only a registered assessor of the institution may make it."""
    if (enrolment is None) == (rpl_application is None):
        raise ValueError("Give exactly one of enrolment or rpl_application.")
    subject = enrolment or rpl_application
    assert subject is not None
    person = people_selectors.person_get(actor=actor, person_id=subject.person_id)
    if enrolment is not None:
        check_can_run(actor, enrolment.cohort)
        course, institution = enrolment.cohort.course, enrolment.cohort.institution
    else:
        assert rpl_application is not None
        course, institution = rpl_application.course, rpl_application.institution
    _require_assessor(actor, institution)
    errors = {}
    if unit.course_id != course.pk:
        errors["unit"] = _("%(unit)s is not a unit of %(course)s.") % {"unit": unit.code, "course": course}
    if result not in Result.values:
        errors["result"] = _("Choose competent or not yet competent.")
    if enrolment is not None:
        if enrolment.status == EnrolmentStatus.DROPPED_OUT:
            errors["enrolment"] = _dropped_out_message(person)
        errors.update(_date_errors(assessed_on, starts_on=enrolment.cohort.starts_on))
    else:
        errors.update(_date_errors(assessed_on))
    if rpl_application is not None and rpl_application.status not in (
        RplStatus.ELIGIBLE,
        RplStatus.ASSESSING,
        RplStatus.GAP_TRAINING,
    ):
        errors["rpl_application"] = _(
            "This application is %(status)s; units are assessed once it is eligible."
        ) % {"status": rpl_application.get_status_display()}
    if evidence_file is not None:
        try:
            evidence_check(evidence_file, field="evidence_file")
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    assessment = Assessment(
        unit=unit,
        person=person,
        enrolment=enrolment,
        rpl_application=rpl_application,
        result=result,
        assessor=actor,
        assessed_on=assessed_on,
        evidence_note=evidence_note.strip(),
    )
    if evidence_file is not None:
        assessment.evidence_file.save(evidence_file.name, evidence_file, save=False)
    assessment.save()
    if rpl_application is not None:
        if rpl_application.status == RplStatus.ELIGIBLE:
            rpl_application.status = RplStatus.ASSESSING
            rpl_application.save(update_fields=["status", "updated_at"])
        rpl_step_add(
            actor=actor,
            application=rpl_application,
            kind=RplStepKind.ASSESSMENT,
            outcome=f"{unit.code}: {result}",
            note=evidence_note,
        )
    audit.record(actor=actor, action="assessment.record", obj=assessment, person_id=person.pk)
    return assessment


@transaction.atomic
def safe_migration_module_schedule(
    *, actor, institution: Organisation, scheduled_on: datetime.date | None, note: str = ""
) -> InstitutionSafeMigration:
    """Record (or clear, with None) when the institution put the safe-migration module in its schedule."""
    if not Organisation.objects.filter(access.institutions_visible_to(actor), pk=institution.pk).exists():
        raise Http404("No such institution.")
    access.require_writer(actor)
    if scheduled_on and scheduled_on > timezone.localdate():
        raise ValidationError({"scheduled_on": _("The date is in the future.")})
    record, _created = InstitutionSafeMigration.objects.get_or_create(institution=institution)
    record.module_scheduled_on = scheduled_on
    record.note = note.strip()
    record.recorded_by = actor
    record.save()
    audit.record(
        actor=actor, action="safe_migration.schedule", obj=record, changed_fields=["module_scheduled_on"]
    )
    return record


@transaction.atomic
def cohort_assessment_save(
    *,
    actor,
    cohort: Cohort,
    assessed_on: datetime.date,
    results: Mapping[tuple[str, str], str],
    evidence_note: str = "",
) -> list[Assessment]:
    """Record a cohort's judgements from one grid, keyed by (enrolment id, unit id): all are saved, or none.

    A cell whose result is the participant's latest result for that unit already is not recorded again, so a
    grid sent twice (or sent with the units assessed last week left as they were) adds nothing.
    """
    check_can_run(actor, cohort)
    _require_assessor(actor, cohort.institution)
    errors: dict[str, str] = _date_errors(assessed_on, starts_on=cohort.starts_on)
    if errors:
        raise ValidationError(errors)
    wanted = set()
    for enrolment_id, _unit_id in results:
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            wanted.add(uuid.UUID(str(enrolment_id)))
    enrolments = {
        str(e.pk): e
        for e in cohort.enrolments.filter(access.people_visible_to(actor), pk__in=wanted)
        .select_related("person")
        .order_by()
    }
    units = {str(u.pk): u for u in cohort.course.units.all()}
    latest: dict[tuple[str, str], Assessment] = {}
    for a in Assessment.objects.filter(enrolment_id__in=wanted).order_by("assessed_on", "created_at"):
        latest[(str(a.enrolment_id), str(a.unit_id))] = a
    new: list[Assessment] = []
    for (enrolment_id, unit_id), result in results.items():
        key = f"results.{enrolment_id}.{unit_id}"
        enrolment, unit = enrolments.get(str(enrolment_id)), units.get(str(unit_id))
        if enrolment is None or unit is None:
            errors[key] = _("Not a participant and unit of this cohort.")
            continue
        if not result:
            continue  # left unassessed
        previous = latest.get((str(enrolment_id), str(unit_id)))
        if previous is not None and previous.result == result:
            continue
        name = {"name": enrolment.person.display_name, "unit": unit.code}
        if result not in Result.values:
            errors[key] = _("%(name)s, %(unit)s: choose competent or not yet competent.") % name
        elif enrolment.status == EnrolmentStatus.DROPPED_OUT:
            errors[key] = _dropped_out_message(enrolment.person)
        elif previous is not None and previous.assessed_on > assessed_on:
            # The latest judgement counts; an older date would be recorded and then hidden by the newer one.
            errors[key] = _(
                "%(name)s, %(unit)s: the unit was assessed on %(date)s, after the date of this grid."
            ) % {**name, "date": previous.assessed_on.isoformat()}
        else:
            new.append(
                Assessment(
                    unit=unit,
                    person_id=enrolment.person_id,
                    enrolment=enrolment,
                    result=result,
                    assessor=actor,
                    assessed_on=assessed_on,
                    evidence_note=evidence_note.strip(),
                )
            )
    if errors:
        raise ValidationError(errors)
    Assessment.objects.bulk_create(new)
    audit.record_many(actor=actor, action="assessment.record", items=((a, a.person_id, ()) for a in new))
    return new
