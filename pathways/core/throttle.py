"""Counters of attempts in the cache (Redis when REDIS_URL is set, so every process shares them): logins that
failed, public look-ups. A counter starts with the first attempt and lasts `seconds` from then."""

from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str:
    # REMOTE_ADDR, not X-Forwarded-For: a header the client writes would let it pick its own counter. Behind a
    # proxy, the proxy sets REMOTE_ADDR (docs/deploy.md).
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


@dataclass(frozen=True)
class Throttle:
    name: str
    limit: int
    seconds: int

    def _key(self, who: str) -> str:
        return f"throttle:{self.name}:{who}"

    def exceeded(self, who: str) -> bool:
        """Whether `who` (an address, a user name) has used up its attempts."""
        return (cache.get(self._key(who)) or 0) >= self.limit

    def count(self, who: str) -> None:
        key = self._key(who)
        if not cache.add(key, 1, self.seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, self.seconds)

    def clear(self, who: str) -> None:
        cache.delete(self._key(who))
