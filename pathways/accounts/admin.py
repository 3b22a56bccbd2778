from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from pathways.accounts.models import ApiToken, User
from pathways.accounts.services import api_token_revoke
from pathways.core.admin import ConfidentialReferencesAdmin
from pathways.partners.models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organisation", "title", "is_primary"]


@admin.register(User)
class PathwaysUserAdmin(ConfidentialReferencesAdmin, UserAdmin):
    list_display = ["username", "get_full_name", "role", "is_active"]
    list_filter = ["role", "is_active", "provinces"]
    fieldsets = [
        *(UserAdmin.fieldsets or ()),
        ("Pathways", {"fields": ["role", "provinces"]}),
    ]
    filter_horizontal = ["provinces", "groups", "user_permissions"]
    inlines = [MembershipInline]


@admin.action(description="Revoke the selected tokens")
def revoke_tokens(modeladmin, request, queryset):
    for token in queryset:
        api_token_revoke(actor=request.user, token=token)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    readonly_fields = ["user", "key_hash", "prefix", "created_at", "last_used_at", "revoked_at"]
    actions = [revoke_tokens]

    def has_add_permission(self, request):
        # Tokens are issued with `manage.py issue_token`, which shows the key once.
        return False
