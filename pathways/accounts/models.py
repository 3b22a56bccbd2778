import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
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


# The areas of the API a token's scopes name: each is the first part of the API's paths (/api/v1/people/...).
API_AREAS = (
    "people", "identity", "training", "jobs", "outreach", "protection", "returns", "recruitment", "imports",
    "results",
)  # fmt: skip
# "read" and "write" cover every area; "<area>:read" and "<area>:write" one. Writing includes reading.
# Reference places and the list of deletions need any valid token; what a token sees is its user's scope.
API_SCOPES = ("read", "write", *[f"{area}:{access}" for area in API_AREAS for access in ("read", "write")])


class ApiToken(models.Model):
    """A revocable API token; only its SHA-256 is stored, so a database leak does not leak tokens."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text="First characters, to tell tokens apart")
    scopes = models.JSONField(
        _("scopes"), default=list, help_text="read, write, or per area: people:read, jobs:write, ..."
    )
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
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

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    def allows(self, area: str | None, *, write: bool) -> bool:
        """Whether the token's scopes let it read (or write) this area of the API."""
        if area is None:
            return not write
        granted = set(self.scopes)
        if write:
            return bool(granted & {"write", f"{area}:write"})
        return bool(granted & {"read", "write", f"{area}:read", f"{area}:write"})
