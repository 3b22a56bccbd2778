"""Who may see and record what in employment: the one place that turns an actor's scope into jobs filters.

- Vacancies are not personal data: every role that works with people's records sees every vacancy, so a
  placement officer in Savannakhet can match people to a factory in Vientiane Capital or an employer in
  Thailand. National roles post vacancies for any employer; partner staff for an employer they work for, or
  posted by their own organisation.
- A placement and its follow-ups are part of the person's record: whoever may see the person (people.scopes)
  sees them, as on the timeline; nobody else.
- Recording a placement or a follow-up (`Scope.can_record_placements`): national roles, and partner staff
  for an organisation they work for: the placement's employer or the partner that records it. Case workers
  (protection cases) and donors do not record placements.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from pathways.accounts.scopes import is_national, scope_of
from pathways.partners.models import Organisation, OrganisationKind
from pathways.partners.selectors import organisations_of
from pathways.people.scopes import NOTHING, about_visible_people


def vacancies_visible_to(actor) -> Q:
    """Filter on Vacancy."""
    return Q() if scope_of(actor).sees_personal_data else NOTHING


def vacancies_managed_by(actor) -> Q:
    """Filter on Vacancy: the ones this actor may edit and fill."""
    scope = scope_of(actor)
    if not scope.can_record_placements:
        return NOTHING
    if is_national(actor):
        return Q()
    return Q(employer_id__in=scope.organisation_ids) | Q(posted_by_id__in=scope.organisation_ids)


def placements_visible_to(actor, prefix: str = "") -> Q:
    """Filter on Placement (or, with a prefix such as "placement", on a model that points to one)."""
    return about_visible_people(actor, f"{prefix}__person" if prefix else "person")


def placements_recordable_by(actor, prefix: str = "") -> Q:
    """Filter on Placement: the ones whose follow-ups this actor may record (people still filtered apart)."""
    scope = scope_of(actor)
    if not scope.can_record_placements:
        return NOTHING
    if is_national(actor):
        return Q()
    p = f"{prefix}__" if prefix else ""
    ids = scope.organisation_ids
    return Q(**{f"{p}employer_id__in": ids}) | Q(**{f"{p}recorded_by_organisation_id__in": ids})


def may_record(actor, *, employer: Organisation, recorded_by: Organisation) -> bool:
    """May this actor record a placement at `employer` on behalf of `recorded_by`?"""
    scope = scope_of(actor)
    if not scope.can_record_placements:
        return False
    if is_national(actor):
        return True
    return recorded_by.pk in scope.organisation_ids and (
        employer.pk in scope.organisation_ids or recorded_by.kind != OrganisationKind.EMPLOYER
    )


def recording_organisations(actor):
    """The organisations this actor may record placements for (all active ones for national roles)."""
    if not scope_of(actor).can_record_placements:
        return Organisation.objects.none()
    return organisations_of(actor)


def employers():
    return Organisation.objects.filter(kind=OrganisationKind.EMPLOYER, is_active=True).order_by("name_en")


def require_recorder(actor) -> None:
    if not scope_of(actor).can_record_placements:
        raise PermissionDenied(_("Your role may not record vacancies or placements."))


def require_vacancy_manager(actor, vacancy) -> None:
    require_recorder(actor)
    if not type(vacancy).objects.filter(vacancies_managed_by(actor), pk=vacancy.pk).exists():
        raise PermissionDenied(
            _("Only the employer's staff, the posting organisation or national staff may do this.")
        )
