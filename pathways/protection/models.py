"""Protection cases: people assisted because of trafficking, labour exploitation or a health crisis.

The most sensitive records Pathways keeps. A case is seen only by the case workers assigned to it and their
supervisor (not by programme officers or administrators), every view of it is logged, and nothing about it
reaches the person's page, timeline or audit trail for anyone else (protection/access.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pathways.core.encryption import EncryptedTextField
from pathways.core.models import BaseModel


class CaseKind(models.TextChoices):
    TRAFFICKING = "trafficking", _("Trafficking in persons")
    LABOUR_EXPLOITATION = "labour_exploitation", _("Labour exploitation")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other protection need")


class RiskLevel(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class CaseStatus(models.TextChoices):
    # Contexts: "Open"/"Closed" alone are a vacancy's (open for applications) in the jobs catalogue.
    OPEN = "open", pgettext_lazy("case status", "Open")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


class ClosureReason(models.TextChoices):
    NEEDS_MET = "needs_met", _("Needs met")
    REFERRED = "referred", _("Referred to another agency")
    DECLINED = "declined", _("The person declined further help")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    MOVED = "moved", _("Moved away")
    OTHER = "other", _("Other")


class ProtectionCase(BaseModel):
    person = models.ForeignKey(
        "people.Person",
        # Erasing a person's record (data protection) takes their cases with it.
        on_delete=models.CASCADE,
        related_name="protection_cases",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="protection_cases",
        verbose_name=_("case managed by"),
    )
    funding_project = models.ForeignKey(
        "results.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("funding project"),
    )
    kind = models.CharField(_("kind of case"), max_length=24, choices=CaseKind.choices)
    risk = models.CharField(_("risk"), max_length=8, choices=RiskLevel.choices)
    opened_on = models.DateField(_("opened on"))
    # Encrypted at rest (core/encryption.py): a copy of the database alone does not tell what happened.
    summary = EncryptedTextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("reason for closing"), max_length=16, choices=ClosureReason.choices, blank=True
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervised_cases",
        verbose_name=_("supervisor"),
    )
    case_workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="assigned_cases", verbose_name=_("case workers")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opened_on", "-created_at"]
        indexes = [models.Index(fields=["opened_on"], name="protection_case_opened_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(status="open", closed_on__isnull=True, closure_reason=""))
                | (models.Q(status="closed", closed_on__isnull=False) & ~models.Q(closure_reason="")),
                name="protection_case_closed_with_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        # Nothing of the case's content: generic code (a log, an error, a list of related rows) may print it.
        return f"case {self.pk}"


class CaseNote(BaseModel):
    """What was done or learned on a date: a contact, an assessment, a referral, a follow-up."""

    case = models.ForeignKey(
        ProtectionCase, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case")
    )
    written_on = models.DateField(_("date"))
    text = EncryptedTextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-written_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.written_on:%Y-%m-%d}"
