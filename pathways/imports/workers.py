"""Read, parse and validate the rows of a large import in worker processes while the importing process writes.

Parsing a row through the mapping and validating it (names per script, phones, places, derived keys) is
CPU-bound Python and needs no database; writing needs the one connection that holds the import's
transaction. For a kind with `prepare_many`, a large import starts worker processes that each read the
file and parse and prepare every n-th chunk of rows; the importing process takes the chunks in file order
and does only what must happen in order and in its transaction (source keys seen, rows unchanged since the
last import, duplicate look-ups, writes). On two cores the two halves run at the same time. Everything else
about a run is unchanged: one transaction, rolled back for a dry run; a worker writes nothing.

Workers are fresh interpreters ("spawn": safe to start from a threaded web process or a Celery task) that
set Django up without using the database: any query from a worker raises, and what they need from the
database (the places index, country codes) comes from the kind's `prepare_context()` once, at start.
A worker stops when the importing process dies. When no worker can be started (e.g. inside a daemonic
process), the importing process parses the rows itself, as for small files.
"""

import itertools
import logging
import multiprocessing
import os
import pickle
import traceback
from collections.abc import Iterator
from pathlib import Path
from queue import Empty, Full
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from pathways.imports import registry
from pathways.imports.mapping import Mapping, RowParser, digest
from pathways.imports.reading import FileRefused, Sheet

