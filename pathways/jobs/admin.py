"""Vacancies in the admin, read-only (written through jobs.services); placements and follow-ups are personal
data, seen only through scoped pages."""

from django.contrib import admin

from pathways.core.admin import ServiceRecordAdmin
from pathways.jobs import access
from pathways.jobs.models import Vacancy


@admin.register(Vacancy)
class VacancyAdmin(ServiceRecordAdmin):
    visible_to = staticmethod(access.vacancies_visible_to)
    list_display = ["title_en", "employer", "country", "status", "opens_on"]
    list_filter = ["status", "country"]
