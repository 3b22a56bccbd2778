"""Reads of reference places, including matching the free-text spellings partners use."""

import datetime
import math
import time
import unicodedata

from django.db.models import Case, Q, QuerySet, Value, When

from pathways.places.models import Country, District, Province


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def province_list(*, country: str | None = None) -> QuerySet[Province]:
    qs = Province.objects.select_related("country")
    return qs.filter(country_id=country) if country else qs


def provinces_lao_first() -> QuerySet[Province]:
    """Every province for a place-of-work or session choice: Lao PDR's first (most jobs and sessions are at
    home), then the other countries', each by name."""
    lao_first = Case(When(country_id="LA", then=Value(0)), default=Value(1))
    return province_list().order_by(lao_first, "country_id", "name_en")


# Matching runs once per imported row, so the reference tables are indexed in memory. They change only when
# reference data is loaded (a migration or places.services), which calls clear_match_cache(); the index is
# also rebuilt every few minutes so a change made by another process is picked up.
_CACHE_SECONDS = 300
_cache: dict = {}


def clear_match_cache() -> None:
    _cache.clear()


def _index(name: str, build):
    entry = _cache.get(name)
    # A pinned entry (match_index_use) has an infinite time stamp and never expires.
    if entry is None or (entry[0] != math.inf and time.monotonic() - entry[0] > _CACHE_SECONDS):
        entry = _cache[name] = (time.monotonic(), build())
    return entry[1]


def match_index() -> dict:
    """The in-memory matching index as plain picklable data, for worker processes that validate import
    rows without a database connection (see match_index_use)."""
    today = datetime.date.today()
    return {
        "provinces": _index("provinces", _province_index),
        "province_objects": _index("province_objects", _province_objects),
        f"districts:{today}": _index(f"districts:{today}", _district_index),
        f"district_objects:{today}": _index(f"district_objects:{today}", _district_objects),
    }


def match_index_use(index: dict) -> None:
    """Match places from `index` (match_index() of another process) in this worker process: the entries
    never expire, so the worker never needs the database. Not for the web processes, whose index must
    follow changes to the reference tables."""
    for name, value in index.items():
        entry = _cache.get(name)
        if entry is None or entry[1] is not value:
            _cache[name] = (math.inf, value)


def _within_one_edit(a: str, b: str) -> bool:
    """True when b is a with one letter added, dropped or changed (Savanakhet / Savannakhet)."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = j = edits = 0
    while i < len(a) and j < len(b):
        if a[i] != b[j]:
            edits += 1
            if edits > 1:
                return False
            if len(a) == len(b):
                i += 1
            j += 1
        else:
            i += 1
            j += 1
    return edits + (len(b) - j) + (len(a) - i) <= 1


def _lookup(wanted: str, exact: dict[str, list], fuzzy_min: int = 5) -> list:
    """Exact folded matches, else unique candidates within one edit of a known spelling (long names only:
    'VT' and 'VTE' must not be taken for each other)."""
    if wanted in exact:
        return exact[wanted]
    if len(wanted) < fuzzy_min:
        return []
    found: list = []
    for spelling, items in exact.items():
        if len(spelling) >= fuzzy_min and _within_one_edit(wanted, spelling):
            found += [i for i in items if i not in found]
    return found


def _province_index() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for province in Province.objects.all():
        names = [province.code, province.name_en, province.name_local, *province.aliases]
        if province.country_id == "LA":
            names.append(province.code.split("-", 1)[1])
        for name in names:
            codes = index.setdefault(_fold(name), [])
            if province.code not in codes:
                codes.append(province.code)
    return index


def province_match(text: str) -> Province | None:
    """Find a province by ISO code, short code, name in either script, a known alias, or one of those
    misspelt by one letter (when that points to a single province)."""
    wanted = _fold(text)
    if not wanted:
        return None
    codes = _lookup(wanted, _index("provinces", _province_index))
    if len(codes) != 1:
        return None
    return _index("province_objects", _province_objects).get(codes[0])


def _province_objects() -> dict:
    return {p.code: p for p in Province.objects.all()}


# Spellings of countries partners write besides the ISO code and the names stored on Country.
COUNTRY_ALIASES = {
    "LA": ["Laos", "Lao", "Lao PDR", "Lao People's Democratic Republic", "ລາວ", "ສປປລາວ", "ປະເທດລາວ"],
    "TH": ["Thai", "Thailand", "ໄທ", "ປະເທດໄທ", "ไทย"],
    "KH": ["Cambodia", "Kampuchea", "ກຳປູເຈຍ"],
    "MM": ["Myanmar", "Burma", "ມຽນມາ"],
    "KR": ["Korea", "South Korea", "Republic of Korea", "ROK", "ເກົາຫຼີ", "ເກົາຫລີ", "ເກົາຫຼີໃຕ້"],
    "JP": ["Japan", "ຍີ່ປຸ່ນ", "ປະເທດຍີ່ປຸ່ນ"],
    "MY": ["Malaysia", "ມາເລເຊຍ", "มาเลเซีย"],
    "CN": ["China", "PRC", "ຈີນ", "ປະເທດຈີນ", "จีน"],
    "VN": ["Vietnam", "Viet Nam", "ຫວຽດນາມ", "ປະເທດຫວຽດນາມ", "เวียดนาม"],
    "SG": ["Singapore", "ສິງກະໂປ", "สิงคโปร์"],
}


def country_match(text: str) -> Country | None:
    """Find a country by ISO code, its name in English or its own script, or a common spelling."""
    wanted = _fold(text)
    if not wanted:
        return None
    for country in Country.objects.all():
        names = [country.code, country.name_en, country.name_local, *COUNTRY_ALIASES.get(country.code, [])]
        if wanted in {_fold(n) for n in names}:
            return country
    return None


def district_list(*, province: Province | None = None, on: datetime.date | None = None) -> QuerySet[District]:
    """Districts in force on a date (today by default)."""
    on = on or datetime.date.today()
    qs = District.objects.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    return qs.filter(province=province) if province else qs


def _district_index() -> dict[str | None, dict[str, list[int]]]:
    """Folded spelling -> district ids, for districts in force today, per province and for all (None)."""
    index: dict[str | None, dict[str, list[int]]] = {None: {}}
    for district in district_list():
        for name in [district.code, district.name_en, district.name_local, *district.aliases]:
            for key in (None, district.province_id):
                ids = index.setdefault(key, {}).setdefault(_fold(name), [])
                if district.pk not in ids:
                    ids.append(district.pk)
    return index


def district_match(text: str, *, province: Province | None = None) -> District | None:
    """Find a district in force by official code, name in either script, a known alias, or one of those
    misspelt by one letter (when that points to a single district of the province)."""
    wanted = _fold(text)
    if not wanted:
        return None
    index = _index(f"districts:{datetime.date.today()}", _district_index)
    ids = _lookup(wanted, index.get(province.code if province else None, {}))
    if len(ids) != 1:
        return None
    return _index(f"district_objects:{datetime.date.today()}", _district_objects).get(ids[0])


def _district_objects() -> dict:
    return {d.pk: d for d in district_list().select_related("province")}
