from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError

from pathways.accounts.models import API_SCOPES, ApiToken, User
from pathways.accounts.services import api_token_revoke, api_token_update
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


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=[(s, s) for s in API_SCOPES], widget=forms.CheckboxSelectMultiple, required=True
    )

    class Meta:
        model = ApiToken
        fields = ["scopes", "expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = [
        "user",
        "name",
        "prefix",
        "scopes",
        "expires_at",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    fields = ["user", "name", "prefix", "scopes", "expires_at", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    actions = [revoke_tokens]

    def save_model(self, request, obj, form, change):
        # Scopes and expiry change through the service (checked, audited); the rest is read-only here.
        try:
            api_token_update(
                actor=request.user,
                token=ApiToken.objects.get(pk=obj.pk),
                scopes=form.cleaned_data["scopes"],
                expires_at=form.cleaned_data["expires_at"],
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level="error")

    def has_add_permission(self, request):
        # Tokens are issued with `manage.py issue_token`, which shows the key once.
        return False
