from django.contrib import admin

from pathways.results.models import Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "starts_on", "ends_on"]
    filter_horizontal = ["donors"]
