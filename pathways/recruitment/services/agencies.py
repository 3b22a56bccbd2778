"""Licensing recruitment agencies and recording the ministry's decisions on them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pathways.core import audit
from pathways.places.models import Country, Province
from pathways.recruitment.models import (
    DECIDED_STATUSES,
    AgencyBranch,
    AgencyStatusChange,
    Membership,
    RecruitmentAgency,
)
from pathways.recruitment.services.common import day_errors, require_register_manager, text
from pathways.training.models import Sector

AGENCY_FIELDS = (
    "name_en",
    "name_local",
    "licence_number",
    "issuing_authority",
    "licence_valid_from",
    "licence_valid_to",
    "head_office_province",
    "address",
    "phone",
    "sectors",
    "membership",
    "association",
)


def _checked(values: dict, errors: dict[str, str], *, agency: RecruitmentAgency | None = None) -> dict:
    for name in (
        "name_en",
        "name_local",
        "licence_number",
        "issuing_authority",
        "address",
        "phone",
        "association",
    ):
        values[name] = text(values.get(name))
    if not values["name_en"]:
        errors["name_en"] = _("Give the agency's name in English.")
    if not values["licence_number"]:
        errors["licence_number"] = _("Give the licence number.")
    else:
        same = RecruitmentAgency.objects.filter(licence_number__iexact=values["licence_number"])
        if agency is not None:
            same = same.exclude(pk=agency.pk)
        holder = same.first()
        if holder is not None:
            errors["licence_number"] = _("Licence %(number)s is already recorded for %(name)s.") % {
                "number": values["licence_number"],
                "name": holder.name_en,
            }
    if not values["issuing_authority"]:
        errors["issuing_authority"] = _("Give the authority that issued the licence.")
    start, end = values.get("licence_valid_from"), values.get("licence_valid_to")
    errors |= day_errors("licence_valid_from", start)
    if end is None:
        errors["licence_valid_to"] = _("Give the date the licence ends.")
    elif start is not None and end < start:
        errors["licence_valid_to"] = _("The licence ends before it starts.")
    province: Province | None = values.get("head_office_province")
    if province is None or province.country_id != "LA":
        errors["head_office_province"] = _("Choose the province of the head office in Lao PDR.")
    values["sectors"] = list(dict.fromkeys(values.get("sectors") or []))
    unknown = [s for s in values["sectors"] if s not in Sector.values]
    if unknown:
        errors["sectors"] = _("Unknown sectors: %(sectors)s.") % {"sectors": ", ".join(map(str, unknown))}
    values["membership"] = values.get("membership") or Membership.NONE
    if values["membership"] not in Membership.values:
        errors["membership"] = _("Choose the membership from the list.")
    return values


def _destination_errors(destinations) -> dict:
    if destinations is not None and any(c.code == "LA" for c in destinations):
        return {"destinations": _("Destinations are countries abroad: Lao PDR is where workers leave from.")}
    return {}


def _branch_errors(provinces) -> dict:
    if provinces is not None and any(p.country_id != "LA" for p in provinces):
        return {"branch_provinces": _("Branches are in provinces of Lao PDR.")}
    return {}


def _set_branches(agency: RecruitmentAgency, provinces) -> bool:
    """Keep one branch in each province given (their addresses stay); return whether any changed."""
    wanted = {p.code for p in provinces}
    have = set(agency.branches.values_list("province_id", flat=True))
    agency.branches.exclude(province_id__in=wanted).delete()
    AgencyBranch.objects.bulk_create(
        [AgencyBranch(agency=agency, province_id=code) for code in wanted - have]
    )
    return wanted != have


@transaction.atomic
def agency_create(
    *,
    actor,
    destinations: list[Country] | None = None,
    branch_provinces: list[Province] | None = None,
    **fields,
) -> RecruitmentAgency:
    """Record a licensed agency (licensed from its licence's dates; the ministry's later decisions are
    recorded with `agency_status_set`)."""
    unknown = set(fields) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"agency_create cannot take {', '.join(sorted(unknown))}")
    require_register_manager(actor)
    errors: dict[str, str] = {}
    values = _checked(dict(fields), errors)
    errors |= _destination_errors(destinations) | _branch_errors(branch_provinces)
    if errors:
        raise ValidationError(errors)
    agency = RecruitmentAgency.objects.create(created_by=actor, **values)
    agency.destinations.set(destinations or [])
    _set_branches(agency, branch_provinces or [])
    audit.record(actor=actor, action="recruitment_agency.create", obj=agency)
    return agency


@transaction.atomic
def agency_update(
    *,
    actor,
    agency: RecruitmentAgency,
    destinations: list[Country] | None = None,
    branch_provinces: list[Province] | None = None,
    **changes,
) -> RecruitmentAgency:
    """Correct an agency's details; fields not given stay. Its status changes only by a decision."""
    unknown = set(changes) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"agency_update cannot change {', '.join(sorted(unknown))}")
    require_register_manager(actor)
    agency = RecruitmentAgency.objects.select_for_update().get(pk=agency.pk)
    errors: dict[str, str] = {}
    values = _checked(
        {name: changes.get(name, getattr(agency, name)) for name in AGENCY_FIELDS}, errors, agency=agency
    )
    errors |= _destination_errors(destinations) | _branch_errors(branch_provinces)
    if errors:
        raise ValidationError(errors)
    changed = audit.apply_changes(agency, values)
    if destinations is not None and {c.pk for c in destinations} != set(
        agency.destinations.values_list("pk", flat=True)
    ):
        agency.destinations.set(destinations)
        changed.append("destinations")
    if branch_provinces is not None and _set_branches(agency, branch_provinces):
        changed.append("branches")
    if changed:
        agency.save()
        audit.record(actor=actor, action="recruitment_agency.update", obj=agency, changed_fields=changed)
    return agency


@transaction.atomic
def agency_status_set(
    *, actor, agency: RecruitmentAgency, status: str, changed_on: datetime.date | None, reason: str
) -> AgencyStatusChange:
    """Record the ministry's decision on an agency's licence (suspended, revoked, licensed again) and why."""
    require_register_manager(actor)
    agency = RecruitmentAgency.objects.select_for_update().get(pk=agency.pk)
    errors = day_errors("changed_on", changed_on)
    if status not in DECIDED_STATUSES:
        errors["status"] = _(
            "Choose licensed, suspended or revoked: an expired licence follows from its dates."
        )
    elif status == agency.decided_status:
        errors["status"] = _("The agency is already %(status)s.") % {
            "status": agency.get_decided_status_display()
        }
    reason = text(reason)
    if not reason:
        errors["reason"] = _("Say why: the decision's reason is kept in the agency's history.")
    if errors:
        raise ValidationError(errors)
    assert changed_on is not None  # checked above
    change = AgencyStatusChange.objects.create(
        agency=agency, status=status, changed_on=changed_on, reason=reason, changed_by=actor
    )
    agency.decided_status = status
    agency.save(update_fields=["decided_status", "updated_at"])
    audit.record(
        actor=actor, action="recruitment_agency.status", obj=agency, changed_fields=["decided_status"]
    )
    return change
