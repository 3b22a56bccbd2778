"""Who may see and handle protection cases: the one place that turns an actor into case filters.

- A case is seen only by the case workers assigned to it and its supervisor. No other role sees it, not even
  national staff or administrators: in lists, on the person's page and timeline, in the audit trail, in a
  results figure's drill-down (results counts cases only as aggregates).
- Opening a case: case workers, for an organisation they work for; they are assigned to what they open.
- Supervisors and assigned case workers are active case workers of the case's organisation.
- Handling a case (notes, corrections, closing) is for those who see it; reassigning it is the supervisor's.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from pathways.accounts.models import Role, User
from pathways.accounts.scopes import scope_of
from pathways.partners.models import Membership, Organisation
from pathways.partners.selectors import organisations_of
from pathways.people.scopes import NOTHING
from pathways.protection.models import ProtectionCase


def handles_cases(actor) -> bool:
    return scope_of(actor).handles_protection_cases


def require_case_worker(actor) -> None:
    if not handles_cases(actor):
        raise PermissionDenied(_("Only case workers open and handle protection cases."))


def cases_visible_to(actor) -> Q:
    """Filter on ProtectionCase: the cases the actor is assigned to or supervises."""
    if not handles_cases(actor):
        return NOTHING
    # A subquery rather than a join on the assignments, so that a case is never listed twice.
    assigned = ProtectionCase.case_workers.through.objects.filter(user_id=actor.pk).values(
        "protectioncase_id"
    )
    # Only while they work for the organisation managing the case: one who moves to another partner leaves
    # its cases behind (their supervisor hands them over).
    mine = scope_of(actor).organisation_ids
    return (Q(supervisor_id=actor.pk) | Q(pk__in=assigned)) & Q(organisation_id__in=mine)


def may_reassign(actor, case: ProtectionCase) -> bool:
    """The supervisor decides who works on a case. When the supervisor has gone (deactivated, or no longer
    with the managing organisation), the case workers on it may name a new one, or the case would be stuck."""
    if case.supervisor_id == actor.pk:
        return True
    supervisor_gone = not case_workers_of([case.organisation]).filter(pk=case.supervisor_id).exists()
    return supervisor_gone and case.case_workers.filter(pk=actor.pk).exists()


def opening_organisations(actor) -> QuerySet[Organisation]:
    """The organisations a case worker may open cases for: the active ones they work for."""
    if not handles_cases(actor):
        return Organisation.objects.none()
    return organisations_of(actor)


def case_workers_of(organisations: Iterable[Organisation]) -> QuerySet[User]:
    """Who may be assigned to or supervise a case of one of `organisations`."""
    members = Membership.objects.filter(organisation__in=organisations).values("user_id")
    return User.objects.filter(role=Role.CASE_WORKER, is_active=True, pk__in=members).order_by("username")
