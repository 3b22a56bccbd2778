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
from pathways.imports.mapping import Mapping, RowParser, digest

log = logging.getLogger(__name__)
# Below this many rows, starting interpreters costs more than it saves.
MIN_ROWS = 5_000
# Batches handed out ahead of the writer: enough to keep the workers busy, few enough to bound memory.
AHEAD_PER_WORKER = 4

# In a worker process: the kind, parser and reference data of the import it serves.
_worker: dict = {}


def worker_count() -> int:
    """IMPORTS_WORKERS, or by default one worker per core beyond the first (at most 3)."""
    configured = str(getattr(settings, "IMPORTS_WORKERS", "auto")).strip().lower()
    if configured != "auto":
        return max(0, int(configured))
    return max(0, min(3, (os.cpu_count() or 1) - 1))


def _refuse_queries(execute, sql, params, many, context):
    raise RuntimeError("An import worker process must not use the database; pass what it needs as context.")


def _start_worker(state: bytes) -> None:
    import django

    django.setup()  # before unpickling the state, which may hold model instances
    from django.db import connections

    for connection in connections.all():
        connection.execute_wrappers.append(_refuse_queries)
    if state:
        kind_name, mapping, known_keys, context = pickle.loads(state)
        kind = registry.get(kind_name)
        if kind is None:
            raise RuntimeError(f"Import kind {kind_name!r} is not registered in the worker process.")
        _worker.update(kind=kind, parser=RowParser(kind, mapping), known_keys=known_keys, context=context)


def parse_rows(
    *, kind: registry.ImportKind, parser: RowParser, known_keys: set[str], context: Any, rows: list
) -> list[tuple]:
    """Parse rows through the mapping and let the kind prepare the new ones (keys not imported before).
    Returns, per row: (number, values, errors, key, row hash, prepared item or None)."""
    parsed: list[tuple] = []
    new: list[int] = []
    for row in rows:
        values, errors = parser.parse(row)
        if errors:
            parsed.append((row.number, values, errors, "", "", None))
            continue
        key = parser.key(row, values)
        parsed.append((row.number, values, errors, key, digest(values), None))
        if key not in known_keys:
            new.append(len(parsed) - 1)
    if kind.prepare_many and new:
        items = kind.prepare_many(rows=[parsed[i][1] for i in new], context=context)
        for i, item in zip(new, items, strict=True):
            parsed[i] = (*parsed[i][:5], item)
    return parsed


def _parse_in_worker(language: str, rows: list) -> list:
    from django.utils import translation

    with translation.override(language):
        return parse_rows(**_worker, rows=rows)


class RowWorkers:
    """Parses chunks of rows (and prepares the new ones) in worker processes when the file is large, else
    here; submit() and drain() give the parsed chunks back in the order they were submitted."""

    def __init__(
        self,
        kind: registry.ImportKind,
        mapping: Mapping,
        known_keys: set[str],
        language: str,
        expected_rows: int,
    ):
        self.kind, self.language, self.known_keys = kind, language, known_keys
        self.parser = RowParser(kind, mapping)
        self.pool: ProcessPoolExecutor | None = None
        self.pending: deque[Future] = deque()
        self.ahead = 0
        count = worker_count()
        if kind.prepare_many is None or count == 0 or expected_rows < MIN_ROWS:
            return
        try:
            context = kind.prepare_context() if kind.prepare_context else None
            state = pickle.dumps((kind.name, mapping, known_keys, context))
            self.pool = ProcessPoolExecutor(
                max_workers=count,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(state,),
            )
            self.ahead = count * AHEAD_PER_WORKER
            for _worker_number in range(count):
                self.pool.submit(int)  # start the interpreters now, while the file is being opened
        except (AssertionError, OSError, RuntimeError) as error:
            # A daemonic process (some task runners) may not start children: parse here instead.
            log.warning("import workers could not start (%s); parsing in the importing process", error)
            self.close()

    def submit(self, rows: list) -> list[list]:
        """Hand over a chunk; return the parsed chunks now due, oldest first."""
        if not rows:
            return []
        if self.pool is None:
            return [
                parse_rows(
                    kind=self.kind, parser=self.parser, known_keys=self.known_keys, context=None, rows=rows
                )
            ]
        self.pending.append(self.pool.submit(_parse_in_worker, self.language, rows))
        due = []
        while len(self.pending) > self.ahead:
            due.append(self.pending.popleft().result())
        return due

    def drain(self) -> list[list]:
        due = [future.result() for future in self.pending]
        self.pending.clear()
        return due

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
