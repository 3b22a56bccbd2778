"""Every write to returns and referrals: atomic, audited, refusing bad input with errors naming the field."""

import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.core import audit
from pathways.partners.models import Organisation, OrganisationKind
from pathways.people import selectors as people_selectors
from pathways.people import services as people_services
from pathways.people.models import MigrantStatus, Person
from pathways.places.models import Country
from pathways.results.models import Project
from pathways.returns import access
from pathways.returns.models import (
    BorderPoint,
    Referral,
    ReferralStatus,
    Return,
    ReturnReason,
    Screening,
    Service,
)

# What recording a return gives and correcting it may change; whose return it is and who recorded it stay.
RETURN_FIELDS = (
    "returned_on",
    "from_country",
    "reason",
    "border_point",
    "quarantine_centre",
    "screening",
    "savings_lak",
    "debt_lak",
    "skills_gained",
    "needs",
    "funding_project",
    "note",
)
# Above this an amount in kip is a typing mistake (about 45,000 US dollars).
MAX_LAK = 1_000_000_000_000


def _check_recorder(actor, organisation: Organisation) -> None:
    access.require_recorder(actor)
    if not access.recording_organisations(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("You may record only for an organisation you work for."))


def _person(actor, person_id: UUID | str) -> Person:
    """A person the actor may see, not a record merged into another (refused with the survivor's ID)."""
    merged_into = people_selectors.merged_into_id(person_id)
    if merged_into:
        raise ValidationError(
            {
                "person": _("This record was merged into another one (registry ID %(id)s); record it there.")
                % {"id": merged_into}
            }
        )
    return people_selectors.person_get(actor=actor, person_id=person_id)  # 404 outside the actor's scope


def _day_errors(field: str, day: datetime.date | None) -> dict:
    if day is None:
        return {field: _("Give the date.")}
    if day > timezone.localdate():
        return {field: _("The date is in the future.")}
    return {}


def _checked_return(values: dict, errors: dict[str, str]) -> dict:
    """A return's own fields as recording and correcting both check them, tidied."""
    errors |= _day_errors("returned_on", values["returned_on"])
    country: Country | None = values["from_country"]
    if country is None:
        errors["from_country"] = _("Choose the country the person returned from.")
    elif country.code == "LA":
        errors["from_country"] = _("A return is from abroad: choose the country the person worked in.")
    if values["reason"] not in ReturnReason.values:
        errors["reason"] = _("Choose the reason for return.")
    values["border_point"] = values["border_point"] or ""
    if values["border_point"] and values["border_point"] not in BorderPoint.values:
        errors["border_point"] = _("Choose a border point from the list.")
    centre: Organisation | None = values["quarantine_centre"]
    if centre is not None and centre.kind != OrganisationKind.QUARANTINE_CENTRE:
        errors["quarantine_centre"] = _("%(name)s is not a quarantine centre.") % {"name": centre}
    if values["screening"] not in Screening.values:
        errors["screening"] = _("Choose the screening result.")
    for field in ("savings_lak", "debt_lak"):
        amount = values[field]
        if amount is not None and not 0 <= amount <= MAX_LAK:
            errors[field] = _("Give an amount in kip from 0 to %(max)s.") % {"max": f"{MAX_LAK:,}"}
    values["needs"] = list(dict.fromkeys(values["needs"] or []))
    unknown = [n for n in values["needs"] if n not in Service.values]
    if unknown:
        errors["needs"] = _("Unknown needs: %(needs)s.") % {"needs": ", ".join(map(str, unknown))}
    values["skills_gained"] = (values["skills_gained"] or "").strip()
    if len(values["skills_gained"]) > 300:
        errors["skills_gained"] = _("Keep the skills under 300 characters.")
    values["note"] = (values["note"] or "").strip()
    return values


def _already(person: Person, day: datetime.date) -> str:
    return _("%(name)s's return on %(date)s is already recorded.") % {
        "name": person.display_name,
        "date": f"{day:%Y-%m-%d}",
    }


@transaction.atomic
def return_record(
    *, actor, person_id: UUID | str, organisation: Organisation, mark_returnee: bool = True, **fields
) -> Return:
    """Record that a person returned from abroad (at a border point, a quarantine centre, an MRC); the needs
    assessment is part of it. The person becomes a returnee unless `mark_returnee` is False."""
    unknown = set(fields) - set(RETURN_FIELDS)
    if unknown:
        raise TypeError(f"return_record cannot take {', '.join(sorted(unknown))}")
    _check_recorder(actor, organisation)
    person = _person(actor, person_id)
    defaults = {name: None for name in RETURN_FIELDS} | {"screening": Screening.NOT_SCREENED}
    errors: dict[str, str] = {}
    values = _checked_return(defaults | fields, errors)
    if not errors and Return.objects.filter(person=person, returned_on=values["returned_on"]).exists():
        errors["returned_on"] = _already(person, values["returned_on"])
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            record = Return.objects.create(
                person=person, organisation=organisation, created_by=actor, **values
            )
    except IntegrityError:  # recorded at the same moment by someone else
        raise ValidationError({"returned_on": _already(person, values["returned_on"])}) from None
    audit.record(actor=actor, action="return.create", obj=record, person_id=person.pk)
    if mark_returnee and person.migrant_status != MigrantStatus.RETURNEE:
        people_services.migrant_status_set(actor=actor, person=person, status=MigrantStatus.RETURNEE)
    return record


