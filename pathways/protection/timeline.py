"""A person's protection cases on their timeline: only for those assigned to the case or supervising it."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from pathways.people.models import Person
from pathways.people.timeline import TimelineEntry
from pathways.protection import selectors
from pathways.protection.models import CaseStatus


def protection_events(*, actor, person: Person) -> Iterable[TimelineEntry]:
    for case in selectors.person_cases(actor=actor, person=person).select_related("organisation"):
        yield TimelineEntry(
            when=case.opened_on,
            kind="protection_case",
            title=_("Protection case opened: %(kind)s") % {"kind": case.get_kind_display()},
            detail=_("risk: %(risk)s") % {"risk": case.get_risk_display()},
            recorded_by=str(case.organisation),
            url=reverse("protection-case", args=[case.pk]),
        )
        if case.status == CaseStatus.CLOSED and case.closed_on:
            yield TimelineEntry(
                when=case.closed_on,
                kind="protection_case",
                title=_("Protection case closed: %(reason)s") % {"reason": case.get_closure_reason_display()},
                detail="",
                recorded_by=str(case.organisation),
            )
