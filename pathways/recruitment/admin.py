"""Agencies and exchange rates in the admin, read-only: every change goes through the services (validated,
audited, the ministry's decisions kept with their reasons). Workers' records and complaints are personal data,
seen only through scoped pages."""

from django.contrib import admin

from pathways.recruitment.models import AgencyStatusChange, RecruitmentAgency


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class StatusChangeInline(admin.TabularInline):
    model = AgencyStatusChange
    fields = ["changed_on", "status", "reason", "changed_by"]
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RecruitmentAgency)
class RecruitmentAgencyAdmin(ReadOnlyAdmin):
    list_display = ["name_en", "licence_number", "licence_valid_to", "decided_status", "head_office_province"]
    list_filter = ["decided_status", "membership", "head_office_province"]
    search_fields = ["name_en", "name_local", "licence_number"]
    inlines = [StatusChangeInline]
