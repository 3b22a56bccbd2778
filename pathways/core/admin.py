"""What admin pages share: records confidential ones point at (users, organisations, projects), and records
written through services (read-only, scoped)."""

from collections.abc import Callable

from django.contrib import admin
from django.db.models import Q
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


class ServiceRecordAdmin(admin.ModelAdmin):
    """A model written through its app's services (checks, audit): the admin only reads it, and lists only
    what the app's own rule lets the administrator see (`visible_to`, the filter the app's selectors use).
    Writing here would go around both the checks and the audit log."""

    visible_to: Callable[..., Q]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(type(self).visible_to(request.user))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
