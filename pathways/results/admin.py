from django.contrib import admin

from pathways.core.admin import ConfidentialReferencesAdmin
from pathways.results.models import Project


@admin.register(Project)
class ProjectAdmin(ConfidentialReferencesAdmin):
    list_display = ["code", "name", "starts_on", "ends_on"]
    filter_horizontal = ["donors"]
