"""Reference data in the admin: courses and their units, and the assessor registry."""

from django.contrib import admin

from pathways.training.models import Assessor, CompetencyUnit, Course


class CompetencyUnitInline(admin.TabularInline):
    model = CompetencyUnit
    extra = 1


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "title_en",
        "title_lo",
        "sector",
        "level",
        "isco_code",
        "duration_days",
        "is_active",
    ]
    list_filter = ["sector", "level", "is_active"]
    search_fields = ["code", "title_en", "title_lo"]
    filter_horizontal = ["offered_by"]
    inlines = [CompetencyUnitInline]


@admin.register(Assessor)
class AssessorAdmin(admin.ModelAdmin):
    list_display = ["user", "institution", "accredited_on", "is_active"]
    list_filter = ["is_active", "institution"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "institution__name_en"]
