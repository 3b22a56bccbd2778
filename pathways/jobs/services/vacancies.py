"""Vacancies: posted for an employer, filled by placements, closed."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pathways.core import audit
from pathways.jobs import access
from pathways.jobs.models import Vacancy, VacancyStatus
from pathways.jobs.services.checks import (
    check_employer,
    check_isco,
    check_writer,
    place_of_work,
    wage_currency,
)
from pathways.partners.models import Organisation
from pathways.places.models import Country, Province
from pathways.training.models import Sector


def _check_poster(actor, employer: Organisation, posted_by: Organisation) -> None:
    if not access.may_record(actor, employer=employer, recorded_by=posted_by):
        raise PermissionDenied(
            _("You may post vacancies only for an employer you work for, or on behalf of your organisation.")
        )


# What posting gives and editing may change; the employer and the posting organisation stay.
EDITABLE = (
    "title_en",
    "title_lo",
    "isco_code",
    "sector",
    "description",
    "country",
    "province",
    "openings",
    "wage_monthly",
    "currency",
    "opens_on",
    "closes_on",
)


def _checked(values: dict, employer: Organisation | None, errors: dict[str, str]) -> dict:
    """The vacancy's own fields as posting and editing both check them, tidied: a job title in English, a
    4-digit occupation, a sector, at least one opening, closing after opening, a place of work (the
    employer's when none is given) and the wage's currency."""
    for text in ("title_en", "title_lo", "description"):
        values[text] = (values[text] or "").strip()
    if not values["title_en"]:
        errors["title_en"] = _("Give the job title in English.")
    values["isco_code"] = check_isco(values["isco_code"], errors, required=True)
    if values["sector"] not in Sector.values:
        errors["sector"] = _("Choose a sector.")
    if values["openings"] is None or values["openings"] < 1:
        errors["openings"] = _("A vacancy has at least one opening.")
    if values["opens_on"] is None:
        errors["opens_on"] = _("Give the date the vacancy opens.")
    elif values["closes_on"] is not None and values["closes_on"] < values["opens_on"]:
        errors["closes_on"] = _("The closing date is before the opening date.")
    values["country"], values["province"] = place_of_work(
        country=values["country"], province=values["province"], employer=employer, errors=errors
    )
    values["currency"] = wage_currency(values["wage_monthly"], values["currency"], values["country"], errors)
    return values


@transaction.atomic
def vacancy_create(
    *,
    actor,
    employer: Organisation,
    posted_by: Organisation,
    title_en: str,
    isco_code: str,
    sector: str,
    openings: int,
    opens_on: datetime.date,
    title_lo: str = "",
    description: str = "",
    country: Country | None = None,
    province: Province | None = None,
    wage_monthly: int | None = None,
    currency: str = "",
    closes_on: datetime.date | None = None,
) -> Vacancy:
    """Post a vacancy; the place of work defaults to the employer's country and province."""
    check_writer(actor)
    errors: dict[str, str] = {}
    check_employer(employer, errors)
    if not errors:
        _check_poster(actor, employer, posted_by)
    given = {
        "title_en": title_en,
        "title_lo": title_lo,
        "isco_code": isco_code,
        "sector": sector,
        "description": description,
        "country": country,
        "province": province,
        "openings": openings,
        "wage_monthly": wage_monthly,
        "currency": currency,
        "opens_on": opens_on,
        "closes_on": closes_on,
    }
    values = _checked(given, employer, errors)
    if errors:
        raise ValidationError(errors)
    vacancy = Vacancy.objects.create(employer=employer, posted_by=posted_by, created_by=actor, **values)
    audit.record(actor=actor, action="vacancy.create", obj=vacancy)
    return vacancy


def _check_manager(actor, vacancy: Vacancy) -> None:
    access.require_vacancy_manager(actor, vacancy)


@transaction.atomic
def vacancy_update(*, actor, vacancy: Vacancy, **changes) -> Vacancy:
    """Correct a vacancy this actor manages (title, occupation, place, openings, wage, dates, description);
    fields not given stay as they are. The openings cannot fall below the people already placed in it."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"vacancy_update cannot change {', '.join(sorted(unknown))}")
    _check_manager(actor, vacancy)
    vacancy = Vacancy.objects.select_for_update().select_related("employer").get(pk=vacancy.pk)
    errors: dict[str, str] = {}
    values = _checked(
        {name: changes.get(name, getattr(vacancy, name)) for name in EDITABLE}, vacancy.employer, errors
    )
    placed = vacancy.placements.count()
    if "openings" not in errors and values["openings"] < placed:
        errors["openings"] = _(
            "%(n)d placed in this vacancy already; it needs at least as many openings."
        ) % {"n": placed}
    if errors:
        raise ValidationError(errors)
    # The status follows the openings as placements make it follow them: full is filled, and a filled
    # vacancy given more openings is open again (a closed one stays closed).
    if vacancy.status == VacancyStatus.OPEN and values["openings"] <= placed:
        values["status"] = VacancyStatus.FILLED
    elif vacancy.status == VacancyStatus.FILLED and values["openings"] > placed:
        values["status"] = VacancyStatus.OPEN
    audit.save_changes(actor=actor, action="vacancy.update", instance=vacancy, values=values)
    return vacancy


@transaction.atomic
def vacancy_set_status(*, actor, vacancy: Vacancy, status: str) -> Vacancy:
    """Close, reopen or mark filled a vacancy this actor manages."""
    _check_manager(actor, vacancy)
    if status not in VacancyStatus.values:
        raise ValidationError({"status": _("Choose open, filled or closed.")})
    placed = vacancy.placements.count()
    if status == VacancyStatus.OPEN and placed >= vacancy.openings:
        raise ValidationError(
            {
                "status": _("All %(n)d openings are placed; give the vacancy more openings to open it again.")
                % {"n": vacancy.openings}
            }
        )
    if status != vacancy.status:
        vacancy.status = status
        vacancy.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, action="vacancy.update", obj=vacancy, changed_fields=["status"])
    return vacancy
