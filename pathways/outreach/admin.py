"""Sessions and their attendance in the admin, read-only (written through outreach.services) and scoped as
the outreach pages are: an attendee is listed only to those who may see the person."""

from django.contrib import admin

from pathways.core.admin import ServiceRecordAdmin
from pathways.outreach import access
from pathways.outreach.models import InformationSession, SessionAttendance


@admin.register(InformationSession)
class InformationSessionAdmin(ServiceRecordAdmin):
    visible_to = staticmethod(access.sessions_visible_to)
    list_display = ["held_on", "topic", "organisation", "province", "women_not_named", "men_not_named"]
    list_filter = ["topic", "province"]


@admin.register(SessionAttendance)
class SessionAttendanceAdmin(ServiceRecordAdmin):
    visible_to = staticmethod(access.attendances_visible_to)
    list_display = ["session", "person", "pre_test", "post_test"]
    list_select_related = ["session", "person"]
