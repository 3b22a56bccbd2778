"""Ethical recruitment: licensed recruitment agencies, job orders (demand letters) from employers abroad, each
worker's recruitment with what it cost them, and complaints against agencies, brokers and employers.

What a worker paid is kept in the currency paid and, beside it, in US dollars at the rate of the day it was
paid (ExchangeRate), so SDG indicator 10.7.1 (costs as a share of monthly earnings abroad) compares like with
like; the per-worker share is stored on the record, recomputed by the services whenever costs or earnings
change, so the results engine reads it as any other field."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pathways.core.models import BaseModel
from pathways.training.models import isco_code_validator


class AgencyStatus(models.TextChoices):
    LICENSED = "licensed", _("Licensed")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Licence expired")


# What the ministry decides (and records with a reason); "expired" follows from the licence's dates alone.
DECIDED_STATUSES = (AgencyStatus.LICENSED, AgencyStatus.SUSPENDED, AgencyStatus.REVOKED)


class Membership(models.TextChoices):
    NONE = "none", _("None")
    ASSOCIATION = "association", _("Member of an agencies' association")
    IRIS = "iris", _("IRIS certified (IOM ethical recruitment)")
    BOTH = "both", _("IRIS certified and association member")


class RecruitmentAgency(BaseModel):
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_local = models.CharField(_("name (local script)"), max_length=200, blank=True)
    licence_number = models.CharField(_("licence number"), max_length=40, unique=True)
    issuing_authority = models.CharField(_("issuing authority"), max_length=200)
    licence_valid_from = models.DateField(_("licence valid from"))
    licence_valid_to = models.DateField(_("licence valid to"))
    # The last status the ministry decided; the status shown also says "expired" once valid_to has passed.
    decided_status = models.CharField(
        _("decided status"), max_length=12, choices=AgencyStatus.choices, default=AgencyStatus.LICENSED
    )
    head_office_province = models.ForeignKey(
        "places.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("head office province")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    destinations = models.ManyToManyField(
        "places.Country", related_name="+", blank=True, verbose_name=_("destination countries")
    )
    # training.Sector values.
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    membership = models.CharField(
        _("membership"), max_length=12, choices=Membership.choices, default=Membership.NONE
    )
    association = models.CharField(_("association"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("recruitment agency")
        verbose_name_plural = _("recruitment agencies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(licence_valid_to__gte=models.F("licence_valid_from")),
                name="agency_licence_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_status__in=["licensed", "suspended", "revoked"]),
                name="agency_decided_status_is_a_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.name_en

    def decided_status_on(self, day: datetime.date) -> str:
        """The ministry's decision in force on `day`: the last taken on or before it (licensed before any)."""
        if day >= timezone.localdate():
            return self.decided_status
        last = self.status_changes.filter(changed_on__lte=day).order_by("-changed_on", "-created_at").first()
        return last.status if last else AgencyStatus.LICENSED

    def status_on(self, day: datetime.date) -> str:
        """A suspension or revocation in force stands whatever the dates; otherwise a licence not yet valid or
        past its end is expired (no valid licence that day)."""
        decided = self.decided_status_on(day)
        if decided != AgencyStatus.LICENSED:
            return decided
        if not self.licence_valid_from <= day <= self.licence_valid_to:
            return AgencyStatus.EXPIRED
        return AgencyStatus.LICENSED

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return str(AgencyStatus(self.status).label)

    @property
    def sector_labels(self) -> list[str]:
        from pathways.training.models import Sector

        labels = dict(Sector.choices)
        return [str(labels.get(code, code)) for code in self.sectors]


class AgencyBranch(BaseModel):
    agency = models.ForeignKey(RecruitmentAgency, on_delete=models.CASCADE, related_name="branches")
    province = models.ForeignKey(
        "places.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["province__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "province"], name="agency_branch_once_per_province")
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.province}"


class AgencyStatusChange(BaseModel):
    """A decision of the ministry on an agency's licence, with its reason; never edited, only added to."""

    agency = models.ForeignKey(RecruitmentAgency, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=12, choices=AgencyStatus.choices)
    changed_on = models.DateField(_("decided on"))
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-changed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.agency} → {self.status} {self.changed_on:%Y-%m-%d}"


