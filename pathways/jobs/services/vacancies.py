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
    if not title_en.strip():
        errors["title_en"] = _("Give the job title in English.")
    isco_code = check_isco(isco_code, errors, required=True)
    if sector not in Sector.values:
        errors["sector"] = _("Choose a sector.")
    if openings is None or openings < 1:
        errors["openings"] = _("A vacancy has at least one opening.")
    if closes_on is not None and closes_on < opens_on:
        errors["closes_on"] = _("The closing date is before the opening date.")
    country, province = place_of_work(country=country, province=province, employer=employer, errors=errors)
    currency = wage_currency(wage_monthly, currency, country, errors)
    if errors:
        raise ValidationError(errors)
    assert country is not None
    vacancy = Vacancy.objects.create(
        employer=employer,
        posted_by=posted_by,
        title_en=title_en.strip(),
        title_lo=title_lo.strip(),
        isco_code=isco_code,
        sector=sector,
        description=description.strip(),
        country=country,
        province=province,
        openings=openings,
        wage_monthly=wage_monthly,
        currency=currency,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=actor,
    )
    audit.record(actor=actor, action="vacancy.create", obj=vacancy)
    return vacancy


@transaction.atomic
def vacancy_set_status(*, actor, vacancy: Vacancy, status: str) -> Vacancy:
    """Close, reopen or mark filled a vacancy this actor manages."""
    check_writer(actor)
    if not Vacancy.objects.filter(access.vacancies_managed_by(actor), pk=vacancy.pk).exists():
        raise PermissionDenied(
            _("Only the employer's staff, the posting organisation or national staff may do this.")
        )
    if status not in VacancyStatus.values:
        raise ValidationError({"status": _("Choose open, filled or closed.")})
    if status != vacancy.status:
        vacancy.status = status
        vacancy.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, action="vacancy.update", obj=vacancy, changed_fields=["status"])
    return vacancy
