"""Field rules for people, shared by every entry point (form, API, import) through the services."""

import datetime
import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.people.models import DocumentKind

OLDEST_BIRTH_YEAR = 1900
# Shapes of document numbers as partners record them, after removing spaces and dashes.
DOCUMENT_PATTERNS = {
    DocumentKind.PASSPORT: (r"[A-Z0-9]{6,9}", gettext_lazy("6 to 9 letters or digits, e.g. P1234567")),
    DocumentKind.NATIONAL_ID: (r"[A-Z0-9]{6,15}", gettext_lazy("6 to 15 letters or digits")),
    DocumentKind.THAI_PINK_CARD: (r"\d{13}", gettext_lazy("13 digits")),
    DocumentKind.FAMILY_BOOK: (r"[A-Z0-9/]{3,20}", gettext_lazy("3 to 20 letters, digits or /")),
    DocumentKind.BIRTH_CERTIFICATE: (r"[A-Z0-9/]{3,20}", gettext_lazy("3 to 20 letters, digits or /")),
    DocumentKind.WORK_PERMIT: (r"[A-Z0-9/]{4,20}", gettext_lazy("4 to 20 letters, digits or /")),
    DocumentKind.OTHER: (r"[A-Z0-9/]{3,40}", gettext_lazy("3 to 40 letters, digits or /")),
}


def _script_of(text: str) -> set[str]:
    scripts = set()
    for ch in text:
        if "\u0e80" <= ch <= "\u0eff":
            scripts.add("lao")
        elif ch.isalpha():
            scripts.add("lao" if unicodedata.name(ch, "").startswith("LAO") else "latin")
    return scripts


def check_lao_script(value: str) -> None:
    if value and "latin" in _script_of(value):
        raise ValidationError(_("Write this name in Lao script; put Latin spellings in the Latin fields."))


def check_latin_script(value: str) -> None:
    if value and "lao" in _script_of(value):
        raise ValidationError(_("Write this name in Latin letters; put the Lao spelling in the Lao field."))


def check_birth(birth_date: datetime.date | None, birth_year: int | None, today: datetime.date) -> dict:
    errors: dict[str, str] = {}
    if birth_date is not None:
        if birth_date > today:
            errors["birth_date"] = _("The date of birth %(date)s is in the future.") % {"date": birth_date}
        elif birth_date.year < OLDEST_BIRTH_YEAR:
            errors["birth_date"] = _("The date of birth must be in %(year)d or later.") % {
                "year": OLDEST_BIRTH_YEAR
            }
    if birth_year is not None:
        if not OLDEST_BIRTH_YEAR <= birth_year <= today.year:
            errors["birth_year"] = _("The birth year must be between %(low)d and %(high)d.") % {
                "low": OLDEST_BIRTH_YEAR,
                "high": today.year,
            }
        elif birth_date is not None and birth_date.year != birth_year:
            errors["birth_year"] = _("The birth year does not match the date of birth; keep one of them.")
    return errors


def phone_e164(raw: str, default_region: str = "LA") -> str:
    """Return the number in E.164, reading numbers without a country code as Lao numbers."""
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("%(raw)s is not a valid phone number. Write it with its country code, e.g. +856 20 5555 1234.")
            % {"raw": raw}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def document_number(kind: str, raw: str) -> str:
    """Return the number in its stored form (upper case, no spaces or dashes), or refuse its shape."""
    number = re.sub(r"[\s\-.]", "", raw or "").upper()
    if kind not in DocumentKind.values:
        raise ValidationError(_("Unknown document type %(kind)s.") % {"kind": kind})
    pattern, shape = DOCUMENT_PATTERNS[DocumentKind(kind)]
    if not re.fullmatch(pattern, number):
        raise ValidationError(
            _("%(raw)s is not a valid %(kind)s number: expected %(shape)s.")
            % {"raw": raw, "kind": DocumentKind(kind).label, "shape": shape}
        )
    return number
