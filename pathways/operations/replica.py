"""Results reports read from a replica when one is configured (REPORTS_DATABASE_URL).

Reports are a few large GROUP BY queries over the whole registry; on a replica they no longer compete with
data entry for the primary's processes. Only code inside `reading_reports()` reads there — the results
dashboard, report files and the `report` command — because a page that has just written must read its own
write, which a replica may not have yet.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

REPORTS = "reports"
_reading_reports: ContextVar[bool] = ContextVar("reading_reports", default=False)


def reports_alias() -> str:
    return REPORTS if _reading_reports.get() and REPORTS in settings.DATABASES else "default"


def reports_connection() -> BaseDatabaseWrapper:
    """The connection a report's own SQL runs on."""
    return connections[reports_alias()]


@contextmanager
def reading_reports() -> Iterator[None]:
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


def reads_reports(view: Callable) -> Callable:
    """A view whose reads (but not its writes) may be served by the reports replica."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with reading_reports():
            return view(*args, **kwargs)

    return wrapped


class ReportsReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPORTS if reports_alias() == REPORTS else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPORTS  # the replica follows the primary's schema
