"""Recruitments and complaints on the person's timeline, read from their own records."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from pathways.people.models import Person
from pathways.people.timeline import TimelineEntry
from pathways.recruitment.models import Complaint, RecruitmentRecord


def recruitment_events(*, actor, person: Person) -> Iterable[TimelineEntry]:
    found = RecruitmentRecord.objects.filter(person=person).select_related("destination", "agency")
    for r in found:
        share = (
            _("costs %(share)s %% of monthly earnings") % {"share": r.cost_share_pct}
            if r.cost_share_pct is not None
            else ""
        )
        yield TimelineEntry(
            when=r.recruited_on,
            kind="recruitment",
            title=_("Recruited for work in %(country)s: %(channel)s")
            % {"country": r.destination, "channel": r.get_channel_display()},
            detail=" · ".join(filter(None, [str(r.agency or ""), share])),
            recorded_by=str(r.organisation),
            url=reverse("recruitment-record", args=[r.pk]),
        )
    # A complaint about the worker, seen by those who see the person; whether a case came of it is not said.
    for c in Complaint.objects.filter(person=person).select_related("agency", "organisation"):
        yield TimelineEntry(
            when=c.received_on,
            kind="complaint",
            title=_("Complaint: %(category)s against %(against)s")
            % {"category": c.get_category_display(), "against": c.against_label},
            detail=c.get_status_display(),
            recorded_by=str(c.organisation),
            url=reverse("recruitment-complaint", args=[c.pk]),
        )
