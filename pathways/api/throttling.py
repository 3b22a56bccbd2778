"""Rate limits for the API, counted in the cache (Redis when REDIS_URL is set, so every process shares them).

Per token: API_RATE_LIMIT requests a minute. Per client (its address): requests without a token count as one
token, and a client whose tokens were refused more than API_REFUSED_TOKENS_LIMIT times in a minute is
answered 429 until the minute ends, whatever it sends: guessing tokens, or a script retrying a revoked one,
stops there.
Fixed one-minute windows: cheap (one counter) and Retry-After is exact.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from pathways.accounts.models import ApiToken
from pathways.api import problems
from pathways.api.auth import API_ROOT

WINDOW_SECONDS = 60


def _count(key: str) -> int:
    """Add one to a counter of the current window and return it."""
    cache.add(key, 0, WINDOW_SECONDS + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS + 5)
        return 1


def _client(request: HttpRequest) -> str:
    # REMOTE_ADDR, not X-Forwarded-For: a header the client writes would let it pick its own counter. Behind a
    # proxy, have the proxy set REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR", "")


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not request.path.startswith(API_ROOT):
            return self.get_response(request)
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        retry_after = str(max(1, math.ceil((window + 1) * WINDOW_SECONDS - now)))
        client = _client(request)
        refused_key = f"api-refused:{client}:{window}"
        if (cache.get(refused_key) or 0) >= settings.API_REFUSED_TOKENS_LIMIT:
            return self._limited(
                request,
                retry_after,
                _("Too many refused tokens from this address; wait before trying again."),
            )
        scheme, _sep, key = request.headers.get("Authorization", "").partition(" ")
        holder = (
            f"token:{ApiToken.hash(key.strip())}"
            if scheme.lower() == "bearer" and key
            else f"client:{client}"
        )
        if _count(f"api-rate:{holder}:{window}") > settings.API_RATE_LIMIT:
            return self._limited(
                request,
                retry_after,
                _("More than %(n)d requests this minute; wait before trying again.")
                % {"n": settings.API_RATE_LIMIT},
            )
        response = self.get_response(request)
        if response.status_code == 401:
            _count(refused_key)
        return response

    @staticmethod
    def _limited(request: HttpRequest, retry_after: str, detail: str):
        return problems.problem(
            request, problems.RATE_LIMITED, detail=detail, headers={"Retry-After": retry_after}
        )
