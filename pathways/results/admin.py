from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pathways.core import audit
from pathways.core.admin import ConfidentialReferencesAdmin
from pathways.results.dhis2 import secrets
from pathways.results.models import Dhis2Server, Project


@admin.register(Project)
class ProjectAdmin(ConfidentialReferencesAdmin):
    list_display = ["code", "name", "starts_on", "ends_on"]
    filter_horizontal = ["donors"]


class Dhis2ServerForm(forms.ModelForm):
    base_url = forms.URLField(
        label=_("address"),
        assume_scheme="https",
        help_text=_("The instance's address, e.g. https://dhis2.example.org"),
    )
    # Written, never shown: the stored secret stays encrypted (results/dhis2/secrets.py).
    new_secret = forms.CharField(
        label=_("Password or token"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the one stored. It is kept encrypted and never shown again."),
    )

    class Meta:
        model = Dhis2Server
        fields = ["name", "base_url", "auth", "username", "exact_figures"]

    def clean(self):
        data = super().clean()
        if not data.get("new_secret") and not (self.instance and self.instance.secret):
            self.add_error("new_secret", _("Give the password or the personal access token."))
        if data.get("auth") == Dhis2Server.Auth.BASIC and not data.get("username"):
            self.add_error("username", _("Signing in with a password needs a user name."))
        return data


@admin.register(Dhis2Server)
class Dhis2ServerAdmin(admin.ModelAdmin):
    """The DHIS2 instances figures are pushed to: administrators only (the admin's own permission)."""

    form = Dhis2ServerForm
    list_display = ["name", "base_url", "auth", "username", "exact_figures", "secret_readable"]

    @admin.display(boolean=True, description=_("password readable"))
    def secret_readable(self, server: Dhis2Server) -> bool:
        return bool(server.secret) and secrets.decrypt(server.secret) is not None

    def save_model(self, request, obj, form, change):
        changed = list(form.changed_data)
        if form.cleaned_data.get("new_secret"):
            obj.secret = secrets.encrypt(form.cleaned_data["new_secret"])
        super().save_model(request, obj, form, change)
        audit.record(actor=request.user, action="dhis2.server", obj=obj, changed_fields=changed)
