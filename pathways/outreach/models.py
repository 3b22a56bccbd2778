"""Information sessions: the pre-decision step of the migrant journey (village campaigns, sessions at a
Migration Resource Centre, pre-departure orientations). Who attended is recorded by name when names are taken,
otherwise as a head count by sex; a named attendee may have a test score before and after."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import BaseModel


class Topic(models.TextChoices):
    SAFE_MIGRATION = "safe_migration", _("Safe migration")
    PRE_DEPARTURE = "pre_departure", _("Pre-departure orientation")
    LABOUR_RIGHTS = "labour_rights", _("Labour rights and complaints")
    TRAFFICKING = "trafficking", _("Trafficking and exploitation")
    OTHER = "other", _("Other")


class InformationSession(BaseModel):
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="information_sessions",
        verbose_name=_("run by"),
    )
    funding_project = models.ForeignKey(
        "results.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("funding project"),
    )
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    province = models.ForeignKey(
        "places.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    district = models.ForeignKey(
        "places.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
    )
    venue = models.CharField(_("village or venue"), max_length=200, blank=True)
    # Attendees whose names were not taken (a village meeting): counted by sex, never as people.
    women_not_named = models.PositiveIntegerField(_("women not named"), default=0)
    men_not_named = models.PositiveIntegerField(_("men not named"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["held_on"], name="information_session_held_idx")]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} · {self.held_on:%Y-%m-%d} · {self.organisation}"


class SessionAttendance(BaseModel):
    session = models.ForeignKey(
        InformationSession, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="session_attendances",
        verbose_name=_("person"),
    )
    # Percent correct in the session's short test, before and after; empty when no test was given.
    pre_test = models.PositiveSmallIntegerField(
        _("test before (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    post_test = models.PositiveSmallIntegerField(
        _("test after (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_once_per_session"),
            models.CheckConstraint(
                condition=models.Q(pre_test__lte=100) & models.Q(post_test__lte=100),
                name="attendance_scores_are_percentages",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.session}"
