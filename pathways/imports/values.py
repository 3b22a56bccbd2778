"""Turn spreadsheet cells into Python values: dates in every shape partners send, numbers, clean text."""

import datetime
import re
import unicodedata
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_CELL_CHARS = 2000
EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Thai documents and some Lao forms write Buddhist-era years: 2564 BE is 2021 CE.
BUDDHIST_ERA_OFFSET = 543
_MYANMAR = re.compile("[\u1000-\u109f]")


def is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith("=") and len(value) > 1


@lru_cache(maxsize=1)
def _zawgyi():
    import icu
    from myanmartools import ZawgyiDetector

    return ZawgyiDetector(), icu.Transliterator.createInstance("Zawgyi-my")


def zawgyi_to_unicode(text: str) -> str:
    """Convert Burmese typed in the legacy Zawgyi font encoding to Unicode; leave Unicode Burmese alone."""
    if not _MYANMAR.search(text):
        return text
    detector, converter = _zawgyi()
    if detector.get_zawgyi_probability(text) > 0.95:
        return unicodedata.normalize("NFC", converter.transliterate(text))
    return text


def clean_text(value) -> str:
    """Return the cell as trimmed NFC text; integral floats (phones, codes typed in Excel) lose their .0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        value = value.date()
    text = str(value).replace("\u00a0", " ").strip()
    if len(text) > MAX_CELL_CHARS:
        raise ValidationError(
            _("This cell holds %(n)s characters; at most %(max)s are accepted. Is it the right column?")
            % {"n": f"{len(text):,}", "max": f"{MAX_CELL_CHARS:,}"}
        )
    if is_formula(text):
        raise ValidationError(
            _(
                "This cell is a spreadsheet formula (%(f)s); imports take values only. "
                "Copy and paste as values."
            )
            % {"f": text[:40]}
        )
    return zawgyi_to_unicode(unicodedata.normalize("NFC", text))


def _year(y: int) -> int:
    if y >= 2400:
        return y - BUDDHIST_ERA_OFFSET
    return y


# Lao (໐-໙) and Thai (๐-๙) digits, as typed on Lao and Thai keyboards.
_DIGITS = str.maketrans("໐໑໒໓໔໕໖໗໘໙๐๑๒๓๔๕๖๗๘๙", "01234567890123456789")
# Month names and abbreviations in English, Lao and Thai, folded (lower case, no dots or spaces).
_MONTHS: dict[str, int] = {}
for _number, _spellings in enumerate(
    [
        ("jan", "january", "ມັງກອນ", "ມກ", "มกราคม", "มค"),
        ("feb", "february", "ກຸມພາ", "ກພ", "กุมภาพันธ์", "กพ"),
        ("mar", "march", "ມີນາ", "ມນ", "มีนาคม", "มีค"),
        ("apr", "april", "ເມສາ", "ມສ", "เมษายน", "เมย"),
        ("may", "ພຶດສະພາ", "ພພ", "พฤษภาคม", "พค"),
        ("jun", "june", "ມິຖຸນາ", "ມຖ", "มิถุนายน", "มิย"),
        ("jul", "july", "ກໍລະກົດ", "ກລ", "กรกฎาคม", "กค"),
        ("aug", "august", "ສິງຫາ", "ສຫ", "สิงหาคม", "สค"),
        ("sep", "sept", "september", "ກັນຍາ", "ກຍ", "กันยายน", "กย"),
        ("oct", "october", "ຕຸລາ", "ຕລ", "ตุลาคม", "ตค"),
        ("nov", "november", "ພະຈິກ", "ພຈ", "พฤศจิกายน", "พย"),
        ("dec", "december", "ທັນວາ", "ທວ", "ธันวาคม", "ธค"),
    ],
    start=1,
):
    _MONTHS.update(dict.fromkeys(_spellings, _number))
_NAMED = re.compile(r"(\d{1,2})[\s\-/.,]*([^\d\s\-/,]+(?:\s?[^\d\s\-/,]+)?)[\s\-/.,]*(\d{4}|\d{2})")
_NAMED_FIRST = re.compile(r"([^\d\s\-/,]+)[\s\-/.]+(\d{1,2}),?\s+(\d{4})")
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?: .*)?")
_YEAR = re.compile(r"(19|20|24|25|26)\d\d")
# A month and a year without the day (05/1994, 1994-05): as much as a year alone says about a birth.
_MONTH_YEAR = re.compile(r"(?:(\d{1,2})[-/.](\d{4})|(\d{4})[-/.](\d{1,2}))")


def _full_year(year: int) -> int:
    if year < 100:
        # Two-digit years: people born 1930-2029 are the only plausible ones in a registry.
        year += 2000 if year < 30 else 1900
    return _year(year)


def _month(word: str) -> int | None:
    return _MONTHS.get(re.sub(r"[\s.]", "", word.casefold()))


def read_date(value) -> datetime.date | int | None:
    """A date, or a year alone (int) when the cell gives only a year (or a month and year), in every shape
    partners write them, mixed within one column:

    dd/mm/yyyy as Lao and Thai offices write it (also with - or .), yyyy-mm-dd, mm/dd/yyyy when the day
    cannot be a month (an Excel set to US order), Buddhist-era years (2537 is 1994), Excel serial numbers,
    month names in English, Lao or Thai (21 ມີນາ 1994, 21 มี.ค. 2537, 21-Mar-1994, March 21, 1994), and
    Lao or Thai digits."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date().replace(year=_year(value.year))
    if isinstance(value, datetime.date):
        return value.replace(year=_year(value.year))
    text = clean_text(value).translate(_DIGITS)
    if not text:
        return None
    try:
        if _YEAR.fullmatch(text) or re.fullmatch(r"(19|20|24|25|26)\d\d\.0+", text):
            return _year(int(float(text)))
        if re.fullmatch(r"\d+(\.\d+)?", text) and 2800 < float(text) < 80000:
            # An Excel serial: the cell was a date formatted as a number (or a CSV saved from one).
            return EXCEL_EPOCH + datetime.timedelta(days=int(float(text)))
        if m := _ISO.fullmatch(text):
            return datetime.date(_year(int(m[1])), int(m[2]), int(m[3]))
        if m := _DMY.fullmatch(text):
            first, second, year = int(m[1]), int(m[2]), _full_year(int(m[3]))
            if second > 12 >= first:
                first, second = second, first  # month first: the second number cannot be a month
            return datetime.date(year, second, first)
        if (m := _NAMED.fullmatch(text)) and (month := _month(m[2])):
            return datetime.date(_full_year(int(m[3])), month, int(m[1]))
        if (m := _NAMED_FIRST.fullmatch(text)) and (month := _month(m[1])):
            return datetime.date(_full_year(int(m[3])), month, int(m[2]))
        if (m := _MONTH_YEAR.fullmatch(text)) and 1 <= int(m[1] or m[4]) <= 12:
            return _year(int(m[2] or m[3]))
    except (ValueError, OverflowError):
        pass
    raise ValidationError(
        _("%(v)s is not a date. Write it as dd/mm/yyyy (21/03/1994) or yyyy-mm-dd (1994-03-21).")
        % {"v": repr(text[:40])}
    )


def parse_date(value) -> datetime.date | None:
    """A full date (read_date); a year alone is refused, for the columns where only a date will do."""
    found = read_date(value)
    if isinstance(found, int):
        raise ValidationError(
            _("%(v)s is a year, not a date; map this column to the birth year.")
            % {"v": clean_text(value)[:40]}
        )
    return found


def parse_int(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = clean_text(value)
    if not text:
        return None
    try:
        return int(float(text)) if re.fullmatch(r"-?\d+(\.0+)?", text) else int(text)
    except ValueError:
        raise ValidationError(_("%(v)s is not a whole number.") % {"v": repr(text[:40])}) from None


def parse_year(value) -> int | None:
    """A year alone (Buddhist era converted), or the year of a full date."""
    if isinstance(value, datetime.date):
        return _year(value.year)
    text = clean_text(value)
    if not text:
        return None
    found = read_date(text)
    return found if isinstance(found, int) or found is None else found.year
