"""The one place that turns an actor's scope into a filter on people."""

from django.db.models import Q

from pathways.accounts.scopes import scope_of

NOTHING = Q(pk__in=[])
# Every resolved person; identity resolution narrows this to exclude records merged into another, and the
# results engine counts through it, so aggregates never count a merged record twice.
RESOLVED = Q()


def visible_to(actor) -> Q:
    """Return a filter matching exactly the people `actor` may see."""
    scope = scope_of(actor)
    if not scope.sees_personal_data:
        return NOTHING
    if scope.all_provinces:
        return Q()
    q = NOTHING
    if scope.province_codes:
        q |= Q(home_province_id__in=scope.province_codes)
    if scope.organisation_ids:
        # Partners keep sight of everyone they registered, wherever the person lives.
        q |= Q(owner_organisation_id__in=scope.organisation_ids)
    return q
