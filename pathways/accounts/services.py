"""Writes for users and API tokens."""

import datetime
import secrets
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.accounts.models import API_SCOPES, ApiToken, User
from pathways.core import audit

# A token that leaves with a partner's laptop or a script should not work forever; renewing is one command.
DEFAULT_TOKEN_DAYS = 90


def api_token_scopes_check(scopes: Sequence[str]) -> list[str]:
    """The scopes, each known, without repeats; refused with the unknown ones named."""
    unknown = sorted(set(scopes) - set(API_SCOPES))
    if unknown:
        raise ValidationError(
            {
                "scopes": _("Unknown scopes: %(unknown)s. Use read, write, or an area with :read or :write.")
                % {"unknown": ", ".join(unknown)}
            }
        )
    if not scopes:
        raise ValidationError({"scopes": _("Give the token at least one scope.")})
    return list(dict.fromkeys(scopes))


@transaction.atomic
def api_token_issue(
    *,
    actor: User | None,
    user: User,
    name: str = "",
    scopes: Sequence[str] = ("read",),
    expires_at: datetime.datetime | None = None,
) -> str:
    """Create a token for `user` and return its clear text, which is shown once and never stored. Without
    scopes it only reads; without an expiry it expires after DEFAULT_TOKEN_DAYS."""
    now = timezone.now()
    expires_at = expires_at or now + datetime.timedelta(days=DEFAULT_TOKEN_DAYS)
    if expires_at <= now:
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=ApiToken.hash(key),
        prefix=key[:8],
        scopes=api_token_scopes_check(scopes),
        expires_at=expires_at,
    )
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


@transaction.atomic
def api_token_update(
    *, actor: User | None, token: ApiToken, scopes: Sequence[str], expires_at: datetime.datetime | None
) -> ApiToken:
    """Change what a token may do and until when (the admin's form)."""
    changed = audit.apply_changes(token, {"scopes": api_token_scopes_check(scopes), "expires_at": expires_at})
    if changed:
        token.save(update_fields=changed)
        audit.record(actor=actor, action="api_token.update", obj=token, changed_fields=changed)
    return token


def api_token_authenticate(key: str) -> ApiToken | None:
    """Return this unrevoked token of an active user (expired or not: the caller says which), or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or token.is_expired:
        return token
    # Only touch the row once a minute: a busy client would otherwise write on every request.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
