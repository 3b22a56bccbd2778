from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.languages import reader_language

# The interface language in which a country's places read in their own script.
LOCAL_SCRIPT_LANGUAGE = {"LA": "lo", "TH": "th"}


def shown_name(place) -> str:
    """The name kept for the reader's language (`name_lo`, `name_th`) when there is one; else Lao places read
    in Lao script in the Lao interface, Thai places in Thai script in the Thai one; everything else in
    English. Organisations follow the same rule."""
    language = reader_language()
    translated = getattr(place, f"name_{language}", "") if language != "en" else ""
    if translated:
        return translated
    if place.name_local and language == LOCAL_SCRIPT_LANGUAGE.get(place.country_code):
        return place.name_local
    return place.name_en or place.name_local


class Country(models.Model):
    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_local = models.CharField(_("name (local script)"), max_length=100)
    name_lo = models.CharField(_("name (Lao)"), max_length=100, blank=True)
    name_th = models.CharField(_("name (Thai)"), max_length=100, blank=True)
    phone_region = models.CharField(max_length=2, help_text="Region code for phone numbers without +")

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return shown_name(self)

    @property
    def country_code(self) -> str:
        return self.code


class Province(models.Model):
    """A first-level division, keyed by its ISO 3166-2 code (LA-VT, TH-10)."""

    code = models.CharField(_("ISO 3166-2 code"), max_length=6, primary_key=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="provinces")
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_local = models.CharField(_("name (local script)"), max_length=100)
    # The name in the other interface language's script (a Lao province in Thai), when it differs.
    name_lo = models.CharField(_("name (Lao)"), max_length=100, blank=True)
    name_th = models.CharField(_("name (Thai)"), max_length=100, blank=True)
    # Romanised spellings partners actually write ("Savanakhet", "Svk"); used to match free text.
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["country", "name_en"]

    def __str__(self) -> str:
        return shown_name(self)

    @property
    def is_lao(self) -> bool:
        return self.country_id == "LA"

    @property
    def country_code(self) -> str:
        return self.country_id


class District(models.Model):
    """A district as it exists between two dates; Lao districts are split and renamed from time to time."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    code = models.CharField(_("official code"), max_length=8)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_local = models.CharField(_("name (local script)"), max_length=100)
    aliases = models.JSONField(default=list, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["province", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="district_code_valid_from_unique"),
        ]

    # Only Lao districts are loaded; other countries' places stop at the province.
    is_lao = True
    country_code = "LA"

    def __str__(self) -> str:
        return shown_name(self)


class Village(models.Model):
    """Villages are added as people are registered from them; there is no complete national list."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name_local = models.CharField(_("name (local script)"), max_length=100)
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["district", "name_local"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name_local"], name="village_name_unique_in_district"
            ),
        ]

    is_lao = True
    country_code = "LA"

    def __str__(self) -> str:
        return shown_name(self)
