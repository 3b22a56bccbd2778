import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import BaseModel


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class MigrantStatus(models.TextChoices):
    PROSPECTIVE = "prospective", _("Prospective migrant")
    CURRENT = "current", _("Current migrant")
    RETURNEE = "returnee", _("Returnee")
    FAMILY_MEMBER = "family_member", _("Family member of a migrant")
    NON_MIGRANT = "non_migrant", _("Not a migrant")


class Difficulty(models.IntegerChoices):
    """Washington Group Short Set answer scale."""

    NONE = 1, _("No difficulty")
    SOME = 2, _("Some difficulty")
    A_LOT = 3, _("A lot of difficulty")
    CANNOT = 4, _("Cannot do at all")


WG_DOMAINS = {
    "wg_seeing": _("Seeing, even if wearing glasses"),
    "wg_hearing": _("Hearing, even if using a hearing aid"),
    "wg_walking": _("Walking or climbing steps"),
    "wg_remembering": _("Remembering or concentrating"),
    "wg_selfcare": _("Self-care, such as washing all over or dressing"),
    "wg_communicating": _("Communicating in the usual language"),
}


def _wg_field(domain: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        WG_DOMAINS[domain], choices=Difficulty.choices, null=True, blank=True
    )


class Person(BaseModel):
    """One real person in the registry; every partner's activity points here."""

    given_name_lo = models.CharField(_("given name (Lao script)"), max_length=100, blank=True)
    family_name_lo = models.CharField(_("family name (Lao script)"), max_length=100, blank=True)
    given_name_latin = models.CharField(_("given name (Latin)"), max_length=100, blank=True)
    family_name_latin = models.CharField(_("family name (Latin)"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # Many returnees know only their birth year; it is kept apart so age bands stay honest.
    birth_year = models.PositiveSmallIntegerField(_("birth year (estimated)"), null=True, blank=True)
    migrant_status = models.CharField(_("migrant status"), max_length=16, choices=MigrantStatus.choices)
    home_province = models.ForeignKey(
        "places.Province",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home province"),
    )
    home_district = models.ForeignKey(
        "places.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home district"),
    )
    home_village = models.ForeignKey(
        "places.Village",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home village"),
    )
    wg_seeing = _wg_field("wg_seeing")
    wg_hearing = _wg_field("wg_hearing")
    wg_walking = _wg_field("wg_walking")
    wg_remembering = _wg_field("wg_remembering")
    wg_selfcare = _wg_field("wg_selfcare")
    wg_communicating = _wg_field("wg_communicating")
    owner_organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when identity resolution merged this record into another; the record is kept (hidden from every
    # selector and count) so the merge can be undone. Not indexed on purpose: nearly every row is NULL, and
    # with an index SQLite's planner picks it for "merged_into IS NULL" over the key a query really needs.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        db_index=False,
        on_delete=models.PROTECT,
        related_name="merged_records",
        verbose_name=_("merged into"),
    )
    # Derived keys, rewritten by the services on every change (see people.names).
    name_sort_key = models.CharField(max_length=400, db_index=True, editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["name_sort_key", "id"]
        indexes = [
            models.Index(fields=["home_province", "name_sort_key"]),
            models.Index(fields=["owner_organisation", "name_sort_key"]),
            # Likely-duplicate checks of imports look up (name key, birth year or date): a common name is
            # held by thousands in a registry of millions, and without the birth in the index each of them
            # is read from the table to compare the year.
            models.Index(fields=["name_sort_key", "birth_year", "birth_date"], name="person_name_birth"),
            # Results count people registered in a reporting period: a range on created_at, not a full scan.
            models.Index(fields=["created_at"], name="person_created_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(given_name_lo="") & models.Q(given_name_latin="")),
                name="person_has_a_given_name",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        lao = " ".join(filter(None, [self.given_name_lo, self.family_name_lo]))
        latin = " ".join(filter(None, [self.given_name_latin, self.family_name_latin]))
        return f"{lao} ({latin})" if lao and latin else lao or latin

    @property
    def has_disability(self) -> bool:
        """Washington Group rule: 'a lot of difficulty' or 'cannot do' in any of the six domains."""
        return any((getattr(self, field) or 0) >= Difficulty.A_LOT for field in WG_DOMAINS)

    def age_on(self, day: datetime.date) -> int | None:
        if self.birth_date:
            return (
                day.year
                - self.birth_date.year
                - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))
            )
        return day.year - self.birth_year if self.birth_year else None


class AliasKind(models.TextChoices):
    LATIN_SPELLING = "latin", _("Other Latin spelling")
    LAO_SPELLING = "lao", _("Other Lao spelling")
    NICKNAME = "nickname", _("Nickname")


class PersonAlias(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField(_("kind"), max_length=10, choices=AliasKind.choices)
    value = models.CharField(_("name"), max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "kind", "value"], name="alias_unique")]

    def __str__(self) -> str:
        return self.value


class Phone(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("phone number (E.164)"), max_length=20)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "number"], name="phone_unique_per_person")]
        indexes = [models.Index(fields=["number"])]

    def __str__(self) -> str:
        return self.number


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    NATIONAL_ID = "national_id", _("National ID card")
    FAMILY_BOOK = "family_book", _("Family book")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    WORK_PERMIT = "work_permit", _("Work permit")
    THAI_PINK_CARD = "pink_card", _("Thai pink card (migrant ID)")
    OTHER = "other", _("Other")


class IdentityDocument(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document type"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=40)
    issuing_country = models.ForeignKey(
        "places.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing country")
    )
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "number"], name="document_unique_per_person"),
        ]
        indexes = [models.Index(fields=["kind", "number"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class ConsentPurpose(models.TextChoices):
    REGISTRATION = "registration", _("Registration and case management")
    SERVICES = "services", _("Referral to services")
    FOLLOW_UP = "follow_up", _("Follow-up contact")
    SHARING = "sharing", _("Sharing with partners under agreement")
    RESEARCH = "research", _("Anonymous statistics and research")


class ConsentMethod(models.TextChoices):
    SIGNED = "signed", _("Signed form")
    THUMBPRINT = "thumbprint", _("Thumbprint")
    VERBAL = "verbal", _("Verbal, witnessed")
    DIGITAL = "digital", _("Digital (form or app)")


# The languages a privacy notice is read out in, each named in itself (the person heard it in that language).
NOTICE_LANGUAGES = [("lo", "ລາວ"), ("en", "English"), ("th", "ไทย")]


class Consent(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField(_("date given"))
    purposes = models.JSONField(_("purposes"), default=list)
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    notice_language = models.CharField(_("notice language"), max_length=8)
    method = models.CharField(_("method"), max_length=12, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_on = models.DateField(_("date withdrawn"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)

    class Meta:
        ordering = ["-given_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.given_on}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None

    @property
    def notice_language_name(self) -> str:
        return dict(NOTICE_LANGUAGES).get(self.notice_language, self.notice_language)

    @property
    def purpose_labels(self) -> list[str]:
        return [str(ConsentPurpose(code).label) for code in self.purposes if code in ConsentPurpose.values]
