"""Import kinds of the jobs app: vacancies, placements and follow_ups (registered in JobsConfig.ready()), and
what they read alike from a row: a wage, a place of work, the organisation recording it."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pathways.imports.rows import organisation_from_row
from pathways.jobs.models import Currency
from pathways.partners.models import Organisation
from pathways.partners.selectors import primary_organisation_id
from pathways.places.selectors import country_match, province_match

# A wage's currency as sheets write it (both the placements and the vacancies kinds read one).
CURRENCY_SPELLINGS: dict[str, list[str]] = {
    Currency.LAK: ["kip", "lak", "₭", "ກີບ", "ເງິນກີບ"],
    Currency.THB: ["baht", "thb", "฿", "ບາດ", "บาท"],
    Currency.USD: ["usd", "us$", "$", "dollar", "dollars", "ໂດລາ"],
    Currency.KRW: ["won", "krw", "₩", "ວອນ"],
    Currency.JPY: ["yen", "jpy", "¥", "ເຢັນ"],
    Currency.MYR: ["ringgit", "myr", "rm", "ຣິງກິດ"],
}


def wage_amount(raw: str, *, field: str = "wage_monthly") -> int | None:
    """A whole monthly wage as partners write it: 2500000, 2,500,000, 2.500.000, 2 500 000, 9500.00."""
    text = (raw or "").strip()
    if not text:
        return None
    digits = re.sub(r"[\s,.'](?=\d{3}(\D|$))", "", text)
    digits = re.sub(r"\.0+$", "", digits)
    if not re.fullmatch(r"\d+", digits):
        raise ValidationError(
            {
                field: _("%(v)s is not a whole amount of money (e.g. 2500000 or 2,500,000).")
                % {"v": repr(text[:40])}
            }
        )
    return int(digits)


def place_of_row(values: dict):
    """The country and province a row names (either may be empty); a name Pathways does not know is
    refused."""
    country = province = None
    if values.get("country"):
        country = country_match(values["country"])
        if country is None:
            raise ValidationError(
                {"country": _("%(v)s is not a country Pathways knows.") % {"v": repr(values["country"])}}
            )
    if values.get("province"):
        province = province_match(values["province"])
        if province is None or (country is not None and province.country_id != country.pk):
            raise ValidationError(
                {
                    "province": _("%(v)s is not a province Pathways knows%(where)s.")
                    % {
                        "v": repr(values["province"]),
                        "where": _(" in %(c)s") % {"c": country.name_en} if country else "",
                    }
                }
            )
    return country, province


def recording_organisation(actor, raw: str, employer: Organisation, *, field: str) -> Organisation:
    """The partner named in the row, else the actor's primary organisation, else (national staff without
    one) the employer."""
    if raw:
        return organisation_from_row(raw=raw, field=field)
    organisation_id = primary_organisation_id(actor)
    return Organisation.objects.get(pk=organisation_id) if organisation_id else employer
