"""Employment: vacancies posted by employers, placements of people in jobs, retention follow-ups."""

import calendar
import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import BaseModel
from pathways.training.models import Sector, isco_code_validator


class Currency(models.TextChoices):
    LAK = "LAK", _("Lao kip (LAK)")
    THB = "THB", _("Thai baht (THB)")
    USD = "USD", _("US dollar (USD)")
    KRW = "KRW", _("Korean won (KRW)")
    JPY = "JPY", _("Japanese yen (JPY)")
    MYR = "MYR", _("Malaysian ringgit (MYR)")


# A country's currency when a wage is given without one: what sheets and forms mean by a bare number.
CURRENCY_OF_COUNTRY = {"LA": "LAK", "TH": "THB", "KR": "KRW", "JP": "JPY", "MY": "MYR"}


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class Vacancy(BaseModel):
    employer = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="vacancies",
        verbose_name=_("employer"),
    )
    title_en = models.CharField(_("job title (English)"), max_length=200)
    title_lo = models.CharField(_("job title (Lao)"), max_length=200, blank=True)
    isco_code = models.CharField(
        _("ISCO-08 occupation"), max_length=4, validators=[isco_code_validator], help_text=_("e.g. 8153")
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    description = models.TextField(_("description"), blank=True)
    country = models.ForeignKey(
        "places.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    province = models.ForeignKey(
        "places.Province",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
    )
    openings = models.PositiveSmallIntegerField(_("openings"), validators=[MinValueValidator(1)])
    wage_monthly = models.PositiveIntegerField(_("monthly wage offered"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=VacancyStatus.choices, default=VacancyStatus.OPEN
    )
    posted_by = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="vacancies_posted",
        verbose_name=_("posted by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_on", "title_en"]
        verbose_name_plural = "vacancies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(isco_code__regex=r"^[0-9]{4}$"), name="vacancy_isco_4_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__isnull=True) | models.Q(closes_on__gte=models.F("opens_on")),
                name="vacancy_closes_after_opening",
            ),
            models.CheckConstraint(condition=models.Q(openings__gte=1), name="vacancy_at_least_one_opening"),
        ]

    def __str__(self) -> str:
        return f"{self.title_en} · {self.employer}"

    @property
    def is_abroad(self) -> bool:
        return self.country_id != "LA"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 3 = 30 Apr)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Placement(BaseModel):
    """A person starting a job, at home or abroad; the natural key is (person, employer, start date)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="placements", verbose_name=_("person")
    )
    vacancy = models.ForeignKey(
        Vacancy,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("vacancy"),
    )
    employer = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("employer"),
    )
    job_title = models.CharField(_("job title"), max_length=200)
    isco_code = models.CharField(
        _("ISCO-08 occupation"), max_length=4, blank=True, validators=[isco_code_validator]
    )
    # Domestic or abroad is the country: LA is a job at home, anything else abroad (never stored twice).
    country = models.ForeignKey(
        "places.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    province = models.ForeignKey(
        "places.Province",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    wage_monthly = models.PositiveIntegerField(_("monthly wage"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    funding_project = models.ForeignKey(
        "results.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("funding project"),
    )
    recorded_by_organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="placements_recorded",
        verbose_name=_("recorded by"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-starts_on", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "employer", "starts_on"], name="placement_natural_key"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(isco_code="") | models.Q(isco_code__regex=r"^[0-9]{4}$"),
                name="placement_isco_4_digits",
            ),
        ]
        # Results count the people placed in a period (domestic or abroad, funded by a project) from this
        # index alone, without reading the placements themselves.
        indexes = [
            models.Index(
                fields=["starts_on", "funding_project", "person", "country"], name="placement_start_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.job_title} · {self.employer} · {self.starts_on:%Y-%m-%d}"

    @property
    def is_abroad(self) -> bool:
        return self.country_id != "LA"

    def due_on(self, checkpoint: int) -> datetime.date:
        return add_months(self.starts_on, checkpoint)


class Checkpoint(models.IntegerChoices):
    THREE_MONTHS = 3, _("3 months")
    SIX_MONTHS = 6, _("6 months")


class RetentionFollowUp(BaseModel):
    """Whether the person still works, asked 3 and 6 months after the start (once per checkpoint).

    `still_employed` is empty when the person could not be reached: the checkpoint is closed (tried and
    recorded) but says nothing about the job, so a retention rate leaves it out of its denominator."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("placement")
    )
    checkpoint = models.PositiveSmallIntegerField(_("checkpoint"), choices=Checkpoint.choices)
    checked_on = models.DateField(_("checked on"))
    still_employed = models.BooleanField(
        _("still employed"), null=True, blank=True, help_text=_("Empty: the person could not be reached.")
    )
    current_wage = models.PositiveIntegerField(_("current monthly wage"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["placement", "checkpoint"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "checkpoint"], name="follow_up_once_per_checkpoint"),
            models.CheckConstraint(
                condition=models.Q(checkpoint__in=[3, 6]), name="follow_up_checkpoint_3_or_6"
            ),
            models.CheckConstraint(
                condition=models.Q(still_employed__isnull=False) | models.Q(current_wage__isnull=True),
                name="follow_up_wage_only_when_reached",
            ),
        ]
        # Results read the follow-ups of a period (3.1.4) by date, then their placements by key.
        indexes = [
            models.Index(
                fields=["checked_on", "checkpoint", "still_employed", "placement"],
                name="follow_up_checked_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} +{self.checkpoint}m {self.checked_on:%Y-%m-%d}"

    @property
    def due_on(self) -> datetime.date:
        return self.placement.due_on(self.checkpoint)

    @property
    def reached(self) -> bool:
        return self.still_employed is not None
