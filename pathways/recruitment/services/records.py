"""A worker's recruitment: channel, agency, job order, documents, every cost they paid and what they earn
abroad. Costs and earnings are converted to US dollars at the day's rate when recorded, and the record's
SDG 10.7.1 share is recomputed in the same transaction, so it never disagrees with them."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Sum
from django.utils.translation import gettext as _

from pathways.core import audit
from pathways.partners.models import Organisation
from pathways.people import selectors as people_selectors
from pathways.places.models import Country
from pathways.recruitment import access
from pathways.recruitment.models import (
    AgencyStatus,
    ApprovalStatus,
    Channel,
    CostCategory,
    Document,
    EarningsReport,
    JobOrder,
    RecruitmentAgency,
    RecruitmentCost,
    RecruitmentRecord,
)
from pathways.recruitment.services.common import day_errors, text
from pathways.recruitment.services.money import amount_errors, to_usd

RECORD_FIELDS = (
    "channel",
    "agency",
    "agency_exception_reason",
    "job_order",
    "destination",
    "recruited_on",
    "departed_on",
    "documents",
    "contract_wage",
    "contract_currency",
    "funding_project",
    "note",
)
COST_FIELDS = ("category", "amount", "currency", "paid_on", "paid_to")
# The channels through which an agency may act: a licensed agency, and the MOU, whose recruitment the
# ministry delegates to licensed agencies too.
AGENCY_CHANNELS = (Channel.AGENCY, Channel.MOU)


def _check_recorder(actor, organisation: Organisation) -> None:
    organisations = access.recording_organisations(actor)
    if not organisations.exists():
        raise PermissionDenied(_("Your role may not record recruitments."))
    if not organisations.filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("You may record only for an organisation you work for."))


def _check_manager(actor, record: RecruitmentRecord) -> None:
    if not RecruitmentRecord.objects.filter(access.records_managed_by(actor), pk=record.pk).exists():
        raise PermissionDenied(
            _(
                "Only staff of the organisation that recorded the recruitment, or national staff, may "
                "change it."
            )
        )
    people_selectors.person_get(actor=actor, person_id=record.person_id)


def _agency_errors(values: dict) -> dict[str, str]:
    agency: RecruitmentAgency | None = values["agency"]
    channel = values["channel"]
    errors: dict[str, str] = {}
    if channel == Channel.AGENCY and agency is None:
        return {"agency": _("Choose the agency that recruited the worker.")}
    if agency is None:
        values["agency_exception_reason"] = ""
        return {}
    agency = values["agency"] = RecruitmentAgency.objects.get(pk=agency.pk)  # its decisions as they stand now
    if channel not in AGENCY_CHANNELS:
        return {"agency": _("Only a recruitment through an agency or the MOU names an agency.")}
    day = values["recruited_on"]
    if day is None:
        return {}
    status = agency.status_on(day)
    if status == AgencyStatus.LICENSED:
        values["agency_exception_reason"] = ""
        return {}
    state = str(AgencyStatus(status).label).lower()
    if not settings.RECRUITMENT_ALLOW_UNLICENSED_AGENCY:
        errors["agency"] = _(
            "%(agency)s had no valid licence on %(date)s (%(status)s): this office does not record "
            "recruitments through it."
        ) % {"agency": agency, "date": f"{day:%Y-%m-%d}", "status": state}
    elif not values["agency_exception_reason"]:
        errors["agency_exception_reason"] = _(
            "%(agency)s had no valid licence on %(date)s (%(status)s): say why the recruitment is recorded "
            "anyway."
        ) % {"agency": agency, "date": f"{day:%Y-%m-%d}", "status": state}
    return errors


def _job_order_errors(values: dict) -> dict[str, str]:
    order: JobOrder | None = values["job_order"]
    if order is None:
        return {}
    order = values["job_order"] = JobOrder.objects.get(pk=order.pk)  # the ministry's decision as it stands
    if order.approval != ApprovalStatus.APPROVED:
        return {
            "job_order": _("Job order %(ref)s is not approved by the ministry.") % {"ref": order.reference}
        }
    destination: Country | None = values["destination"]
    if destination is not None and order.destination_id != destination.pk:
        return {
            "job_order": _("Job order %(ref)s is for %(country)s.")
            % {"ref": order.reference, "country": order.destination}
        }
    if order.agency_id and values["agency"] is not None and order.agency_id != values["agency"].pk:
        return {
            "job_order": _("Job order %(ref)s goes through %(agency)s.")
            % {"ref": order.reference, "agency": order.agency}
        }
    return {}


def _checked(values: dict, errors: dict[str, str]) -> dict:
    if values["channel"] not in Channel.values:
        errors["channel"] = _("Choose how the worker was recruited.")
    destination: Country | None = values["destination"]
    if destination is None or destination.code == "LA":
        errors["destination"] = _("Choose the country abroad the worker was recruited for.")
    errors |= day_errors("recruited_on", values["recruited_on"])
    departed = values["departed_on"]
    if departed is not None and values["recruited_on"] is not None and departed < values["recruited_on"]:
        errors["departed_on"] = _("The worker cannot leave before being recruited.")
    values["agency_exception_reason"] = text(values["agency_exception_reason"])
    errors |= _agency_errors(values)
    errors |= _job_order_errors(values)
    values["documents"] = list(dict.fromkeys(values["documents"] or []))
    unknown = [d for d in values["documents"] if d not in Document.values]
    if unknown:
        errors["documents"] = _("Unknown documents: %(documents)s.") % {
            "documents": ", ".join(map(str, unknown))
        }
    values["contract_currency"] = text(values["contract_currency"]).upper()
    if values["contract_wage"] is not None:
        wage_errors, _rate = amount_errors(
            "contract_wage",
            values["contract_wage"],
            values["contract_currency"],
            values["recruited_on"],
            zero_ok=False,
        )
        errors |= {("contract_currency" if k == "currency" else k): v for k, v in wage_errors.items()}
    else:
        values["contract_currency"] = ""
    values["note"] = text(values["note"])
    return values


def _checked_cost(cost: dict, errors: dict[str, str], prefix: str = "") -> tuple[dict, Decimal | None]:
    unknown = set(cost) - set(COST_FIELDS)
    if unknown:
        raise TypeError(f"a cost cannot take {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {name: cost.get(name) for name in COST_FIELDS}
    mine: dict[str, str] = {}
    if values["category"] not in CostCategory.values:
        mine["category"] = _("Choose what the worker paid for.")
    values["currency"] = text(values["currency"]).upper()
    values["paid_to"] = text(values["paid_to"])
    mine |= day_errors("paid_on", values["paid_on"])
    money_errors, rate = amount_errors(
        "amount", values["amount"], values["currency"], values["paid_on"], zero_ok=True
    )
    mine |= money_errors
    errors |= {f"{prefix}{k}": v for k, v in mine.items()}
    return values, rate


def _person(actor, person_id: UUID | str):
    merged_into = people_selectors.merged_into_id(person_id)
    if merged_into:
        raise ValidationError(
            {
                "person": _("This record was merged into another one (registry ID %(id)s); record it there.")
                % {"id": merged_into}
            }
        )
    return people_selectors.person_get(actor=actor, person_id=person_id)


def _share(costs_usd: Decimal, earnings_usd: Decimal | None) -> Decimal | None:
    if not earnings_usd:
        return None
    return (costs_usd / earnings_usd * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def recompute(record: RecruitmentRecord) -> None:
    """The record's sums in US dollars and its SDG 10.7.1 share.

    Earnings are what the worker reported receiving in follow-ups (their mean), which the methodology
    prefers; the contract's wage (at the rate of the recruitment day) stands in until a follow-up is recorded.
    No earnings: no share, and the record is left out of 10.7.1's means and medians."""
    costs = record.costs.aggregate(total=Sum("amount_usd"))["total"] or Decimal(0)
    reported = record.earnings.aggregate(mean=Avg("amount_usd"))["mean"]
    earnings: Decimal | None
    if reported is not None:
        earnings = Decimal(reported).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    elif record.contract_wage is not None:
        _errors, rate = amount_errors(
            "wage", record.contract_wage, record.contract_currency, record.recruited_on, zero_ok=False
        )
        earnings = to_usd(record.contract_wage, rate) if rate else None
    else:
        earnings = None
    record.costs_usd = costs
    record.monthly_earnings_usd = earnings
    record.cost_share_pct = _share(costs, earnings)
    record.save(update_fields=["costs_usd", "monthly_earnings_usd", "cost_share_pct", "updated_at"])


