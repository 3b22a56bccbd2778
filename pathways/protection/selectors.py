"""Every read of protection cases goes through here, scoped to the actor (access.cases_visible_to)."""

from uuid import UUID

from django.db.models import Count, Max, Min, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from pathways.accounts.models import User
from pathways.core import audit
from pathways.core.attention import Item
from pathways.core.models import AuditEvent
from pathways.people.models import Person
from pathways.protection import access
from pathways.protection.models import CaseStatus, ProtectionCase, RiskLevel

# The audit action of a read of a case.
VIEW = "protection_case.view"


def case_list(*, actor, status: str = "") -> QuerySet[ProtectionCase]:
    """The cases the actor is assigned to or supervises, newest first; `status` "open" or "closed"."""
    qs = (
        ProtectionCase.objects.filter(access.cases_visible_to(actor))
        .select_related("person", "person__home_province", "organisation", "supervisor")
        .prefetch_related("case_workers")
    )
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    return qs


def case_get(*, actor, case_id: UUID | str, for_update: bool = False) -> ProtectionCase:
    """One case the actor may see; anyone else gets the same 404 as a case that does not exist, so that a
    case's existence is not revealed. Not logged: for the services' own reads (see `case_view`)."""
    qs = ProtectionCase.objects.filter(access.cases_visible_to(actor))
    try:
        if for_update:
            # Lock the case's row only (the visibility filter is a subquery, not a join).
            return ProtectionCase.objects.select_for_update().get(pk=qs.get(pk=case_id).pk)
        return qs.select_related(
            "person", "person__home_province", "organisation", "supervisor", "funding_project"
        ).get(pk=case_id)
    except (ProtectionCase.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case.") from None


def case_view(*, actor, case_id: UUID | str) -> ProtectionCase:
    """One case, as a person reads it on a page or through the API: every such view is logged."""
    case = case_get(actor=actor, case_id=case_id)
    audit.record(actor=actor, action=VIEW, obj=case)
    return case


def _events(case: ProtectionCase) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=ProtectionCase._meta.label_lower, object_id=str(case.pk))


def case_log(*, case: ProtectionCase) -> QuerySet[AuditEvent]:
    """Who opened, changed, wrote on, closed and reopened a case, newest first (given a case the caller was
    allowed to get). Views are counted apart (`case_views`): one line each would bury the changes."""
    return _events(case).exclude(action=VIEW).select_related("actor")


def case_views(*, case: ProtectionCase) -> list[dict]:
    """Who has viewed the case, how often, first and last: [{actor, views, first, last}], latest first."""
    rows = (
        _events(case)
        .filter(action=VIEW)
        .values("actor")
        .annotate(views=Count("id"), first=Min("at"), last=Max("at"))
        .order_by("-last")
    )
    users = {u.pk: u for u in User.objects.filter(pk__in=[r["actor"] for r in rows])}
    return [{**r, "actor": users.get(r["actor"])} for r in rows]


def person_cases(*, actor, person: Person) -> QuerySet[ProtectionCase]:
    """The person's cases that the actor may see (none for everyone not assigned)."""
    return ProtectionCase.objects.filter(access.cases_visible_to(actor), person=person)


def attention(*, actor) -> list[Item]:
    """For the dashboard: the actor's open cases, and how many of them are high risk."""
    open_cases = case_list(actor=actor, status=CaseStatus.OPEN)
    high = open_cases.filter(risk=RiskLevel.HIGH).count()
    url = reverse("protection-home")
    return [
        Item(
            _("Open protection cases you work on"),
            open_cases.count(),
            url,
            urgent=high,
            urgent_label=_("%(n)s high risk") % {"n": high},
        )
    ]
