"""The one place that turns an actor's scope into a filter on people, and on records about people."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from pathways.accounts.scopes import scope_of

NOTHING = Q(pk__in=[])
# Records merged into another are kept for unmerging but are not people any more: every list, page and count
# goes through this filter, so each count is of resolved persons.
RESOLVED = Q(merged_into__isnull=True)


def visible_to(actor) -> Q:
    """Return a filter matching exactly the people `actor` may see."""
    scope = scope_of(actor)
    if not scope.sees_personal_data:
        return NOTHING
    if scope.all_provinces:
        return RESOLVED
    q = NOTHING
    if scope.province_codes:
        q |= Q(home_province_id__in=scope.province_codes)
    if scope.organisation_ids:
        # Partners keep sight of everyone they registered, wherever the person lives.
        q |= Q(owner_organisation_id__in=scope.organisation_ids)
    return RESOLVED & q


def visible_people(actor) -> QuerySet:
    """The ids of the people `actor` may see, as a subquery (for records that point at a person)."""
    from pathways.people.models import Person

    return Person.objects.filter(visible_to(actor)).values("pk")


def about_visible_people(actor, path: str = "person") -> Q:
    """Filter on any model pointing at a person through `path` ("person", "placement__person"): only the
    records about people the actor may see. A subquery rather than a join, so nothing is listed twice."""
    return Q(**{f"{path}__in": visible_people(actor)})


def require_writer(actor) -> None:
    """Registering and correcting people's records (and records about them, such as training)."""
    if not scope_of(actor).can_write_people:
        raise PermissionDenied(_("Your role may not change people's records."))


def require_deleter(actor) -> None:
    if not scope_of(actor).can_delete_people:
        raise PermissionDenied(_("Only an administrator may delete a person's record."))
