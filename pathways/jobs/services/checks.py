"""Rules vacancies and placements share: employer, occupation code, place of work, wage."""

import re

from django.utils.translation import gettext as _

from pathways.jobs import access
from pathways.jobs.models import CURRENCY_OF_COUNTRY, Currency
from pathways.partners.models import Organisation, OrganisationKind
from pathways.places.models import Country, Province


def check_writer(actor) -> None:
    access.require_recorder(actor)


def check_employer(employer: Organisation | None, errors: dict, field: str = "employer") -> None:
    if employer is None:
        errors[field] = _("Choose the employer.")
    elif employer.kind != OrganisationKind.EMPLOYER:
        errors[field] = _(
            "%(name)s is a %(kind)s, not an employer; register the employer as an organisation of kind "
            "employer first."
        ) % {"name": employer, "kind": employer.get_kind_display().lower()}


def check_isco(code: str, errors: dict, *, required: bool) -> str:
    code = (code or "").strip()
    if not code and not required:
        return ""
    if not re.fullmatch(r"[0-9]{4}", code):
        errors["isco_code"] = _("An ISCO-08 unit group code has exactly 4 digits, e.g. 8153.")
    return code


def place_of_work(
    *, country: Country | None, province: Province | None, employer: Organisation | None, errors: dict
) -> tuple[Country | None, Province | None]:
    """Where the job is: as given, the province's country when only the province is, else the employer's."""
    if country is None and province is not None:
        country = province.country
    if country is None and employer is not None:
        country, province = employer.country, employer.province
    if country is None:
        errors["country"] = _("Say in which country the job is.")
    elif province is not None and province.country_id != country.pk:
        errors["province"] = _("%(province)s is not in %(country)s.") % {
            "province": province.name_en,
            "country": country.name_en,
        }
    return country, province


def wage_currency(
    wage: int | None, currency: str, country: Country | None, errors: dict, field: str = "wage_monthly"
) -> str:
    """The wage's currency: as given, else the country's own (a bare number in a Lao sheet is kip)."""
    if wage is None:
        return currency or ""
    if wage < 0:
        errors[field] = _("A wage cannot be negative.")
    if not currency and country is not None:
        currency = CURRENCY_OF_COUNTRY.get(country.pk, "")
    if not currency:
        errors["currency"] = _("Give the currency of the wage.")
    elif currency not in Currency.values:
        errors["currency"] = _("Unknown currency %(c)s; use %(choices)s.") % {
            "c": currency,
            "choices": ", ".join(Currency.values),
        }
    return currency
