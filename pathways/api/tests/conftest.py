import pytest
from django.core.cache import cache

from pathways.accounts.services import api_token_issue


@pytest.fixture(autouse=True)
def fresh_rate_counters():
    # The limits count in the cache, which outlives a test's database.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def bearer():
    def make(user, scopes=("write",), **options) -> dict:
        return {
            "HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=user, scopes=scopes, **options)}"
        }

    return make
