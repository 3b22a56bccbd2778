from django.contrib import admin

from pathways.outreach.models import InformationSession, SessionAttendance


@admin.register(InformationSession)
class InformationSessionAdmin(admin.ModelAdmin):
    list_display = ["held_on", "topic", "organisation", "province", "women_not_named", "men_not_named"]
    list_filter = ["topic", "province"]
    raw_id_fields = ["organisation", "funding_project", "district", "created_by"]


@admin.register(SessionAttendance)
class SessionAttendanceAdmin(admin.ModelAdmin):
    list_display = ["session", "person", "pre_test", "post_test"]
    raw_id_fields = ["session", "person", "recorded_by"]