@transaction.atomic
def return_update(*, actor, record: Return, **changes) -> Return:
    """Correct a return; fields not given stay as they are."""
    unknown = set(changes) - set(RETURN_FIELDS)
    if unknown:
        raise TypeError(f"return_update cannot change {', '.join(sorted(unknown))}")
    access.require_return_manager(actor, record)
    people_selectors.person_get(actor=actor, person_id=record.person_id)
    record = Return.objects.select_for_update().get(pk=record.pk)
    errors: dict[str, str] = {}
    values = _checked_return(
        {name: changes.get(name, getattr(record, name)) for name in RETURN_FIELDS}, errors
    )
    same_day = Return.objects.filter(person_id=record.person_id, returned_on=values["returned_on"])
    if not errors and same_day.exclude(pk=record.pk).exists():
        errors["returned_on"] = _already(record.person, values["returned_on"])
    first_referral = record.referrals.order_by("referred_on").first()
    if not errors and first_referral is not None and values["returned_on"] > first_referral.referred_on:
        errors["returned_on"] = _(
            "A referral after this return is dated %(date)s: the return cannot be later."
        ) % {"date": f"{first_referral.referred_on:%Y-%m-%d}"}
    if errors:
        raise ValidationError(errors)
    audit.save_changes(
        actor=actor, action="return.update", instance=record, values=values, person_id=record.person_id
    )
    return record


@transaction.atomic
def referral_make(
    *,
    actor,
    person_id: UUID | str,
    organisation: Organisation,
    service: str,
    referred_to: Organisation | None,
    referred_on: datetime.date | None,
    after_return: Return | None = None,
    funding_project: Project | None = None,
    note: str = "",
) -> Referral:
    """Refer a person to a service of another organisation (or one's own)."""
    _check_recorder(actor, organisation)
    person = _person(actor, person_id)
    # A referral follows its return; it is paid for by the return's project unless another is named.
    errors = _day_errors("referred_on", referred_on)
    if not errors and after_return is not None and referred_on < after_return.returned_on:  # type: ignore[operator]
        errors["referred_on"] = _("The referral is dated before the return it follows (%(date)s).") % {
            "date": f"{after_return.returned_on:%Y-%m-%d}"
        }
    if funding_project is None and after_return is not None:
        funding_project = after_return.funding_project
    if service not in Service.values:
        errors["service"] = _("Choose the service.")
    if referred_to is None:
        errors["referred_to"] = _("Choose the organisation the person is referred to.")
    elif not referred_to.is_active:
        errors["referred_to"] = _("%(name)s is no longer active.") % {"name": referred_to}
    if after_return is not None and after_return.person_id != person.pk:
        errors["after_return"] = _("That return is another person's.")
    if errors:
        raise ValidationError(errors)
    assert referred_to is not None and referred_on is not None  # checked above
    referral = Referral.objects.create(
        person=person,
        organisation=organisation,
        service=service,
        referred_to=referred_to,
        referred_on=referred_on,
        after_return=after_return,
        funding_project=funding_project,
        note=(note or "").strip(),
        created_by=actor,
    )
    audit.record(actor=actor, action="referral.create", obj=referral, person_id=person.pk)
    return referral


@transaction.atomic
def referral_outcome(
    *,
    actor,
    referral: Referral,
    status: str,
    outcome_on: datetime.date | None,
    outcome_note: str | None = None,
) -> Referral:
    """Record what came of a referral: the service received, declined, not provided — or back to waiting."""
    if not Referral.objects.filter(access.referrals_managed_by(actor), pk=referral.pk).exists():
        raise PermissionDenied(
            _("Only the organisations that made or received the referral may record its outcome.")
        )
    people_selectors.person_get(actor=actor, person_id=referral.person_id)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    errors: dict[str, str] = {}
    if status not in ReferralStatus.values:
        errors["status"] = _("Choose what came of the referral.")
    if status == ReferralStatus.REFERRED:
        outcome_on = None
    else:
        errors |= _day_errors("outcome_on", outcome_on)
        if not errors and outcome_on < referral.referred_on:  # type: ignore[operator]
            errors["outcome_on"] = _("The outcome is dated before the referral (%(date)s).") % {
                "date": f"{referral.referred_on:%Y-%m-%d}"
            }
    if errors:
        raise ValidationError(errors)
    values = {"status": status, "outcome_on": outcome_on}
    if outcome_note is not None:
        values["outcome_note"] = outcome_note.strip()
    audit.save_changes(
        actor=actor, action="referral.update", instance=referral, values=values, person_id=referral.person_id
    )
    return referral
