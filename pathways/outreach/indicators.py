"""Outreach records as sources for the results engine (registered in OutreachConfig.ready()).

Two sources, because a session has two kinds of attendee: people registered by name
(`information_session_attendees`, counted as unique people and disaggregated like any person), and the head
counts of those whose names were not taken (`information_sessions`: the sessions themselves, their head counts
summed or the sessions counted, by province only). The engine does not add figures of different sources, so a
report shows people reached by name and the head counts as two indicators.
"""

from django.utils.translation import gettext_lazy as _

from pathways.outreach import access
from pathways.outreach.models import InformationSession, SessionAttendance
from pathways.results.engine import Source

SESSION_ATTENDEES = Source(
    name="information_session_attendees",
    model=SessionAttendance,
    label="People who attended an information session (named)",
    # A person is reached in the period the session was held.
    date_field="session__held_on",
    person_path="person",
    project_path="session__funding_project",
    fields={
        "topic": "session__topic",
        "organisation": "session__organisation_id",
        "session_province": "session__province_id",
        "pre_test": "pre_test",
        "post_test": "post_test",
    },
)

INFORMATION_SESSIONS = Source(
    name="information_sessions",
    model=InformationSession,
    label="Information sessions, with the head counts of attendees not named",
    date_field="held_on",
    # Sessions, not people: summed (women_not_named, men_not_named) or counted, by their own province.
    person_path=None,
    project_path="funding_project",
    fields={
        "topic": "topic",
        "organisation": "organisation_id",
        "province": "province_id",
        "women_not_named": "women_not_named",
        "men_not_named": "men_not_named",
    },
    dimensions={"province": "province_id"},
    columns=(
        (_("Held on"), "held_on"),
        (_("Topic"), "topic"),
        (_("Run by"), "organisation__name_en"),
        (_("Province"), "province"),
        (_("Women not named"), "women_not_named"),
        (_("Men not named"), "men_not_named"),
    ),
    visible=access.sessions_visible_to,
    noun=_("Information sessions"),
)
