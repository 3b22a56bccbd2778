"""Return and reintegration: a migrant's return (when, from where, why, through which border point and
quarantine centre, screening for trafficking or exploitation, savings, debts, skills gained, what they need)
and the referrals made for them to services, followed until the service is given or not."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import BaseModel


class ReturnReason(models.TextChoices):
    CONTRACT_ENDED = "contract_ended", _("Contract ended")
    COVID19 = "covid19", _("COVID-19")
    DEPORTED = "deported", _("Deported")
    FLED = "fled", _("Fled exploitation or abuse")
    FAMILY = "family", _("Family reasons")
    OTHER = "other", _("Other")


class BorderPoint(models.TextChoices):
    """The international checkpoints most returns from Thailand come through, and the rest."""

    FRIENDSHIP_1 = "friendship_1", _("Friendship Bridge I (Vientiane – Nong Khai)")
    FRIENDSHIP_2 = "friendship_2", _("Friendship Bridge II (Savannakhet – Mukdahan)")
    FRIENDSHIP_3 = "friendship_3", _("Friendship Bridge III (Thakhek – Nakhon Phanom)")
    FRIENDSHIP_4 = "friendship_4", _("Friendship Bridge IV (Houayxay – Chiang Khong)")
    VANGTAO = "vangtao", _("Vangtao (Champasak – Chong Mek)")
    OTHER_CHECKPOINT = "other_checkpoint", _("Another checkpoint")
    IRREGULAR = "irregular", _("Not through a checkpoint")


class Screening(models.TextChoices):
    NOT_SCREENED = "not_screened", _("Not screened")
    NO_INDICATORS = "no_indicators", _("Screened: no indicators")
    INDICATORS = "indicators", _("Screened: indicators of trafficking or exploitation")


class Service(models.TextChoices):
    """What a returnee needs and is referred to (the reintegration services)."""

    TRAINING = "training", _("Skills training")
    JOB = "job", _("Job placement")
    HEALTH = "health", _("Health care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    LEGAL = "legal", _("Legal aid")
    DIRECT_ASSISTANCE = "direct_assistance", _("Direct assistance (cash or in kind)")
    SHELTER = "shelter", _("Shelter")
    OTHER = "other", _("Other")


class Return(BaseModel):
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="returns", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="returns_recorded",
        verbose_name=_("recorded by"),
    )
    funding_project = models.ForeignKey(
        "results.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("funding project"),
    )
    returned_on = models.DateField(_("returned on"))
    from_country = models.ForeignKey(
        "places.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("returned from")
    )
    reason = models.CharField(_("reason for return"), max_length=16, choices=ReturnReason.choices)
    border_point = models.CharField(_("border point"), max_length=20, choices=BorderPoint.choices, blank=True)
    quarantine_centre = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="returns_received",
        verbose_name=_("quarantine centre"),
    )
    screening = models.CharField(
        _("screening for trafficking or exploitation"),
        max_length=16,
        choices=Screening.choices,
        default=Screening.NOT_SCREENED,
    )
    # In kip; empty when not asked. Savings and debts decide whether cash assistance or a loan referral helps.
    savings_lak = models.PositiveBigIntegerField(_("savings (LAK)"), null=True, blank=True)
    debt_lak = models.PositiveBigIntegerField(_("debts (LAK)"), null=True, blank=True)
    skills_gained = models.CharField(_("skills gained abroad"), max_length=300, blank=True)
    # The needs assessment: which services the person needs (Service values).
    needs = models.JSONField(_("needs"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-returned_on", "-created_at"]
        indexes = [models.Index(fields=["returned_on"], name="return_returned_on_idx")]
        constraints = [
            models.UniqueConstraint(fields=["person", "returned_on"], name="return_once_per_person_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.returned_on:%Y-%m-%d} · {self.from_country}"

    @property
    def need_labels(self) -> list[str]:
        labels = dict(Service.choices)
        return [str(labels.get(code, code)) for code in self.needs]


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    COMPLETED = "completed", _("Service received")
    DECLINED = "declined", _("Declined by the person")
    NOT_PROVIDED = "not_provided", _("Not provided")


class Referral(BaseModel):
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="referrals", verbose_name=_("person")
    )
    # The return the referral follows, when it does (a referral can also follow an MRC's counselling).
    after_return = models.ForeignKey(
        Return, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    referred_to = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("referred to"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_made",
        verbose_name=_("referred by"),
    )
    funding_project = models.ForeignKey(
        "results.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("funding project"),
    )
    referred_on = models.DateField(_("referred on"))
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.REFERRED
    )
    # When the service was received, declined or found unavailable.
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    # The referrer's note and, apart, the receiving side's note on the outcome: neither overwrites the other.
    note = models.TextField(_("note"), blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-referred_on", "-created_at"]
        indexes = [models.Index(fields=["referred_on"], name="referral_referred_on_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="referred", outcome_on__isnull=True)
                | (~models.Q(status="referred") & models.Q(outcome_on__isnull=False)),
                name="referral_outcome_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} · {self.referred_on:%Y-%m-%d}"
