"""Information sessions a person attended, on their timeline, read from the attendance records."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from pathways.outreach.models import SessionAttendance
from pathways.people.models import Person
from pathways.people.timeline import TimelineEntry


def outreach_events(*, actor, person: Person) -> Iterable[TimelineEntry]:
    attendances = SessionAttendance.objects.filter(person=person).select_related(
        "session__organisation", "session__province", "session__district"
    )
    for a in attendances:
        session = a.session
        scores = ""
        if a.pre_test is not None or a.post_test is not None:
            scores = _("test %(before)s → %(after)s") % {
                "before": "—" if a.pre_test is None else f"{a.pre_test}%",
                "after": "—" if a.post_test is None else f"{a.post_test}%",
            }
        where = ", ".join(filter(None, [session.venue, str(session.district or ""), str(session.province)]))
        yield TimelineEntry(
            when=session.held_on,
            kind="information_session",
            title=_("Attended an information session: %(topic)s") % {"topic": session.get_topic_display()},
            detail=" · ".join(filter(None, [where, scores])),
            recorded_by=str(session.organisation),
        )
