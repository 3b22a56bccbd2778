"""Recognition of prior learning: application, eligibility, evidence, assessment, gap training, decision."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.core import audit
from pathways.partners.models import Organisation
from pathways.people import selectors as people_selectors
from pathways.people.models import Person
from pathways.training import access
from pathways.training.files import evidence_check
from pathways.training.models import (
    Cohort,
    Course,
    Result,
    RplApplication,
    RplEvidence,
    RplStatus,
    RplStepKind,
)
from pathways.training.selectors import latest_results
from pathways.training.services.assessment import is_assessor
from pathways.training.services.cohorts import enrolment_create
from pathways.training.services.steps import rpl_step_add


def _check(actor, application: RplApplication) -> None:
    people_selectors.person_get(actor=actor, person_id=application.person_id)
    visible = Organisation.objects.filter(
        access.institutions_visible_to(actor), pk=application.institution_id
    )
    if not (visible.exists() or application.assessor_id == actor.pk):
        raise Http404("No such application.")
    access.require_writer(actor)


def _expect(application: RplApplication, *statuses: str) -> None:
    if application.status not in statuses:
        raise ValidationError(
            {
                "status": _("This application is %(status)s; this step needs it to be %(expected)s.")
                % {
                    "status": application.get_status_display(),
                    "expected": _(" or ").join(str(RplStatus(s).label) for s in statuses),
                }
            }
        )


def _assessor_check(assessor, institution: Organisation) -> None:
    if assessor is not None and not is_assessor(assessor, institution):
        raise ValidationError(
            {
                "assessor": _("%(user)s is not a registered assessor for %(institution)s.")
                % {"user": assessor, "institution": institution}
            }
        )


@transaction.atomic
def rpl_apply(
    *,
    actor,
    person: Person,
    course: Course,
    institution: Organisation,
    applied_on: datetime.date | None = None,
    experience: str = "",
    assessor=None,
) -> RplApplication:
    """Open an application for recognition of the skills a person already has against a course's units."""
    person = people_selectors.person_get(actor=actor, person_id=person.pk)
    if not Organisation.objects.filter(access.institutions_visible_to(actor), pk=institution.pk).exists():
        raise PermissionDenied(_("You may only open applications at your own institution."))
    access.require_writer(actor)
    if not course.units.exists():
        raise ValidationError(
            {"course": _("%(course)s has no competency units to assess.") % {"course": course}}
        )
    if (
        RplApplication.objects.filter(person=person, course=course)
        .exclude(status__in=[RplStatus.INELIGIBLE, RplStatus.NOT_RECOGNISED])
        .exists()
    ):
        raise ValidationError(
            {
                "course": _("%(name)s already has an open or successful application for this course.")
                % {"name": person.display_name}
            }
        )
    _assessor_check(assessor, institution)
    application = RplApplication.objects.create(
        person=person,
        course=course,
        institution=institution,
        applied_on=applied_on or timezone.localdate(),
        experience=experience.strip(),
        assessor=assessor,
    )
    rpl_step_add(actor=actor, application=application, kind=RplStepKind.APPLICATION, note=experience)
    audit.record(actor=actor, action="rpl.apply", obj=application, person_id=person.pk)
    return application


@transaction.atomic
def rpl_eligibility_check(
    *, actor, application: RplApplication, eligible: bool, note: str = "", assessor=None
) -> RplApplication:
    """Record whether the applicant may be assessed (e.g. enough work experience), and assign the assessor."""
    _check(actor, application)
    _expect(application, RplStatus.APPLIED)
    if not eligible and not note.strip():
        raise ValidationError({"note": _("Say why the applicant is not eligible; they will be told.")})
    _assessor_check(assessor, application.institution)
    if eligible and assessor is None and application.assessor_id is None:
        raise ValidationError({"assessor": _("Assign an assessor to an eligible application.")})
    application.status = RplStatus.ELIGIBLE if eligible else RplStatus.INELIGIBLE
    if assessor is not None:
        application.assessor = assessor
    application.save(update_fields=["status", "assessor", "updated_at"])
    rpl_step_add(
        actor=actor,
        application=application,
        kind=RplStepKind.ELIGIBILITY,
        outcome="eligible" if eligible else "not eligible",
        note=note,
    )
    audit.record(
        actor=actor,
        action="rpl.eligibility",
        obj=application,
        changed_fields=["status"],
        person_id=application.person_id,
    )
    return application


