"""Writes for users and API tokens."""

import secrets

from django.db import transaction
from django.utils import timezone

from pathways.accounts.models import ApiToken, User
from pathways.core import audit


@transaction.atomic
def api_token_issue(*, actor: User | None, user: User, name: str = "") -> str:
    """Create a token for `user` and return its clear text, which is shown once and never stored."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash(key), prefix=key[:8])
    audit.record(actor=actor, action="api_token.issue", obj=token)
    return key


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Revoke a token; requests with it are refused from now on."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="api_token.revoke", obj=token, changed_fields=["revoked_at"])
    return token


def api_token_authenticate(key: str) -> User | None:
    """Return the active user holding this unrevoked token, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    # Only touch the row once a minute: a busy client would otherwise write on every request.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
