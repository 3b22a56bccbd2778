"""What every admin page of records that confidential ones point at needs (users, organisations, projects)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pathways.core import confidential


class ConfidentialReferencesAdmin(admin.ModelAdmin):
    """Refuses to delete a record that a confidential one (a protection case) points at, without listing it:
    Django's own confirmation would name every case a case worker, an organisation or a project has."""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and confidential.referenced(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        if any(confidential.referenced(obj) for obj in objs):
            return [], {}, set(), [_("records this page may not list (deactivate it instead)")]
        return super().get_deleted_objects(objs, request)