log = logging.getLogger(__name__)
# Below this many rows, starting interpreters costs more than it saves.
MIN_ROWS = 5_000
# Rows per chunk a worker parses and sends; chunks a worker may have ready ahead of the writing process.
CHUNK = 500
AHEAD_PER_WORKER = 4
# A row refused for optional values is prepared again without them; a second refusal can only name values
# the first did not reach (services report every bad field at once), so two attempts are plenty.
TOLERANCE_ATTEMPTS = 2

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
    Returns, per row: (number, values, errors, key, row hash, prepared item or None, warnings, why the row
    is not imported at all (a survey submission not approved) or "").

    A new row the kind refuses for optional values only is prepared again without them (mapping.tolerate);
    the row hash stays that of the row as the file gives it, so the same file is recognised next time."""
    parsed: list[tuple] = []
    new: list[int] = []
    for row in rows:
        if excluded := parser.excluded(row):
            parsed.append((row.number, {}, [], "", "", None, [], excluded))
            continue
        values, errors, warnings = parser.parse(row)
        if errors:
            parsed.append((row.number, values, errors, "", "", None, warnings, ""))
            continue
        key = parser.key(row, values)
        parsed.append((row.number, values, errors, key, digest(values), None, warnings, ""))
        if key not in known_keys:
            new.append(len(parsed) - 1)
    if kind.prepare_many and new:
        items = kind.prepare_many(rows=[parsed[i][1] for i in new], context=context)
        for i, item in zip(new, items, strict=True):
            parsed[i] = (*parsed[i][:5], item, *parsed[i][6:])
        for _attempt in range(TOLERANCE_ATTEMPTS):
            retry = []
            for i in new:
                values, item = parsed[i][1], parsed[i][5]
                if isinstance(item, ValidationError) and (tolerated := parser.tolerate(values, item)):
                    retry.append((i, *tolerated))
            if not retry:
                break
            items = kind.prepare_many(rows=[values for _i, values, _w in retry], context=context)
            for (i, values, more), item in zip(retry, items, strict=True):
                number, _values, errors, key, row_hash, _item, warnings, _excluded = parsed[i]
                parsed[i] = (number, values, errors, key, row_hash, item, warnings + more, "")
    return parsed


def _put(queue, item, parent: int) -> None:
    # A bounded queue blocks while the importing process is behind; if that process was killed, stop.
    while True:
        try:
            queue.put(item, timeout=2)
            return
        except Full:
            if os.getppid() != parent:
                os._exit(1)


def _read_and_parse(
    state: bytes, path: str, filename: str, sheet_name: str, index: int, count: int, language: str, queue
) -> None:
    """A worker: read the file, and parse and prepare every `count`-th chunk of rows from the `index`-th."""
    parent = os.getppid()
    try:
        _start_worker(state)
        from django.utils import translation

        from pathways.imports.reading import open_table

        with translation.override(language):
            sheet = open_table(Path(path), filename).sheet(sheet_name)
            chunks = 0
            chunk: list = []
            for row in itertools.chain(sheet.rows(), [None]):
                if row is not None:
                    chunk.append(row)
                if chunk and (len(chunk) >= CHUNK or row is None):
                    if chunks % count == index:
                        _put(queue, ("rows", parse_rows(**_worker, rows=chunk)), parent)
                    chunks += 1
                    chunk = []
            _put(queue, ("end", sheet.ended_early_at), parent)
    except FileRefused as refused:
        _put(queue, ("refused", refused.message), parent)
    except BaseException:
        _put(queue, ("error", traceback.format_exc()), parent)


class RowWorkers:
    """The parsed rows of a sheet, chunk by chunk in file order: (number, values, errors, key, row hash,
    prepared item). For a large file of a kind with prepare_many, worker processes read, parse and prepare
    the chunks (each worker every n-th chunk) while this process writes; otherwise this process does it."""

    def __init__(
        self,
        kind: registry.ImportKind,
        mapping: Mapping,
        known_keys: set[str],
        language: str,
        expected_rows: int,
    ):
        self.kind, self.language, self.mapping, self.known_keys = kind, language, mapping, known_keys
        self.expected_rows = expected_rows
        self.processes: list = []
        self.queues: list = []
        self.ended_early_at: int | None = None

    def parsed(self, sheet: Sheet, path: Path, filename: str) -> Iterator[list[tuple]]:
        count = worker_count()
        if (
            self.kind.prepare_many is None
            or count == 0
            or self.expected_rows < MIN_ROWS
            or not self._start(count, path, filename, sheet.name)
        ):
            parser = RowParser(self.kind, self.mapping)
            chunk: list = []
            for row in sheet.rows():
                chunk.append(row)
                if len(chunk) >= CHUNK:
                    yield parse_rows(
                        kind=self.kind, parser=parser, known_keys=self.known_keys, context=None, rows=chunk
                    )
                    chunk = []
            if chunk:
                yield parse_rows(
                    kind=self.kind, parser=parser, known_keys=self.known_keys, context=None, rows=chunk
                )
            self.ended_early_at = sheet.ended_early_at
            return
        number = 0
        while True:
            what, payload = self._get(number % len(self.queues))
            if what == "rows":
                yield payload
                number += 1
            elif what == "end":
                self.ended_early_at = payload
                return
            elif what == "refused":
                raise FileRefused(payload)
            else:
                raise RuntimeError(f"An import worker process failed:\n{payload}")

    def _start(self, count: int, path: Path, filename: str, sheet_name: str) -> bool:
        try:
            context = self.kind.prepare_context() if self.kind.prepare_context else None
            state = pickle.dumps((self.kind.name, self.mapping, self.known_keys, context))
            spawn = multiprocessing.get_context("spawn")
            for index in range(count):
                queue = spawn.Queue(AHEAD_PER_WORKER)
                process = spawn.Process(
                    target=_read_and_parse,
                    args=(state, str(path), filename, sheet_name, index, count, self.language, queue),
                    daemon=True,
                    name=f"import-worker-{index}",
                )
                process.start()
                self.queues.append(queue)
                self.processes.append(process)
            return True
        except (AssertionError, OSError) as error:
            # A daemonic process (some task runners) may not start children: parse here instead.
            log.warning("import workers could not start (%s); parsing in the importing process", error)
            self.close()
            return False

    def _get(self, index: int):
        while True:
            try:
                return self.queues[index].get(timeout=5)
            except Empty:
                if not self.processes[index].is_alive():
                    raise RuntimeError("An import worker process stopped without finishing.") from None

    def close(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join(timeout=10)
        for queue in self.queues:
            queue.close()
            queue.cancel_join_thread()
        self.processes, self.queues = [], []
