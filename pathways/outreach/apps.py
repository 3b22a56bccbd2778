from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "pathways.outreach"
    label = "outreach"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from pathways.core import audit, tombstones
        from pathways.outreach import indicators
        from pathways.outreach.models import InformationSession, SessionAttendance
        from pathways.outreach.timeline import outreach_events
        from pathways.people import timeline
        from pathways.results.engine import register_source

        timeline.register(outreach_events)
        audit.describe_actions(
            {
                "information_session.create": _("information session recorded"),
                "information_session.update": _("information session corrected"),
                "session_attendance.create": _("attended an information session"),
                "session_attendance.update": _("information session test scores recorded"),
                "session_attendance.delete": _("taken off an information session's attendance"),
            }
        )
        register_source(indicators.SESSION_ATTENDEES)
        register_source(indicators.INFORMATION_SESSIONS)
        tombstones.track(InformationSession, kind="session", area="outreach")
        tombstones.track(SessionAttendance, kind="attendee", area="outreach", person="person")
