"""Template context every page needs."""

from django.utils.functional import SimpleLazyObject

from pathways.accounts.scopes import scope_of


def scope(request) -> dict:
    """The viewer's scope, so navigation offers only what the role may open (computed on first use)."""
    return {"scope": SimpleLazyObject(lambda: scope_of(request.user))}
