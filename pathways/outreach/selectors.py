"""Reads of information sessions, scoped by outreach.access."""

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404

from pathways.outreach import access
from pathways.outreach.models import InformationSession, SessionAttendance


def session_list(*, actor, year: int | None = None, topic: str = "") -> QuerySet[InformationSession]:
    """Sessions the actor may see, newest first, each with `named`: how many attendees are registered by
    name (all of them: a count, not a list of people)."""
    qs = InformationSession.objects.filter(access.sessions_visible_to(actor))
    if year:
        qs = qs.filter(held_on__gte=datetime.date(year, 1, 1), held_on__lte=datetime.date(year, 12, 31))
    if topic:
        qs = qs.filter(topic=topic)
    # A record merged into another whose attendance could not move (both attended) is not a second attendee.
    # Ordered explicitly: a query with an aggregate drops the model's default order, and pages need one.
    return (
        qs.select_related("organisation", "province", "district", "funding_project")
        .annotate(named=Count("attendances", filter=Q(attendances__person__merged_into__isnull=True)))
        .order_by("-held_on", "-created_at", "pk")
    )


def session_get(*, actor, session_id: UUID | str) -> InformationSession:
    try:
        return session_list(actor=actor).get(pk=session_id)
    except (InformationSession.DoesNotExist, ValueError, TypeError):
        raise Http404("No such session.") from None


def session_manageable(*, actor, session: InformationSession) -> bool:
    return InformationSession.objects.filter(access.sessions_managed_by(actor), pk=session.pk).exists()


def session_attendees(*, actor, session: InformationSession) -> QuerySet[SessionAttendance]:
    """The session's named attendees the actor may see, in the order they were recorded."""
    return (
        session.attendances.filter(access.attendances_visible_to(actor))
        .select_related("person", "person__home_province")
        .order_by("created_at")
    )


@dataclass(frozen=True)
class SessionSummary:
    named: int
    women: int  # named and not named
    men: int
    total: int
    pre_test: float | None  # average score of those tested before and after
    post_test: float | None
    tested: int


def session_summary(session: InformationSession, *, actor) -> SessionSummary:
    """How many attended, by sex, named or not (figures, not people), and the average test scores of the
    attendees the actor may see: an average over one hidden person would be that person's score."""
    attended = session.attendances.filter(person__merged_into__isnull=True)
    counts = attended.aggregate(
        named=Count("pk"),
        women=Count("pk", filter=Q(person__sex="female")),
        men=Count("pk", filter=Q(person__sex="male")),
    )
    tested = (
        attended.filter(access.attendances_visible_to(actor))
        .filter(pre_test__isnull=False, post_test__isnull=False)
        .aggregate(n=Count("pk"), pre=Avg("pre_test"), post=Avg("post_test"))
    )
    women = counts["women"] + session.women_not_named
    men = counts["men"] + session.men_not_named
    return SessionSummary(
        named=counts["named"],
        women=women,
        men=men,
        total=counts["named"] + session.women_not_named + session.men_not_named,
        pre_test=round(tested["pre"], 1) if tested["pre"] is not None else None,
        post_test=round(tested["post"], 1) if tested["post"] is not None else None,
        tested=tested["n"],
    )
