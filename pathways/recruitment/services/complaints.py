"""Complaints and grievances about an agency, a broker or an employer, followed to an outcome; a worker at
risk is referred to the case workers, who open a protection case from the complaint."""

import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pathways.core import audit
from pathways.partners.models import Organisation
from pathways.people import selectors as people_selectors
from pathways.protection import services as protection_services
from pathways.protection.models import ProtectionCase
from pathways.recruitment import access
from pathways.recruitment.models import (
    Complainant,
    Complaint,
    ComplaintAgainst,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    RecruitmentAgency,
)
from pathways.recruitment.services.common import day_errors, text

OPEN_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.INVESTIGATING)


def _check_recorder(actor, organisation: Organisation) -> None:
    organisations = access.complaint_organisations(actor)
    if not organisations.exists():
        raise PermissionDenied(_("Your role may not record complaints."))
    if not organisations.filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("You may record only for an organisation you work for."))


def _check_manager(actor, complaint: Complaint) -> None:
    if not Complaint.objects.filter(access.complaints_managed_by(actor), pk=complaint.pk).exists():
        raise PermissionDenied(
            _(
                "Only staff of the organisation that received the complaint, or national staff, may follow "
                "it up."
            )
        )


@transaction.atomic
def complaint_record(
    *,
    actor,
    organisation: Organisation,
    received_on: datetime.date | None,
    complainant: str,
    against: str,
    category: str,
    channel: str,
    person_id: UUID | str | None = None,
    agency: RecruitmentAgency | None = None,
    against_name: str = "",
    description: str = "",
) -> Complaint:
    """Record a complaint as it was received. The worker it is about is named when registered (and seen by
    the recorder); an anonymous complaint may name no one."""
    _check_recorder(actor, organisation)
    person = people_selectors.person_get(actor=actor, person_id=person_id) if person_id else None
    errors = day_errors("received_on", received_on)
    if complainant not in Complainant.values:
        errors["complainant"] = _("Choose who complains.")
    elif complainant != Complainant.ANONYMOUS and person is None:
        errors["complainant"] = _(
            "A worker or their family is named: choose the worker, or record it as anonymous."
        )
    if category not in ComplaintCategory.values:
        errors["category"] = _("Choose what the complaint is about.")
    if channel not in ComplaintChannel.values:
        errors["channel"] = _("Choose how the complaint was received.")
    against_name = text(against_name)
    if against not in ComplaintAgainst.values:
        errors["against"] = _("Choose whom the complaint is against.")
    elif against == ComplaintAgainst.AGENCY:
        if agency is None:
            errors["agency"] = _("Choose the agency the complaint is against.")
        against_name = ""
    else:
        agency = None
        if not against_name:
            errors["against_name"] = _(
                "Give the name of the broker or employer, as the complainant gives it."
            )
    if errors:
        raise ValidationError(errors)
    assert received_on is not None  # checked above
    complaint = Complaint.objects.create(
        organisation=organisation,
        received_on=received_on,
        complainant=complainant,
        person=person,
        against=against,
        agency=agency,
        against_name=against_name,
        category=category,
        channel=channel,
        description=text(description),
        created_by=actor,
    )
    audit.record(
        actor=actor, action="complaint.create", obj=complaint, person_id=person.pk if person else None
    )
    return complaint


@transaction.atomic
def complaint_progress(
    *, actor, complaint: Complaint, status: str, closed_on: datetime.date | None, outcome: str | None = None
) -> Complaint:
    """Record where a complaint stands: under investigation, resolved or dismissed (dated), or open again."""
    _check_manager(actor, complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    errors: dict[str, str] = {}
    if status not in ComplaintStatus.values:
        errors["status"] = _("Choose where the complaint stands.")
    elif status in OPEN_STATUSES:
        closed_on = None
    else:
        errors |= day_errors("closed_on", closed_on)
        if not errors and closed_on < complaint.received_on:  # type: ignore[operator]
            errors["closed_on"] = _("The complaint is closed before it was received (%(date)s).") % {
                "date": f"{complaint.received_on:%Y-%m-%d}"
            }
    if errors:
        raise ValidationError(errors)
    values = {"status": status, "closed_on": closed_on}
    if outcome is not None:
        values["outcome"] = text(outcome)
    audit.save_changes(
        actor=actor,
        action="complaint.update",
        instance=complaint,
        values=values,
        person_id=complaint.person_id,
    )
    return complaint


@transaction.atomic
def complaint_refer(*, actor, complaint: Complaint, referred_on: datetime.date | None) -> Complaint:
    """Refer the worker to the case workers because they are at risk; the complaint then waits in the case
    workers' queue until one opens a protection case from it."""
    _check_manager(actor, complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    errors = day_errors("referred_on", referred_on)
    if complaint.person_id is None:
        errors["referred_on"] = _(
            "Register the worker first and name them on the complaint: a protection case is for a "
            "registered person."
        )
    elif complaint.referred_on is not None:
        errors["referred_on"] = _("Already referred on %(date)s.") % {
            "date": f"{complaint.referred_on:%Y-%m-%d}"
        }
    elif referred_on is not None and referred_on < complaint.received_on:
        errors["referred_on"] = _("The referral is dated before the complaint was received (%(date)s).") % {
            "date": f"{complaint.received_on:%Y-%m-%d}"
        }
    if errors:
        raise ValidationError(errors)
    audit.save_changes(
        actor=actor,
        action="complaint.refer",
        instance=complaint,
        values={"worker_at_risk": True, "referred_on": referred_on},
        person_id=complaint.person_id,
    )
    return complaint


@transaction.atomic
def complaint_open_case(*, actor, complaint: Complaint, **case_fields) -> ProtectionCase:
    """A case worker opens a protection case for the worker of a referred complaint (protection's own rules
    apply: case workers only, their organisation, a supervisor) and links it to the complaint. The link is
    shown only to those who see the case."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.referred_on is None or complaint.person_id is None:
        raise ValidationError(_("This complaint was not referred for protection."))
    if complaint.protection_case_id is not None:
        raise ValidationError(_("A protection case was already opened from this complaint."))
    case = protection_services.case_open(actor=actor, person_id=complaint.person_id, **case_fields)
    complaint.protection_case = case
    complaint.save(update_fields=["protection_case", "updated_at"])
    # Logged on the case's side only: the complaint's own log is read by people who must not learn of it.
    audit.record(actor=actor, action="protection_case.from_complaint", obj=case, changed_fields=["complaint"])
    return case