@transaction.atomic
def recruitment_record(
    *, actor, person_id: UUID | str, organisation: Organisation, costs: list[dict] | None = None, **fields
) -> RecruitmentRecord:
    """Record how a worker was recruited, with the costs they paid (all checked before anything is saved:
    one bad cost refuses the whole record, naming it as costs.<n>.<field>)."""
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"recruitment_record cannot take {', '.join(sorted(unknown))}")
    _check_recorder(actor, organisation)
    person = _person(actor, person_id)
    errors: dict[str, str] = {}
    values = _checked({name: None for name in RECORD_FIELDS} | fields, errors)
    checked_costs = [_checked_cost(cost, errors, f"costs.{i}.") for i, cost in enumerate(costs or [])]
    if errors:
        raise ValidationError(errors)
    record = RecruitmentRecord.objects.create(
        person=person, organisation=organisation, created_by=actor, **values
    )
    for cost, rate in checked_costs:
        assert rate is not None
        RecruitmentCost.objects.create(
            record=record, units_per_usd=rate, amount_usd=to_usd(cost["amount"], rate), **cost
        )
    recompute(record)
    audit.record(actor=actor, action="recruitment.create", obj=record, person_id=person.pk)
    return record


@transaction.atomic
def recruitment_update(*, actor, record: RecruitmentRecord, **changes) -> RecruitmentRecord:
    """Correct a recruitment; fields not given stay."""
    unknown = set(changes) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"recruitment_update cannot change {', '.join(sorted(unknown))}")
    _check_manager(actor, record)
    record = RecruitmentRecord.objects.select_for_update().get(pk=record.pk)
    errors: dict[str, str] = {}
    values = _checked({name: changes.get(name, getattr(record, name)) for name in RECORD_FIELDS}, errors)
    if errors:
        raise ValidationError(errors)
    audit.save_changes(
        actor=actor, action="recruitment.update", instance=record, values=values, person_id=record.person_id
    )
    recompute(record)
    return record


