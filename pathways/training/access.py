"""Who may see and run which cohorts: the one place that turns an actor's scope into training filters.

People inside a cohort are still filtered by `people.scopes.visible_to`: an institution may run a cohort
whose trainees it cannot all see, and a trainee outside the actor's scope stays hidden on every page.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from pathways.accounts.scopes import NATIONAL_ROLES, scope_of
from pathways.people.scopes import NOTHING, about_visible_people


def cohorts_visible_to(actor) -> Q:
    """Filter on Cohort: national roles see all (or their provinces'); others their institutions' cohorts."""
    scope = scope_of(actor)
    if not scope.sees_personal_data:
        return NOTHING
    if scope.all_provinces:
        return Q()
    q = Q(institution_id__in=scope.organisation_ids) | Q(trainers=actor)
    if actor.role in NATIONAL_ROLES and scope.province_codes:
        q |= Q(institution__province_id__in=scope.province_codes)
    return q


def institutions_visible_to(actor) -> Q:
    """Filter on Organisation for RPL applications and certificates, same rule as cohorts."""
    scope = scope_of(actor)
    if not scope.sees_personal_data:
        return NOTHING
    if scope.all_provinces:
        return Q()
    q = Q(pk__in=scope.organisation_ids)
    if actor.role in NATIONAL_ROLES and scope.province_codes:
        q |= Q(province_id__in=scope.province_codes)
    return q


def people_visible_to(actor, prefix: str = "person") -> Q:
    """Filter on any model with a `person` foreign key: only people the actor may see."""
    return about_visible_people(actor, prefix)


def is_national(actor) -> bool:
    return scope_of(actor).all_provinces or getattr(actor, "role", None) in NATIONAL_ROLES


def require_writer(actor) -> None:
    if not scope_of(actor).can_write_people:
        raise PermissionDenied(_("Your role may not change training records."))
