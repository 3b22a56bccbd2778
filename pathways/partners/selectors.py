"""Reads about partner organisations."""

import uuid

from pathways.accounts.scopes import is_national, scope_of
from pathways.partners.models import Organisation


def primary_organisation_id(user) -> uuid.UUID | None:
    """The organisation a user's records belong to: their primary membership, else their oldest one; None for
    staff of no organisation. Cached on the user object for the request (or the import run), like
    accounts.scopes.scope_of."""
    if hasattr(user, "_pathways_primary_organisation"):
        return user._pathways_primary_organisation
    membership = user.memberships.order_by("-is_primary", "created_at").first()
    user._pathways_primary_organisation = membership.organisation_id if membership else None
    return user._pathways_primary_organisation


def organisations_of(actor):
    """The active organisations `actor` may record work for: every one for national roles, else the ones
    they are a member of."""
    qs = Organisation.objects.filter(is_active=True)
    if not is_national(actor):
        qs = qs.filter(pk__in=scope_of(actor).organisation_ids)
    return qs.order_by("name_en")
