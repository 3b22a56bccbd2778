from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import BaseModel
from pathways.places.models import shown_name


class OrganisationKind(models.TextChoices):
    MINISTRY_DEPARTMENT = "ministry_department", _("Ministry department")
    TVET_SCHOOL = "tvet_school", _("TVET school")
    SKILLS_CENTRE = "skills_centre", _("Skills development centre")
    MRC = "mrc", _("Migration Resource Centre")
    QUARANTINE_CENTRE = "quarantine_centre", _("Quarantine centre")
    TRADE_UNION = "trade_union", _("Trade union")
    MASS_ORGANISATION = "mass_organisation", _("Mass organisation")
    CSO = "cso", _("Civil society organisation")
    EMPLOYER = "employer", _("Employer")
    RECRUITMENT_AGENCY = "recruitment_agency", _("Recruitment agency")
    UN_AGENCY = "un_agency", _("UN agency")
    DONOR = "donor", _("Donor")


class Organisation(BaseModel):
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_local = models.CharField(_("name (local script)"), max_length=200, blank=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    country = models.ForeignKey("places.Country", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(
        "places.Province", null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    district = models.ForeignKey(
        "places.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_en", "country"], name="organisation_name_unique_in_country"
            ),
        ]

    def __str__(self) -> str:
        return self.acronym or self.name_en

    @property
    def country_code(self) -> str:
        return self.country_id

    @property
    def display_name(self) -> str:
        """The full name in the reader's language (Lao organisations in Lao script in the Lao interface)."""
        return shown_name(self)


class Membership(BaseModel):
    """A user working for an organisation; it is what scopes partner staff to their organisation's records."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    title = models.CharField(_("job title"), max_length=120, blank=True)
    is_primary = models.BooleanField(
        _("primary"),
        default=True,
        help_text=_("Records this user creates belong to the primary organisation."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"
