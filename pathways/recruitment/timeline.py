"""Recruitments and complaints on the person's timeline, read from their own records."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from pathways.people.models import Person
from pathways.people.timeline import TimelineEntry
from pathways.recruitment.models import RecruitmentRecord


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
