"""Disaggregation dimensions as SQL expressions, so every figure is a GROUP BY, never a loop over people.

Age is taken at the end of the reporting period, from the date of birth or, when only the year is known,
from the birth year; the Washington Group rule (a lot of difficulty or cannot do in any domain) is a CASE.
"""

import datetime
from typing import Any

from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import Expression
from django.utils.translation import gettext_lazy as _

from pathways.people.models import WG_DOMAINS, Difficulty, MigrantStatus, Sex

PERSON_DIMENSIONS = ["sex", "age_band", "disability", "province", "migrant_status"]
DIMENSION_LABELS = {
    "sex": _("Sex"),
    "age_band": _("Age"),
    "disability": _("Disability"),
    "province": _("Province"),
    "migrant_status": _("Migrant status"),
}
UNKNOWN = "unknown"


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def band_labels(bands: list[int]) -> list[tuple[str, str]]:
    """[(value, label)] for the lower bounds given, youngest first: <15, 15–24, ... 45+."""
    bands = sorted(bands)
    out = []
    for i, low in enumerate(bands):
        if i + 1 < len(bands):
            high = bands[i + 1] - 1
            label = f"<{bands[i + 1]}" if low == 0 else f"{low}–{high}"
        else:
            label = f"{low}+"
        out.append((label, label))
    return out


def age_band(prefix: str, *, on: datetime.date, bands: list[int]) -> Expression:
    labels = [label for label, _ in band_labels(bands)]
    # Oldest band first, so each WHEN only needs the lower bound of the age; the date of birth is tested for
    # NULL once, not in every WHEN (this CASE runs for every person of a report).
    oldest_first = sorted(zip(sorted(bands), labels, strict=True), reverse=True)
    by_date = Case(
        *(
            When(**{f"{prefix}birth_date__lte": _years_before(on, low)}, then=Value(label))
            for low, label in oldest_first
        ),
        default=Value(UNKNOWN),
    )
    by_year = Case(
        *(
            When(**{f"{prefix}birth_year__lte": on.year - low}, then=Value(label))
            for low, label in oldest_first
        ),
        default=Value(UNKNOWN),
    )
    return Case(When(**{f"{prefix}birth_date__isnull": False}, then=by_date), default=by_year)


def disability(prefix: str) -> Expression:
    any_domain = Q()
    for domain in WG_DOMAINS:
        any_domain |= Q(**{f"{prefix}{domain}__gte": Difficulty.A_LOT})
    none_answered = Q(**{f"{prefix}{domain}__isnull": True for domain in WG_DOMAINS})
    return Case(
        When(any_domain, then=Value("yes")),
        When(none_answered, then=Value(UNKNOWN)),
        default=Value("no"),
    )


def person_expressions(person_path: str, *, on: datetime.date, bands: list[int]) -> dict[str, Any]:
    prefix = f"{person_path}__" if person_path else ""
    return {
        "sex": F(f"{prefix}sex"),
        "age_band": age_band(prefix, on=on, bands=bands),
        "disability": disability(prefix),
        "province": F(f"{prefix}home_province_id"),
        "migrant_status": F(f"{prefix}migrant_status"),
    }


def value_choices(dimension: str, *, bands: list[int]) -> list[tuple[str, str]]:
    """Values always shown for a dimension (even when zero), in display order, with labels."""
    if dimension == "sex":
        return [(v, str(label)) for v, label in Sex.choices]
    if dimension == "migrant_status":
        return [(v, str(label)) for v, label in MigrantStatus.choices]
    if dimension == "age_band":
        return band_labels(bands)
    if dimension == "disability":
        return [("yes", str(_("With disability"))), ("no", str(_("Without disability")))]
    return []


def value_label(dimension: str, value: str, *, bands: list[int], places: dict[str, str]) -> str:
    if value == UNKNOWN:
        return str(_("Not recorded"))
    if dimension == "province":
        return places.get(value, value)
    return dict(value_choices(dimension, bands=bands)).get(value, value)
