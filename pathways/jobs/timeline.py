"""Placements and retention follow-ups on the person's timeline, read from the records themselves."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from pathways.jobs.models import Placement, RetentionFollowUp
from pathways.people.models import Person
from pathways.people.timeline import TimelineEntry


def _where(placement: Placement) -> str:
    parts = [str(placement.province)] if placement.province else []
    if placement.is_abroad:
        parts.append(str(placement.country))
    return ", ".join(parts)


def employment_events(*, actor, person: Person) -> Iterable[TimelineEntry]:
    placements = Placement.objects.filter(person=person).select_related(
        "employer", "country", "province", "recorded_by_organisation"
    )
    for p in placements:
        yield TimelineEntry(
            when=p.starts_on,
            kind="placement_abroad" if p.is_abroad else "placement",
            title=_("Started work as %(job)s at %(employer)s") % {"job": p.job_title, "employer": p.employer},
            detail=" · ".join(filter(None, [_("abroad") if p.is_abroad else _("in Lao PDR"), _where(p)])),
            recorded_by=str(p.recorded_by_organisation),
        )
        if p.ends_on:
            yield TimelineEntry(
                when=p.ends_on,
                kind="placement_ended",
                title=_("Job at %(employer)s ended") % {"employer": p.employer},
                recorded_by=str(p.recorded_by_organisation),
            )
    follow_ups = RetentionFollowUp.objects.filter(placement__person=person).select_related(
        "placement__employer", "recorded_by"
    )
    for f in follow_ups:
        yield TimelineEntry(
            when=f.checked_on,
            kind="retention_follow_up",
            title=(
                _("%(n)d-month follow-up: still employed at %(employer)s")
                if f.still_employed
                else _("%(n)d-month follow-up: no longer employed at %(employer)s")
                if f.reached
                else _("%(n)d-month follow-up: could not be reached (job at %(employer)s)")
            )
            % {"n": f.checkpoint, "employer": f.placement.employer},
            detail=f.note,
            recorded_by=str(f.recorded_by or ""),
        )