@transaction.atomic
def cost_add(
    *,
    actor,
    record: RecruitmentRecord,
    category: str,
    amount: Decimal | None,
    currency: str,
    paid_on: datetime.date | None,
    paid_to: str = "",
) -> RecruitmentCost:
    """Add a cost the worker paid, converted at the rate of the day it was paid."""
    _check_manager(actor, record)
    record = RecruitmentRecord.objects.select_for_update().get(pk=record.pk)
    errors: dict[str, str] = {}
    values, rate = _checked_cost(
        {
            "category": category,
            "amount": amount,
            "currency": currency,
            "paid_on": paid_on,
            "paid_to": paid_to,
        },
        errors,
    )
    if errors:
        raise ValidationError(errors)
    assert rate is not None
    cost = RecruitmentCost.objects.create(
        record=record, units_per_usd=rate, amount_usd=to_usd(values["amount"], rate), **values
    )
    recompute(record)
    audit.record(actor=actor, action="recruitment_cost.create", obj=cost, person_id=record.person_id)
    return cost


@transaction.atomic
def cost_remove(*, actor, cost: RecruitmentCost) -> None:
    """Remove a cost recorded by mistake."""
    record = cost.record
    _check_manager(actor, record)
    record = RecruitmentRecord.objects.select_for_update().get(pk=record.pk)
    audit.record(actor=actor, action="recruitment_cost.delete", obj=cost, person_id=record.person_id)
    cost.delete()
    recompute(record)


@transaction.atomic
def earnings_report(
    *,
    actor,
    record: RecruitmentRecord,
    reported_on: datetime.date | None,
    amount: Decimal | None,
    currency: str,
) -> EarningsReport:
    """Record the monthly earnings a worker reported in a follow-up, converted at the day's rate."""
    _check_manager(actor, record)
    record = RecruitmentRecord.objects.select_for_update().get(pk=record.pk)
    currency = text(currency).upper()
    errors = day_errors("reported_on", reported_on)
    if not errors and reported_on < record.recruited_on:  # type: ignore[operator]
        errors["reported_on"] = _("Earnings abroad are reported after the recruitment (%(date)s).") % {
            "date": f"{record.recruited_on:%Y-%m-%d}"
        }
    money_errors, rate = amount_errors("amount", amount, currency, reported_on, zero_ok=False)
    errors |= money_errors
    if errors:
        raise ValidationError(errors)
    assert amount is not None and rate is not None and reported_on is not None
    report = EarningsReport.objects.create(
        record=record,
        reported_on=reported_on,
        amount=amount,
        currency=currency,
        units_per_usd=rate,
        amount_usd=to_usd(amount, rate),
    )
    recompute(record)
    audit.record(actor=actor, action="recruitment_earnings.create", obj=report, person_id=record.person_id)
    return report
