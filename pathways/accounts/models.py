import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    PROGRAMME_OFFICER = "programme_officer", _("Programme officer")
    ME_OFFICER = "me_officer", _("M&E officer")
    PARTNER_STAFF = "partner_staff", _("Partner staff")
    CASE_WORKER = "case_worker", _("Case worker")
    DONOR = "donor", _("Donor (aggregates only)")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.PARTNER_STAFF)
    # Empty means "no province limit" for national roles and "no province" for partner staff.
    provinces = models.ManyToManyField(
        "places.Province", blank=True, related_name="+", verbose_name=_("provinces in scope")
    )
    organisations = models.ManyToManyField(
        "partners.Organisation", through="partners.Membership", related_name="staff", blank=True
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A revocable API token; only its SHA-256 is stored, so a database leak does not leak tokens."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text="First characters, to tell tokens apart")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
