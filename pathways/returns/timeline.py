"""Returns and referrals on the person's timeline, read from their own records."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from pathways.people.models import Person
from pathways.people.timeline import TimelineEntry
from pathways.returns.models import Referral, ReferralStatus, Return


def return_events(*, actor, person: Person) -> Iterable[TimelineEntry]:
    for r in Return.objects.filter(person=person).select_related(
        "from_country", "organisation", "quarantine_centre"
    ):
        where = ", ".join(filter(None, [r.get_border_point_display(), str(r.quarantine_centre or "")]))
        needs = _("needs: %(needs)s") % {"needs": ", ".join(r.need_labels)} if r.needs else ""
        yield TimelineEntry(
            when=r.returned_on,
            kind="return",
            title=_("Returned from %(country)s: %(reason)s")
            % {"country": r.from_country, "reason": r.get_reason_display()},
            detail=" · ".join(filter(None, [where, needs])),
            recorded_by=str(r.organisation),
            url=reverse("returns-return", args=[r.pk]),
        )
    for f in Referral.objects.filter(person=person).select_related("referred_to", "organisation"):
        outcome = ""
        if f.status != ReferralStatus.REFERRED:
            outcome = f"{f.get_status_display()} {f.outcome_on:%Y-%m-%d}"
        yield TimelineEntry(
            when=f.referred_on,
            kind="referral",
            title=_("Referred for %(service)s to %(organisation)s")
            % {"service": f.get_service_display(), "organisation": f.referred_to},
            detail=outcome,
            recorded_by=str(f.organisation),
            url=reverse("returns-return", args=[f.after_return_id]) if f.after_return_id else "",
        )
