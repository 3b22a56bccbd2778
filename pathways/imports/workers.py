"""Validate the rows of a large import in worker processes while the importing process writes.

Validating a row (names per script, phones, places, derived keys) is CPU-bound Python and needs no
database; writing needs the one connection that holds the import's transaction. For a kind with
`prepare_many`, a large import sends its batches to worker processes and writes them, in file order, as
they come back: on two cores the two halves run at the same time. Everything else about a run is unchanged
(one transaction, rolled back for a dry run; nothing written by a worker).

Workers are fresh interpreters ("spawn": safe to start from a threaded web process or a Celery task) that
set Django up without using the database: any query from a worker raises, and what they need from the
database (the places index, country codes) comes from the kind's `prepare_context()` once, at start.
When no worker can be started (e.g. inside a daemonic process), the batches are prepared in the importing
process, as for small files.
"""

import logging
import multiprocessing
import os
import pickle
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from django.conf import settings

from pathways.imports import registry

log = logging.getLogger(__name__)
# Below this many rows, starting interpreters costs more than it saves.
MIN_ROWS = 5_000
# Batches handed out ahead of the writer: enough to keep the workers busy, few enough to bound memory.
AHEAD_PER_WORKER = 4

_context: Any = None


def worker_count() -> int:
    """IMPORTS_WORKERS, or by default one worker per core beyond the first (at most 3)."""
    configured = str(getattr(settings, "IMPORTS_WORKERS", "auto")).strip().lower()
    if configured != "auto":
        return max(0, int(configured))
    return max(0, min(3, (os.cpu_count() or 1) - 1))


def _refuse_queries(execute, sql, params, many, context):
    raise RuntimeError("An import worker process must not use the database; pass what it needs as context.")


def _start_worker(context: bytes) -> None:
    import django

    django.setup()  # before unpickling the context, which may hold model instances
    from django.db import connections

    for connection in connections.all():
        connection.execute_wrappers.append(_refuse_queries)
    global _context
    _context = pickle.loads(context)


def _prepare(kind_name: str, language: str, rows: list[dict]) -> list:
    from django.utils import translation

    kind = registry.get(kind_name)
    if kind is None or kind.prepare_many is None:
        raise RuntimeError(f"Import kind {kind_name!r} has no prepare_many in this worker.")
    with translation.override(language):
        return kind.prepare_many(rows=rows, context=_context)


class Preparer:
    """Hands batches of rows to kind.prepare_many, in workers when it pays, and gives the results back in
    the order the batches were submitted."""

    def __init__(self, kind: registry.ImportKind, language: str, expected_rows: int):
        self.kind = kind
        self.language = language
        self.pool: ProcessPoolExecutor | None = None
        workers = worker_count()
        if kind.prepare_many is None or workers == 0 or expected_rows < MIN_ROWS:
            return
        try:
            context = kind.prepare_context() if kind.prepare_context else None
            self.pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(pickle.dumps(context),),
            )
            self.ahead = workers * AHEAD_PER_WORKER
            for _worker in range(workers):
                self.pool.submit(int)  # start the interpreters now, while the file is being opened
        except (AssertionError, OSError, RuntimeError) as error:
            self.close()
            # A daemonic process (some task runners) may not start children: prepare here instead.
            log.warning("import workers could not start (%s); validating in the importing process", error)
            self.pool = None

    @property
    def parallel(self) -> bool:
        return self.pool is not None

    def submit(self, rows: list[dict]) -> Future:
        future: Future = Future()
        if not rows:
            future.set_result([])
        elif self.pool is not None:
            return self.pool.submit(_prepare, self.kind.name, self.language, rows)
        elif self.kind.prepare_many is not None:
            future.set_result(self.kind.prepare_many(rows=rows, context=None))
        else:
            future.set_result([None] * len(rows))
        return future

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


class Pipeline:
    """Batches in flight: submit() hands one to the preparer and returns the batches whose preparation
    is due (oldest first), keeping at most `ahead` in flight; drain() returns the rest."""

    def __init__(self, preparer: Preparer):
        self.preparer = preparer
        self.ahead = preparer.ahead if preparer.parallel else 0
        self.pending: deque[tuple[list, Future]] = deque()

    def submit(self, batch: list, rows: list[dict]) -> list[tuple[list, list]]:
        self.pending.append((batch, self.preparer.submit(rows)))
        due = []
        while len(self.pending) > self.ahead:
            batch, future = self.pending.popleft()
            due.append((batch, future.result()))
        return due

    def drain(self) -> list[tuple[list, list]]:
        due = [(batch, future.result()) for batch, future in self.pending]
        self.pending.clear()
        return due
