"""Reads of reference places, including matching the free-text spellings partners use."""

import datetime
import unicodedata

from django.db.models import Q, QuerySet

from pathways.places.models import District, Province


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def province_list(*, country: str | None = None) -> QuerySet[Province]:
    qs = Province.objects.select_related("country")
    return qs.filter(country_id=country) if country else qs


def province_match(text: str) -> Province | None:
    """Find a province by ISO code, short code, name in either script, or a known alias."""
    wanted = _fold(text)
    if not wanted:
        return None
    for province in Province.objects.all():
        short = province.code.split("-", 1)[1]
        candidates = [province.code, province.name_en, province.name_local, *province.aliases]
        if wanted in {_fold(c) for c in candidates} or (
            province.country_id == "LA" and wanted == _fold(short)
        ):
            return province
    return None


def district_list(*, province: Province | None = None, on: datetime.date | None = None) -> QuerySet[District]:
    """Districts in force on a date (today by default)."""
    on = on or datetime.date.today()
    qs = District.objects.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    return qs.filter(province=province) if province else qs


def district_match(text: str, *, province: Province | None = None) -> District | None:
    """Find a district in force by official code, name in either script, or a known alias."""
    wanted = _fold(text)
    if not wanted:
        return None
    for district in district_list(province=province):
        candidates = [district.code, district.name_en, district.name_local, *district.aliases]
        if wanted in {_fold(c) for c in candidates}:
            return district
    return None
