"""Bearer tokens with scopes and an expiry.

A token's scopes say which areas of the API it may read or write (accounts.models.API_SCOPES); what it then
sees is still its user's scope, as on the pages. The area is the first part of the path after /api/v1/.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from pathways.accounts.models import API_AREAS
from pathways.accounts.services import api_token_authenticate

API_ROOT = "/api/v1/"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenExpired(AuthenticationError):
    pass


class InsufficientScope(PermissionDenied):
    pass


def area_of(path: str) -> str | None:
    """The area a path belongs to (people, training...), None for reference data and the deletions list."""
    head = path.removeprefix(API_ROOT).split("/", 1)[0]
    return head if head in API_AREAS else None


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = api_token_authenticate(token)
        if found is None:
            return None
        if found.is_expired:
            raise TokenExpired
        area = area_of(request.path)
        write = request.method not in READ_METHODS
        if area is not None and not found.allows(area, write=write):
            needed = f"{area}:{'write' if write else 'read'}"
            raise InsufficientScope(
                _("This token's scopes (%(scopes)s) do not include %(needed)s.")
                % {"scopes": ", ".join(found.scopes), "needed": needed}
            )
        request.user = found.user
        request.api_token = found
        return found.user