@transaction.atomic
def rpl_evidence_add(*, actor, application: RplApplication, file, description: str) -> RplEvidence:
    """Add a document to the evidence portfolio (work certificate, photo of work, employer letter)."""
    _check(actor, application)
    _expect(application, RplStatus.ELIGIBLE, RplStatus.ASSESSING, RplStatus.GAP_TRAINING)
    errors = {}
    if not description.strip():
        errors["description"] = _("Say what the document shows.")
    try:
        content_type = evidence_check(file)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    evidence = RplEvidence(
        application=application,
        description=description.strip(),
        content_type=content_type,
        size=file.size,
        uploaded_by=actor,
    )
    evidence.file.save(file.name, file, save=False)
    evidence.save()
    rpl_step_add(actor=actor, application=application, kind=RplStepKind.EVIDENCE, note=description)
    audit.record(actor=actor, action="rpl.evidence_add", obj=evidence, person_id=application.person_id)
    return evidence


def unit_results(application: RplApplication) -> dict[int, str]:
    units = list(application.course.units.values_list("pk", flat=True))
    latest = latest_results(person_id=application.person_id, unit_ids=units, rpl_application=application)
    return {unit_id: latest[unit_id].result for unit_id in units if unit_id in latest}


@transaction.atomic
def rpl_gap_refer(
    *, actor, application: RplApplication, cohort: Cohort | None = None, note: str = ""
) -> RplApplication:
    """Refer the applicant to training for the units not yet competent, optionally into a cohort."""
    _check(actor, application)
    _expect(application, RplStatus.ASSESSING)
    results = unit_results(application)
    gaps = [u.code for u in application.course.units.all() if results.get(u.pk) != Result.COMPETENT]
    if not gaps:
        raise ValidationError(
            {"status": _("Every unit is competent: there is no gap to train; record the decision.")}
        )
    if cohort is not None:
        enrolment_create(actor=actor, cohort=cohort, person=application.person)
        application.gap_cohort = cohort
    application.status = RplStatus.GAP_TRAINING
    application.save(update_fields=["status", "gap_cohort", "updated_at"])
    rpl_step_add(
        actor=actor,
        application=application,
        kind=RplStepKind.GAP_REFERRAL,
        outcome=", ".join(gaps),
        note=note,
    )
    audit.record(
        actor=actor,
        action="rpl.gap_refer",
        obj=application,
        changed_fields=["status"],
        person_id=application.person_id,
    )
    return application


@transaction.atomic
def rpl_decide(*, actor, application: RplApplication, note: str = "") -> RplApplication:
    """Decide from the unit results: all competent recognised, some partly, none not recognised."""
    _check(actor, application)
    _expect(application, RplStatus.ASSESSING, RplStatus.GAP_TRAINING)
    if not (is_assessor(actor, application.institution) or access.is_national(actor)):
        raise PermissionDenied(
            _("Only a registered assessor of %(institution)s or a programme officer decides.")
            % {"institution": application.institution}
        )
    results = unit_results(application)
    if not results:
        raise ValidationError({"status": _("No unit has been assessed yet.")})
    units = list(application.course.units.all())
    competent = [u for u in units if results.get(u.pk) == Result.COMPETENT]
    if len(competent) == len(units):
        application.status = RplStatus.RECOGNISED
    elif competent:
        application.status = RplStatus.PARTLY_RECOGNISED
    else:
        application.status = RplStatus.NOT_RECOGNISED
    application.save(update_fields=["status", "updated_at"])
    rpl_step_add(
        actor=actor,
        application=application,
        kind=RplStepKind.DECISION,
        outcome=f"{application.status} {len(competent)}/{len(units)}",
        note=note,
    )
    audit.record(
        actor=actor,
        action="rpl.decide",
        obj=application,
        changed_fields=["status"],
        person_id=application.person_id,
    )
    return application
