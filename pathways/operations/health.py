"""What /healthz checks: the app answers, the database answers, the broker answers (when there is one)."""

from django.conf import settings
from django.db import connection

UP, DOWN, NOT_CONFIGURED = "ok", "down", "not configured"


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return DOWN
    return UP


def broker_status() -> str:
    """Without REDIS_URL there is no broker: imports run in a thread of the web process."""
    if not settings.REDIS_URL:
        return NOT_CONFIGURED
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError:
        return DOWN
    return UP


def report() -> tuple[bool, dict]:
    checks = {"app": UP, "database": database_status(), "broker": broker_status()}
    healthy = DOWN not in checks.values()
    return healthy, {"status": UP if healthy else DOWN, "checks": checks}