class ExchangeRate(models.Model):
    """How many units of a currency one US dollar bought on a day (the central bank's reference rate). A cost
    is converted at the latest rate on or before the day it was paid."""

    currency = models.CharField(_("currency"), max_length=3)
    valid_on = models.DateField(_("date"))
    units_per_usd = models.DecimalField(
        _("units per US dollar"), max_digits=18, decimal_places=6, validators=[MinValueValidator(0)]
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["currency", "-valid_on"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_on"], name="exchange_rate_once_per_day"),
            models.CheckConstraint(condition=models.Q(units_per_usd__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 USD = {self.units_per_usd} {self.currency} ({self.valid_on:%Y-%m-%d})"


class Channel(models.TextChoices):
    MOU = "mou", _("Government-to-government MOU")
    AGENCY = "agency", _("Licensed recruitment agency")
    BROKER = "broker", _("Broker")
    OWN = "own", _("On one's own")
    IRREGULAR = "irregular", _("Irregular")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the ministry's approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class JobOrder(BaseModel):
    """A demand letter from an employer abroad, through an agency or the MOU channel, approved (or not) by the
    ministry before workers are recruited against it."""

    reference = models.CharField(_("reference"), max_length=60, unique=True)
    employer = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("employer")
    )
    destination = models.ForeignKey(
        "places.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("destination")
    )
    channel = models.CharField(
        _("channel"),
        max_length=12,
        choices=[(Channel.MOU, Channel.MOU.label), (Channel.AGENCY, Channel.AGENCY.label)],
    )
    agency = models.ForeignKey(
        RecruitmentAgency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="job_orders",
        verbose_name=_("agency"),
    )
    job_title = models.CharField(_("job title"), max_length=200)
    isco_code = models.CharField(_("ISCO-08 occupation"), max_length=4, validators=[isco_code_validator])
    workers_female = models.PositiveIntegerField(_("women wanted"), default=0)
    workers_male = models.PositiveIntegerField(_("men wanted"), default=0)
    workers_any = models.PositiveIntegerField(_("workers of either sex wanted"), default=0)
    wage_monthly = models.DecimalField(_("monthly wage"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    contract_months = models.PositiveSmallIntegerField(_("contract length (months)"))
    received_on = models.DateField(_("received on"))
    approval = models.CharField(
        _("approval"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel="mou", agency__isnull=True)
                | models.Q(channel="agency", agency__isnull=False),
                name="job_order_agency_when_through_agency",
            ),
            models.CheckConstraint(
                condition=models.Q(approval="pending", decided_on__isnull=True)
                | (~models.Q(approval="pending") & models.Q(decided_on__isnull=False)),
                name="job_order_decision_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.job_title}"

    @property
    def workers_wanted(self) -> int:
        return self.workers_female + self.workers_male + self.workers_any


class Document(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    VISA = "visa", _("Visa")
    WORK_PERMIT = "work_permit", _("Work permit")
    CONTRACT = "contract", _("Employment contract")
    MEDICAL = "medical", _("Medical certificate")
    PRE_DEPARTURE = "pre_departure", _("Pre-departure orientation certificate")


class RecruitmentRecord(BaseModel):
    """How one worker was recruited for a job abroad, and what it cost them."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="recruitments", verbose_name=_("worker")
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    agency = models.ForeignKey(
        RecruitmentAgency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recruitments",
        verbose_name=_("agency"),
    )
    # Why an agency without a valid licence was accepted, when the office allows it (RECRUITMENT_ALLOW_...).
    agency_exception_reason = models.TextField(_("reason for accepting the agency"), blank=True)
    job_order = models.ForeignKey(
        JobOrder,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recruitments",
        verbose_name=_("job order"),
    )
    destination = models.ForeignKey(
        "places.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("destination")
    )
    recruited_on = models.DateField(_("recruited on"))
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    documents = models.JSONField(_("documents"), default=list, blank=True)
    contract_wage = models.DecimalField(
        _("monthly wage in the contract"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    contract_currency = models.CharField(_("currency of the wage"), max_length=3, blank=True)
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    funding_project = models.ForeignKey(
        "results.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("funding project"),
    )
    note = models.TextField(_("note"), blank=True)
    # Kept by the services (recruitment/costs.py), never typed in: the sums in US dollars and SDG 10.7.1's
    # share for this worker (costs / monthly earnings × 100), empty while the earnings are not known.
    costs_usd = models.DecimalField(_("costs (USD)"), max_digits=14, decimal_places=2, default=0)
    monthly_earnings_usd = models.DecimalField(
        _("monthly earnings (USD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cost_share_pct = models.DecimalField(
        _("costs as percent of monthly earnings"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-recruited_on", "-created_at"]
        indexes = [models.Index(fields=["recruited_on"], name="recruitment_recruited_on_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel="agency", agency__isnull=False) | ~models.Q(channel="agency"),
                name="recruitment_agency_channel_names_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.destination} · {self.recruited_on:%Y-%m-%d}"

    @property
    def document_labels(self) -> list[str]:
        labels = dict(Document.choices)
        return [str(labels.get(code, code)) for code in self.documents]


class CostCategory(models.TextChoices):
    """What the ILO and World Bank count as recruitment costs borne by the worker. A loan's principal is not a
    cost (it paid the other costs, already counted); its interest is."""

    FEE = "fee", _("Recruitment or service fee")
    DOCUMENTS = "documents", _("Documents (passport, certificates)")
    MEDICAL = "medical", _("Medical examination")
    TRAINING = "training", _("Training and tests")
    TRANSPORT = "transport", _("Transport and lodging")
    VISA = "visa", _("Visa and work permit")
    DEPOSIT = "deposit", _("Deposit or bond not returned")
    LOAN_INTEREST = "loan_interest", _("Interest on loans for recruitment")
    OTHER = "other", _("Other")


class RecruitmentCost(BaseModel):
    record = models.ForeignKey(RecruitmentRecord, on_delete=models.CASCADE, related_name="costs")
    category = models.CharField(_("what for"), max_length=16, choices=CostCategory.choices)
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    paid_on = models.DateField(_("paid on"))
    units_per_usd = models.DecimalField(max_digits=18, decimal_places=6)
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=14, decimal_places=2)
    paid_to = models.CharField(_("paid to"), max_length=200, blank=True)

    class Meta:
        ordering = ["paid_on", "created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="cost_not_negative")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.amount} {self.currency}"


class EarningsReport(BaseModel):
    """Monthly earnings the worker reported in a follow-up (what was actually paid, after deductions)."""

    record = models.ForeignKey(RecruitmentRecord, on_delete=models.CASCADE, related_name="earnings")
    reported_on = models.DateField(_("reported on"))
    amount = models.DecimalField(_("monthly earnings"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    units_per_usd = models.DecimalField(max_digits=18, decimal_places=6)
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["reported_on", "created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="earnings_positive")]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.reported_on:%Y-%m-%d})"


class Complainant(models.TextChoices):
    WORKER = "worker", _("The worker")
    FAMILY = "family", _("Family of the worker")
    ANONYMOUS = "anonymous", _("Anonymous")


class ComplaintAgainst(models.TextChoices):
    AGENCY = "agency", _("A recruitment agency")
    BROKER = "broker", _("A broker")
    EMPLOYER = "employer", _("An employer")


class ComplaintCategory(models.TextChoices):
    FEES = "fees", _("Fees above the legal limit")
    CONTRACT_SUBSTITUTION = "contract_substitution", _("Contract substitution")
    UNPAID_WAGES = "unpaid_wages", _("Unpaid wages")
    WITHHELD_DOCUMENTS = "withheld_documents", _("Withheld documents")
    DECEPTION = "deception", _("Deception")
    VIOLENCE = "violence", _("Violence")
    OTHER = "other", _("Other")


class ComplaintChannel(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    MRC = "mrc", _("Migration Resource Centre")
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    INVESTIGATING = "investigating", _("Under investigation")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


class Complaint(BaseModel):
    received_on = models.DateField(_("received on"))
    complainant = models.CharField(_("who complains"), max_length=10, choices=Complainant.choices)
    # The worker concerned; empty for an anonymous complaint that names no one.
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="complaints",
        verbose_name=_("worker"),
    )
    against = models.CharField(_("against"), max_length=10, choices=ComplaintAgainst.choices)
    agency = models.ForeignKey(
        RecruitmentAgency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("agency"),
    )
    # A broker or an employer abroad is named as the complainant names them: most are not registered anywhere.
    against_name = models.CharField(_("name of the broker or employer"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=24, choices=ComplaintCategory.choices)
    channel = models.CharField(_("received through"), max_length=10, choices=ComplaintChannel.choices)
    description = models.TextField(_("what happened"), blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # A worker at risk is referred to the case workers; the case they open is linked here and shown only to
    # those who see the case (protection/access.py): everyone else sees that a referral was made, no more.
    worker_at_risk = models.BooleanField(_("the worker is at risk"), default=False)
    referred_on = models.DateField(_("referred for protection on"), null=True, blank=True)
    protection_case = models.ForeignKey(
        "protection.ProtectionCase", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(against="agency") | models.Q(agency__isnull=False),
                name="complaint_against_agency_names_it",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["received", "investigating"], closed_on__isnull=True)
                | (models.Q(status__in=["resolved", "dismissed"]) & models.Q(closed_on__isnull=False)),
                name="complaint_closure_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.received_on:%Y-%m-%d}"

    @property
    def against_label(self) -> str:
        return str(self.agency) if self.against == ComplaintAgainst.AGENCY else self.against_name
