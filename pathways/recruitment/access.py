"""Who may see and record what in ethical recruitment: the one place that turns an actor into filters.

- Agencies and job orders are public registers, not personal data: every signed-in user sees them. Licensing
  them, recording the ministry's decisions and approving job orders is for national roles.
- A worker's recruitment record and a complaint that names a worker are part of the person's record: seen by
  those who may see the person (people.scopes). An anonymous complaint naming no one is seen by national roles
  and the organisation that received it.
- Recording recruitments: national roles and partner staff for an organisation they work for (as placements,
  `Scope.can_record_placements`). Recording complaints also falls to case workers, who take them on hotlines.
- Complaint counts on an agency's page are aggregates for staff (roles that see people's records), never a
  list of who complained.
"""

from django.db.models import Q

from pathways.accounts.models import Role
from pathways.accounts.scopes import is_national, scope_of
from pathways.partners.models import Organisation
from pathways.partners.selectors import organisations_of
from pathways.people.models import Person
from pathways.people.scopes import NOTHING, visible_to


def manages_registers(actor) -> bool:
    """May license agencies, record the ministry's decisions and approve job orders."""
    return is_national(actor)


def sees_staff_figures(actor) -> bool:
    return scope_of(actor).sees_personal_data


def _people(actor):
    return Person.objects.filter(visible_to(actor)).values("pk")


def records_visible_to(actor) -> Q:
    """Filter on RecruitmentRecord."""
    return Q(person__in=_people(actor))


def recording_organisations(actor):
    """The organisations this actor may record recruitments for."""
    if not scope_of(actor).can_record_placements:
        return Organisation.objects.none()
    return organisations_of(actor)


def records_managed_by(actor) -> Q:
    """Filter on RecruitmentRecord: those whose costs and earnings this actor may record and correct."""
    scope = scope_of(actor)
    if not scope.can_record_placements:
        return NOTHING
    if is_national(actor):
        return Q()
    return Q(organisation_id__in=scope.organisation_ids)


def _takes_complaints(actor) -> bool:
    return is_national(actor) or (
        getattr(actor, "role", None) in (Role.PARTNER_STAFF, Role.CASE_WORKER)
        and bool(scope_of(actor).organisation_ids)
    )


def complaint_organisations(actor):
    """The organisations this actor may record complaints for."""
    if not _takes_complaints(actor):
        return Organisation.objects.none()
    return organisations_of(actor)


def complaints_visible_to(actor) -> Q:
    """Filter on Complaint."""
    if not scope_of(actor).sees_personal_data:
        return NOTHING
    anonymous = Q(person__isnull=True)
    if is_national(actor):
        return Q(person__in=_people(actor)) | anonymous
    return Q(person__in=_people(actor)) | (
        anonymous & Q(organisation_id__in=scope_of(actor).organisation_ids)
    )


def complaints_managed_by(actor) -> Q:
    """Filter on Complaint: those whose progress this actor may record (receiving side, national roles)."""
    if not _takes_complaints(actor):
        return NOTHING
    if is_national(actor):
        return Q()
    return Q(organisation_id__in=scope_of(actor).organisation_ids)
