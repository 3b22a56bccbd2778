"""Vacancies in the admin; placements and follow-ups are personal data, seen only through scoped pages."""

from django.contrib import admin

from pathways.jobs.models import Vacancy


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ["title_en", "employer", "country", "status", "opens_on"]
    list_filter = ["status", "country"]
