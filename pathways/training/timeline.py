"""Training events on the person's timeline, read from the training records themselves."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.people.models import Person
from pathways.people.timeline import TimelineEntry
from pathways.training.models import Assessment, Certificate, EnrolmentStatus, RplStep


def training_events(*, actor, person: Person) -> Iterable[TimelineEntry]:
    for e in person.enrolments.select_related("cohort__course", "cohort__institution", "enrolled_by"):
        cohort = e.cohort
        kind_label = _("training of trainers") if cohort.kind == "training_of_trainers" else _("course")
        yield TimelineEntry(
            when=e.enrolled_on,
            kind="training_enrolled",
            title=_("Enrolled in %(kind)s: %(course)s")
            % {"kind": kind_label, "course": cohort.course.title_en},
            detail=f"{cohort.starts_on:%Y-%m-%d} – {cohort.ends_on:%Y-%m-%d}",
            recorded_by=str(cohort.institution),
        )
        if e.status == EnrolmentStatus.COMPLETED and e.completed_on:
            yield TimelineEntry(
                when=e.completed_on,
                kind="training_completed",
                title=_("Completed %(course)s") % {"course": cohort.course.title_en},
                recorded_by=str(cohort.institution),
            )
        if e.status == EnrolmentStatus.DROPPED_OUT and e.dropped_out_on:
            yield TimelineEntry(
                when=e.dropped_out_on,
                kind="training_dropped_out",
                title=_("Dropped out of %(course)s") % {"course": cohort.course.title_en},
                detail=" ".join(filter(None, [e.get_dropout_reason_display(), e.dropout_note])),
                recorded_by=str(cohort.institution),
            )
    for a in Assessment.objects.filter(person=person).select_related("unit", "assessor"):
        yield TimelineEntry(
            when=a.assessed_on,
            kind="training_assessed",
            title=_("Assessed %(unit)s: %(result)s")
            % {"unit": a.unit.code, "result": a.get_result_display()},
            detail=a.unit.title_en,
            recorded_by=str(a.assessor),
        )
    for step in RplStep.objects.filter(application__person=person).select_related(
        "application__course", "by"
    ):
        if step.kind == "assessment":
            continue  # already on the timeline as the assessment itself
        yield TimelineEntry(
            when=timezone.localdate(step.at),
            kind="rpl_step",
            title=_("Recognition of prior learning, %(course)s: %(step)s")
            % {"course": step.application.course.title_en, "step": step.get_kind_display()},
            detail=step.outcome_display,
            recorded_by=str(step.by or ""),
        )
    for c in Certificate.objects.filter(person=person).select_related("course", "institution"):
        yield TimelineEntry(
            when=c.issued_on,
            kind="certificate",
            title=_("Certificate %(number)s: %(course)s") % {"number": c.number, "course": c.course.title_en},
            recorded_by=str(c.institution),
        )
        if c.revoked_at:
            yield TimelineEntry(
                when=timezone.localdate(c.revoked_at),
                kind="certificate_revoked",
                title=_("Certificate %(number)s revoked") % {"number": c.number},
                detail=c.revocation_reason,
            )
