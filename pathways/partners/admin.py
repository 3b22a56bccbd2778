from django.contrib import admin

from pathways.core.admin import ConfidentialReferencesAdmin
from pathways.partners.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(ConfidentialReferencesAdmin):
    list_display = ["name_en", "acronym", "kind", "province", "parent", "is_active"]
    list_filter = ["kind", "country", "province", "is_active"]
    search_fields = ["name_en", "name_local", "acronym"]
