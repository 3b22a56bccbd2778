"""Job orders (demand letters) from employers abroad, recorded and decided on by the ministry."""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pathways.core import audit
from pathways.partners.models import Organisation, OrganisationKind
from pathways.places.models import Country
from pathways.recruitment.models import AgencyStatus, ApprovalStatus, Channel, JobOrder, RecruitmentAgency
from pathways.recruitment.services.common import day_errors, require_register_manager, text
from pathways.recruitment.services.money import amount_errors


@transaction.atomic
def job_order_create(
    *,
    actor,
    reference: str,
    employer: Organisation | None,
    destination: Country | None,
    channel: str,
    job_title: str,
    isco_code: str,
    wage_monthly: Decimal | None,
    currency: str,
    contract_months: int | None,
    received_on: datetime.date | None,
    agency: RecruitmentAgency | None = None,
    workers_female: int | None = 0,
    workers_male: int | None = 0,
    workers_any: int | None = 0,
) -> JobOrder:
    """Record a demand letter as received; it awaits the ministry's decision."""
    require_register_manager(actor)
    reference, job_title, isco_code, currency = (
        text(reference),
        text(job_title),
        text(isco_code),
        text(currency).upper(),
    )
    errors = day_errors("received_on", received_on)
    if not reference:
        errors["reference"] = _("Give the job order's reference.")
    elif JobOrder.objects.filter(reference__iexact=reference).exists():
        errors["reference"] = _("Job order %(ref)s is already recorded.") % {"ref": reference}
    if employer is None or employer.kind != OrganisationKind.EMPLOYER:
        errors["employer"] = _("Choose the employer (an organisation of kind employer).")
    if destination is None or destination.code == "LA":
        errors["destination"] = _("Choose the country abroad the workers are wanted in.")
    if channel not in (Channel.MOU, Channel.AGENCY):
        errors["channel"] = _("A job order comes through a licensed agency or the MOU.")
    elif channel == Channel.AGENCY and agency is None:
        errors["agency"] = _("Choose the agency the job order comes through.")
    elif channel == Channel.MOU:
        agency = None
    if (
        agency is not None
        and received_on is not None
        and agency.status_on(received_on) != AgencyStatus.LICENSED
    ):
        errors["agency"] = _("%(agency)s had no valid licence on %(date)s.") % {
            "agency": agency,
            "date": f"{received_on:%Y-%m-%d}",
        }
    if not job_title:
        errors["job_title"] = _("Give the job title.")
    if not re.fullmatch(r"[0-9]{4}", isco_code):
        errors["isco_code"] = _("An ISCO-08 unit group code has exactly 4 digits.")
    counts = [workers_female or 0, workers_male or 0, workers_any or 0]
    if any(n < 0 for n in counts) or sum(counts) == 0:
        errors["workers_any"] = _("Give how many workers are wanted (women, men or either).")
    wage_errors, _rate = amount_errors("wage_monthly", wage_monthly, currency, received_on, zero_ok=False)
    errors |= wage_errors
    if contract_months is None or not 1 <= contract_months <= 120:
        errors["contract_months"] = _("Give the contract's length in months (1 to 120).")
    if errors:
        raise ValidationError(errors)
    assert received_on is not None and contract_months is not None and wage_monthly is not None  # checked
    assert employer is not None and destination is not None
    order = JobOrder.objects.create(
        reference=reference,
        employer=employer,
        destination=destination,
        channel=channel,
        agency=agency,
        job_title=job_title,
        isco_code=isco_code,
        workers_female=counts[0],
        workers_male=counts[1],
        workers_any=counts[2],
        wage_monthly=wage_monthly,
        currency=currency,
        contract_months=contract_months,
        received_on=received_on,
        created_by=actor,
    )
    audit.record(actor=actor, action="job_order.create", obj=order)
    return order


@transaction.atomic
def job_order_decide(
    *, actor, job_order: JobOrder, approval: str, decided_on: datetime.date | None, decision_note: str = ""
) -> JobOrder:
    """The ministry approves or rejects a job order (a rejection says why); workers are recruited only
    against an approved one."""
    require_register_manager(actor)
    job_order = JobOrder.objects.select_for_update().get(pk=job_order.pk)
    decision_note = text(decision_note)
    errors = day_errors("decided_on", decided_on)
    if approval not in (ApprovalStatus.APPROVED, ApprovalStatus.REJECTED):
        errors["approval"] = _("Approve or reject the job order.")
    elif approval == ApprovalStatus.REJECTED and not decision_note:
        errors["decision_note"] = _("Say why the job order is rejected.")
    if not errors and decided_on < job_order.received_on:  # type: ignore[operator]
        errors["decided_on"] = _("The decision is dated before the job order was received (%(date)s).") % {
            "date": f"{job_order.received_on:%Y-%m-%d}"
        }
    if approval == ApprovalStatus.REJECTED and job_order.recruitments.exists():
        errors["approval"] = _("Workers were already recruited against this job order.")
    if errors:
        raise ValidationError(errors)
    audit.save_changes(
        actor=actor,
        action="job_order.decide",
        instance=job_order,
        values={"approval": approval, "decided_on": decided_on, "decision_note": decision_note},
    )
    return job_order
