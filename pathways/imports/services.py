"""Every write of the import machinery: upload, map, run (dry or real), all-or-nothing.

A run reads the file again, parses each row through the mapping, and hands accepted rows to the kind's
`apply_row` (the owning app's services) inside ONE transaction: either every accepted row is written, with
its source record, issues and the job's final status, or nothing is. A dry run is the same run rolled back,
so its counts are exactly what the import would do. A process killed mid-run leaves the job "running" and
no rows; running the job again starts over and finishes.
"""

import hashlib
import itertools
import logging
import os
import shutil
import socket
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pathways.accounts.scopes import scope_of
from pathways.core import audit
from pathways.imports import duplicates, registry, workers
from pathways.imports import mapping as mappings
from pathways.imports.models import ImportJob, JobStatus, RowIssue, SavedMapping, SourceRecord
from pathways.imports.reading import FileRefused, open_table

log = logging.getLogger(__name__)
BATCH = 500
PROGRESS_EVERY = 250
MAX_ISSUES = 50_000


def _kind(name: str) -> registry.ImportKind:
    kind = registry.get(name)
    if kind is None:
        raise ValidationError(
            {
                "kind": _("Unknown import kind %(k)s; choose one of: %(all)s.")
                % {"k": repr(name), "all": ", ".join(k.name for k in registry.kinds())}
            }
        )
    return kind


def _require_importer(actor, kind: registry.ImportKind) -> None:
    if not scope_of(actor).can_write_people or not kind.allowed(actor):
        raise PermissionDenied(_("Your role may not import %(kind)s.") % {"kind": kind.label})


def _storage() -> Path:
    return Path(settings.IMPORTS_DIR)


def import_job_create(
    *,
    actor,
    kind: str,
    filename: str,
    content: bytes,
    source: str = "",
    mapping: dict | None = None,
    xlsform: bytes | None = None,
    language: str = "",
) -> ImportJob:
    """Store an uploaded file, check it can be read, and propose a mapping (the source's saved one first)."""
    spec = _kind(kind)
    _require_importer(actor, spec)
    filename = Path(filename or "upload").name[:200]
    source = (source or Path(filename).stem).strip()[:120]
    job = ImportJob(
        kind=kind,
        source=source,
        filename=filename,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        created_by=actor,
        language=language or translation.get_language() or "en",
    )
    folder = _storage() / str(job.id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ("upload" + Path(filename).suffix.lower()[:8])
    path.write_bytes(content)
    try:
        table = open_table(path, filename)
        form = None
        if xlsform:
            form_path = folder / "xlsform.xlsx"
            form_path.write_bytes(xlsform)
            form = mappings.read_xlsform(form_path)
        if mapping is None:
            saved = SavedMapping.objects.filter(source=source, kind=kind).first()
            sheet = table.sheet((saved.mapping.get("sheet") if saved else "") or "")
            proposed = mappings.propose(
                spec,
                sheet.all_headers,
                saved=saved.mapping if saved else None,
                form=form,
                samples=_samples(sheet),
            )
            proposed.sheet = sheet.name
        else:
            proposed = mappings.Mapping.from_dict(mapping)
            sheet = table.sheet(proposed.sheet)
            proposed.sheet = sheet.name
            mappings.check(proposed, spec, sheet.all_headers)
    except FileRefused as refused:
        shutil.rmtree(folder, ignore_errors=True)
        raise ValidationError({"file": refused.message}) from None
    except BaseException:
        # Whatever stopped it, a file that did not become an import leaves nothing behind.
        shutil.rmtree(folder, ignore_errors=True)
        raise
    job.stored_path = str(path)
    job.headers = sheet.all_headers
    job.mapping = proposed.to_dict()
    with transaction.atomic():
        job.save()
        audit.record(actor=actor, action="import.create", obj=job)
    return job


def _samples(sheet, rows: int = 50) -> dict[str, list]:
    """The first rows' cells per column, for proposing what a column holds."""
    found: dict[str, list] = {}
    for row in itertools.islice(sheet.rows(), rows):
        for header, value in row.values.items():
            found.setdefault(header, []).append(value)
    return found


@transaction.atomic
def import_job_map(*, actor, job: ImportJob, mapping: dict) -> ImportJob:
    """Set the job's mapping after checking it, and save it for the source's next file."""
    spec = _kind(job.kind)
    _require_importer(actor, spec)
    if job.is_busy:
        raise ValidationError({"mapping": _("This import is running; wait for it to finish.")})
    if job.status == JobStatus.DONE:
        raise ValidationError(
            {"mapping": _("This file was already imported; upload it again to change the mapping.")}
        )
    chosen = mappings.Mapping.from_dict(mapping)
    table = open_table(Path(job.stored_path), job.filename)
    sheet = table.sheet(chosen.sheet)
    chosen.sheet = sheet.name
    mappings.check(chosen, spec, sheet.all_headers)
    job.mapping = chosen.to_dict()
    job.headers = sheet.all_headers
    job.status = JobStatus.UPLOADED
    job.save(update_fields=["mapping", "headers", "status", "updated_at"])
    SavedMapping.objects.update_or_create(
        source=job.source, kind=job.kind, defaults={"mapping": job.mapping, "updated_by": actor}
    )
    audit.record(actor=actor, action="import.map", obj=job, changed_fields=["mapping"])
    return job


@transaction.atomic
def import_job_start(*, actor, job: ImportJob, dry_run: bool, background: bool = True) -> ImportJob:
    """Queue a dry run or the import itself; the work starts once this transaction has committed.

    With background=False the caller runs import_job_execute itself (the command line is its own worker).
    """
    spec = _kind(job.kind)
    _require_importer(actor, spec)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status == JobStatus.DONE:
        raise ValidationError({"job": _("This file was already imported.")})
    if job.is_busy and not _stale(job):
        raise ValidationError({"job": _("This import is already running.")})
    job.status, job.dry_run, job.done_rows, job.message = JobStatus.QUEUED, dry_run, 0, ""
    job.save(update_fields=["status", "dry_run", "done_rows", "message", "updated_at"])
    SavedMapping.objects.update_or_create(
        source=job.source, kind=job.kind, defaults={"mapping": job.mapping, "updated_by": actor}
    )
    audit.record(actor=actor, action="import.dry_run" if dry_run else "import.start", obj=job)
    if background:
        transaction.on_commit(lambda: enqueue(job_id=str(job.pk), dry_run=dry_run))
    return job


def _stale(job: ImportJob) -> bool:
    """A job marked running whose process died (killed, restarted). On PostgreSQL, exactly: nobody holds
    the job's lock. Elsewhere: its process, on this host, is gone (at once), or, run on another host, it
    has not reported for LEASE_SECONDS."""
    if connection.vendor == "postgresql":
        with _running_alone(job.pk) as alone:
            return alone
    host, _colon, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit() and not _process_alive(int(pid)):
        return True
    return cache.get(_heartbeat_key(job.pk)) is None and (
        job.updated_at is None or (timezone.now() - job.updated_at).total_seconds() > LEASE_SECONDS
    )


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child its parent has not reaped yet is a zombie: gone as far as the job is concerned
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@contextmanager
def _running_alone(job_id) -> Iterator[bool]:
    """Hold the job's lock while the block runs; yields False when another process holds it.

    A PostgreSQL session lock: the server lets go of it when the holder's connection ends, so the job of a
    worker killed mid-run can be taken over at once, and a second delivery of the same message (the broker
    hands an unacknowledged one out again) waits for nothing and does nothing. SQLite has one writer at a
    time and no such lock: there the heartbeat tells a dead run (`_stale`).
    """
    if connection.vendor != "postgresql":
        yield True
        return
    key = int.from_bytes(uuid.UUID(str(job_id)).bytes[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        alone = cursor.fetchone()[0]
    try:
        yield alone
    finally:
        if alone:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
            except DatabaseError:
                pass  # the connection is gone, and the lock with it; the run's own error is the one to report


RECOVERIES = 3
# Without PostgreSQL's lock, a job run on another host is taken over when it has not reported for this long.
LEASE_SECONDS = 120
# A queued job no worker has taken for this long lost its message (a broker restarted without its data).
QUEUED_TOO_LONG = timedelta(minutes=15)


def import_jobs_recover() -> list[ImportJob]:
    """Queue again the imports whose worker died, and those whose message was lost; run by beat every few
    minutes and by each worker as it starts. A job that has died RECOVERIES times is failed instead: its
    file may be what kills the worker (memory)."""
    now = timezone.now()
    recovered = []
    for job in ImportJob.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).order_by(
        "created_at"
    ):
        if job.status == JobStatus.QUEUED and now - job.updated_at < QUEUED_TOO_LONG:
            continue
        if job.status == JobStatus.RUNNING and not _stale(job):
            continue
        key = f"imports:{job.pk}:recoveries"
        cache.add(key, 0, 7 * 24 * 3600)
        if cache.incr(key) > RECOVERIES:
            with translation.override(job.language):
                _fail(
                    job,
                    _(
                        "The import stopped %(n)d times before finishing and wrote nothing; the file may "
                        "be too large for the server's memory. Split it, or ask the administrator."
                    )
                    % {"n": RECOVERIES},
                )
            log.warning(
                "import job %s failed after %d recoveries", job.pk, RECOVERIES, extra={"job_id": str(job.pk)}
            )
            continue
        log.warning("import job %s queued again (its worker died)", job.pk, extra={"job_id": str(job.pk)})
        ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, updated_at=now)
        enqueue(job_id=str(job.pk), dry_run=job.dry_run)
        recovered.append(job)
    return recovered


def enqueue(*, job_id: str, dry_run: bool) -> None:
    """Run the job: through Celery when a broker is configured, else in a thread (or inline in tests)."""
    mode = settings.IMPORTS_BACKGROUND
    if mode == "inline":
        import_job_execute(job_id=job_id, dry_run=dry_run)
    elif settings.REDIS_URL and mode in ("auto", "celery"):
        from pathways.imports.tasks import import_job_run

        import_job_run.delay(job_id, dry_run)
    else:
        threading.Thread(
            target=_in_thread, args=(job_id, dry_run), daemon=True, name=f"import-{job_id}"
        ).start()


def _in_thread(job_id: str, dry_run: bool) -> None:
    close_old_connections()
    try:
        import_job_execute(job_id=job_id, dry_run=dry_run)
    except Exception:
        log.exception("import job %s failed", job_id)
    finally:
        connection.close()


def _progress_key(job_id) -> str:
    return f"imports:{job_id}:progress"


def _heartbeat_key(job_id) -> str:
    return f"imports:{job_id}:heartbeat"


def job_progress(job: ImportJob) -> tuple[int, int]:
    """(rows done, rows in total) of a running job, from the worker's cache reports."""
    done = cache.get(_progress_key(job.pk))
    return (done if done is not None else job.done_rows), job.total_rows


def import_job_execute(*, job_id: str, dry_run: bool) -> ImportJob:
    """Do the work of a queued job. Idempotent: a finished import is left alone; a dead run starts over;
    a run already going in another process is left to it."""
    with _running_alone(job_id) as alone:
        if not alone:
            log.info("import job %s is running in another process", job_id, extra={"job_id": str(job_id)})
            return ImportJob.objects.get(pk=job_id)
        return _execute(job_id=job_id, dry_run=dry_run)


def _execute(*, job_id: str, dry_run: bool) -> ImportJob:
    job = ImportJob.objects.get(pk=job_id)
    if job.status == JobStatus.DONE:
        return job
    spec = _kind(job.kind)
    job.status, job.dry_run, job.started_at, job.message = JobStatus.RUNNING, dry_run, timezone.now(), ""
    job.worker = _this_worker()
    job.save(update_fields=["status", "dry_run", "started_at", "message", "worker", "updated_at"])
    cache.set(_heartbeat_key(job.pk), 1, LEASE_SECONDS)
    with translation.override(job.language):
        try:
            return _run(job, spec, dry_run=dry_run)
        except FileRefused as refused:
            return _fail(job, refused.message)
        except Exception as error:
            log.exception("import job %s failed", job.pk)
            _fail(job, _("The import stopped on an unexpected error and wrote nothing: %(e)s") % {"e": error})
            raise


def _fail(job: ImportJob, message: str) -> ImportJob:
    job.status, job.message, job.finished_at = JobStatus.FAILED, message, timezone.now()
    job.save(update_fields=["status", "message", "finished_at", "updated_at"])
    return job


class _Rollback(Exception):
    pass


def _run(job: ImportJob, spec: registry.ImportKind, *, dry_run: bool) -> ImportJob:
    actor = job.created_by
    _require_importer(actor, spec)
    mapping = mappings.Mapping.from_dict(job.mapping)
    table = open_table(Path(job.stored_path), job.filename)
    sheet = table.sheet(mapping.sheet)
    mappings.check(mapping, spec, sheet.all_headers)
    parser = mappings.RowParser(spec, mapping)  # for this process's messages; workers parse with their own
    content_type = ContentType.objects.get_for_model(spec.model)
    known = {
        key: (object_id, row_hash)
        for key, object_id, row_hash in SourceRecord.objects.filter(
            source=job.source, kind=job.kind
        ).values_list("key", "object_id", "row_hash")
    }
    if connection.vendor == "sqlite":
        # A large import inserts into indexes of a registry of millions at random places (UUID keys, name
        # keys); SQLite's default 2 MB page cache turns that into disk reads. 256 MB for this connection.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
    state = _RunState(job, spec, actor, parser, known, dry_run, mapping.on_duplicate)
    job.total_rows = sheet.estimated_rows
    job.save(update_fields=["total_rows", "updated_at"])
    # Rows are parsed, and new ones validated by the kind, in worker processes when the file is large; this
    # process keeps what must happen in file order and in its one transaction.
    rows = workers.RowWorkers(spec, mapping, set(known), job.language, sheet.estimated_rows)
    batch: list = []

    def take(parsed_rows: list) -> None:
        nonlocal batch
        for number, values, errors, key, row_hash, prepared, warnings, excluded in parsed_rows:
            state.rows += 1
            if excluded:
                state.exclude(number, excluded)
                continue
            state.warn(number, warnings)
            if errors:
                state.reject(number, errors)
                continue
            if key in state.seen:
                state.reject(
                    number,
                    [
                        (
                            mapping.key,
                            _("Same source key as row %(n)d; each row must have its own.")
                            % {"n": state.seen[key]},
                        )
                    ],
                )
                continue
            state.seen[key] = number
            if key in known and known[key][1] == row_hash:
                state.counts[registry.UNCHANGED] += 1
                state.tick()
                continue
            batch.append((number, key, row_hash, values, prepared))
            state.warned[key] = warnings
            if len(batch) >= BATCH:
                state.apply(batch)
                batch = []

    try:
        with transaction.atomic():
            for parsed_rows in rows.parsed(sheet, Path(job.stored_path), job.filename):
                take(parsed_rows)
            state.apply(batch)
            if rows.ended_early_at:
                state.note = _(
                    "Reading stopped at row %(n)d after %(k)s empty rows in a row; "
                    "rows below it were not read."
                ) % {"n": rows.ended_early_at, "k": f"{10_000:,}"}
            if state.rows == 0:
                raise FileRefused(_("The file has a header but no data rows."))
            if dry_run:
                raise _Rollback
            _finish(job, state, content_type)
    except _Rollback:
        with transaction.atomic():
            _finish(job, state, content_type)
    finally:
        rows.close()
    cache.delete(_progress_key(job.pk))
    cache.delete(_heartbeat_key(job.pk))
    return job


class _RunState:
    def __init__(self, job, spec, actor, parser, known, dry_run, on_duplicate):
        self.job, self.spec, self.actor, self.parser = job, spec, actor, parser
        self.known, self.dry_run, self.on_duplicate = known, dry_run, on_duplicate
        self.counts: Counter = Counter()
        self.issues: list[RowIssue] = []
        self.records: dict[str, tuple[str, str]] = {}
        self.seen: dict[str, int] = {}
        self.rows = 0
        self.note = ""
        self.memo: dict = {}
        # Per source key of a row on its way in: the warnings of its values left out, kept on its record.
        self.warned: dict[str, list] = {}
        self.numbers: dict[str, int] = {}
        self.warned_rows: set[int] = set()
        # Likely duplicates: rows flagged; per source key on its way in, its registry matches and its keys;
        # the first row (number, record id) of this file holding each key; pairs for the review queue.
        self.flagged: set[int] = set()
        self.pending: dict[str, tuple[list[str], set]] = {}
        self.file_keys: dict = {}
        self.pairs: list[tuple[str, str]] = []

    def tick(self) -> None:
        done = sum(
            self.counts[k]
            for k in (
                registry.CREATED,
                registry.UPDATED,
                registry.UNCHANGED,
                "rejected",
                "skipped",
                "excluded",
            )
        )
        if done % PROGRESS_EVERY == 0:
            cache.set(_progress_key(self.job.pk), done, 3600)
            cache.set(_heartbeat_key(self.job.pk), 1, LEASE_SECONDS)

    def warn(self, number: int, warnings: list) -> None:
        """Keep the values left out of a row (column, value, reason) for the report."""
        if warnings:
            self.warned_rows.add(number)
        for column, value, message in warnings:
            if len(self.issues) < MAX_ISSUES:
                self.issues.append(
                    RowIssue(
                        job=self.job,
                        level=RowIssue.WARNING,
                        row=number,
                        column=column,
                        value=value,
                        message=message,
                    )
                )

    def exclude(self, number: int, message: str) -> None:
        """A row left out by the importer's choice (a submission not approved): listed and counted."""
        self.counts["excluded"] += 1
        if len(self.issues) < MAX_ISSUES:
            self.issues.append(
                RowIssue(job=self.job, level=RowIssue.EXCLUDED, row=number, column="", message=message)
            )
        self.tick()

    def record(self, number: int, key: str, object_id: str, row_hash: str) -> None:
        self.records[key] = (object_id, row_hash)
        self.numbers[key] = number

    def reject(self, number: int, errors: list[tuple[str, str]]) -> None:
        self.counts["rejected"] += 1
        for column, message in errors:
            if len(self.issues) < MAX_ISSUES:
                self.issues.append(
                    RowIssue(
                        job=self.job, level=RowIssue.REJECTED, row=number, column=column, message=message
                    )
                )
        self.tick()

    def apply(self, batch: list) -> None:
        """Write one batch of (row number, key, row hash, values, the kind's prepare_many item or None)."""
        if not batch:
            return
        object_ids = [self.known[key][0] for _n, key, *_r in batch if key in self.known]
        existing: dict = {}
        if object_ids and self.spec.fetch:
            existing = self.spec.fetch(actor=self.actor, ids=object_ids)
        elif object_ids:
            existing = {
                str(pk): obj for pk, obj in self.spec.model._default_manager.in_bulk(object_ids).items()
            }
        missing = [i for i in object_ids if i not in existing]
        hidden = (
            {
                str(pk)
                for pk in self.spec.model._default_manager.filter(pk__in=missing).values_list("pk", flat=True)
            }
            if missing
            else set()
        )
        updates, creates = [], []
        for number, key, row_hash, values, prepared in batch:
            object_id = self.known[key][0] if key in self.known else None
            if object_id in hidden:
                self.reject(
                    number, [("", _("An earlier import of this row created a record outside your scope."))]
                )
            elif object_id in existing:
                updates.append((number, key, row_hash, values, existing[object_id]))
            else:
                # New, or what an earlier import created was deleted since: create it (again).
                creates.append((number, key, row_hash, values, prepared))
        items = None
        if self.spec.prepare_many and creates:
            # What an earlier import created and was deleted since is created again: prepare it here.
            unprepared = [values for _n, _k, _h, values, prepared in creates if prepared is None]
            extra = iter(self.spec.prepare_many(rows=unprepared, context=None) if unprepared else [])
            items = [prepared if prepared is not None else next(extra) for *_r, prepared in creates]
        with_items = {} if items is None else {"prepared": items}
        rows = [values for _n, _k, _h, values, _p in creates]
        flags = (
            self.spec.likely_duplicates(actor=self.actor, rows=rows, **with_items)
            if self.spec.likely_duplicates and creates
            else [[] for _c in creates]
        )
        shared_keys = (
            self.spec.match_keys(rows=rows, **with_items)
            if self.spec.match_keys and creates
            else [set() for _c in creates]
        )
        visible = self._visible([m for matches in flags for m in matches])
        accepted = []
        accepted_items = []
        for index, (create, matches, shared) in enumerate(zip(creates, flags, shared_keys, strict=True)):
            number, key, row_hash, values, _prepared = create
            if matches:
                self._flag(number, self._registry_message(matches, visible))
                if self.on_duplicate == "skip":
                    self.counts["skipped"] += 1
                    self.tick()
                    continue
            accepted.append((number, key, row_hash, values))
            self.pending[key] = (matches, shared)
            if items is not None:
                accepted_items.append(items[index])
        for number, key, row_hash, values, current in updates:
            self._one(number, key, row_hash, values, current)
        if self.spec.apply_many and accepted:
            try:
                with transaction.atomic():
                    results = self.spec.apply_many(
                        actor=self.actor,
                        rows=[v for *_r, v in accepted],
                        memo=self.memo,
                        **({} if items is None else {"prepared": accepted_items}),
                    )
            except PermissionDenied as error:
                for number, *_rest in accepted:
                    self.reject(number, [("", str(error))])
                return
            for (number, key, row_hash, values), result in zip(accepted, results, strict=True):
                if isinstance(result, ValidationError):
                    # Refused for optional values only: written one by one without them, warned.
                    self._tolerated(number, key, row_hash, values, None, result)
                else:
                    self.counts[registry.CREATED] += 1
                    self.record(number, key, str(result.pk), row_hash)
                    self.tick()
        else:
            for number, key, row_hash, values in accepted:
                self._one(number, key, row_hash, values, None)
        for number, key, _row_hash, _values in accepted:
            self._created(number, key)

    def _visible(self, ids: list[str]) -> set[str]:
        """Which of these records the importer may see: only those are named in the report."""
        if not ids:
            return set()
        if self.spec.fetch is None:
            return set(ids)
        return set(self.spec.fetch(actor=self.actor, ids=sorted(set(ids))))

    def _registry_message(self, matches: list[str], visible: set[str]) -> str:
        seen = [m for m in matches if m in visible]
        message = _("Likely the same person as %(n)d registered record(s)") % {"n": len(matches)}
        if seen:
            message += ": " + ", ".join(seen[:3])
        if len(seen) < len(matches):
            message += _(" (%(n)d of them among records you cannot see)") % {"n": len(matches) - len(seen)}
        return message + _("; sent to the duplicate review queue.") if not self.dry_run else message + "."

    def _flag(self, number: int, message: str) -> None:
        self.flagged.add(number)
        self.issues.append(
            RowIssue(job=self.job, level=RowIssue.DUPLICATE, row=number, column="", message=message)
        )

    def _created(self, number: int, key: str) -> None:
        """After a row created its record: pair it with the registered records it probably duplicates and
        with earlier rows of this file that share a matching key (a phone, the name with the birth year)."""
        matches, shared = self.pending.pop(key, ([], set()))
        if key not in self.records:
            return  # refused after all
        object_id = self.records[key][0]
        self.pairs += [(object_id, match) for match in matches]
        earlier = sorted({self.file_keys[k] for k in shared if k in self.file_keys})
        if earlier:
            rows = ", ".join(str(row) for row, _id in earlier[:5])
            self._flag(
                number,
                _("Likely the same person as row %(rows)s of this file; sent to the duplicate review queue.")
                % {"rows": rows}
                if not self.dry_run
                else _("Likely the same person as row %(rows)s of this file.") % {"rows": rows},
            )
            self.pairs += [(object_id, other) for _row, other in earlier]
        for k in shared:
            self.file_keys.setdefault(k, (number, object_id))

    def _columns(self, error: ValidationError) -> list[tuple[str, str]]:
        column_of = {name: column for column, name in self.parser.mapping.columns.items()}
        messages = error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
        return [(column_of.get(field.split(".")[0], field), msg) for field, msgs in messages for msg in msgs]

    def _one(self, number, key, row_hash, values, current) -> None:
        try:
            with transaction.atomic():
                obj, outcome = self.spec.apply_row(actor=self.actor, values=values, existing=current)
        except ValidationError as error:
            self._tolerated(number, key, row_hash, values, current, error)
            return
        except PermissionDenied as error:
            self.reject(number, [("", str(error))])
            return
        self.counts[outcome] += 1
        self.record(number, key, str(obj.pk), row_hash)
        self.tick()

    def _tolerated(self, number, key, row_hash, values, current, error: ValidationError) -> None:
        """A row the kind refused: when only optional values were wrong, apply it again without them (each
        left out is warned); otherwise, or in a strict import, the row is rejected."""
        tolerated = self.parser.tolerate(values, error)
        if tolerated is None:
            self.reject(number, self._columns(error))
            return
        values, warnings = tolerated
        self.warn(number, warnings)
        self.warned[key] = self.warned.get(key, []) + warnings
        self._one(number, key, row_hash, values, current)


def _finish(job: ImportJob, state: _RunState, content_type) -> None:
    RowIssue.objects.filter(job=job).delete()
    RowIssue.objects.bulk_create(state.issues, batch_size=2000)
    if not state.dry_run and state.records:
        existing = state.known

        def warnings_of(key: str) -> list[dict]:
            return [{"column": c, "value": v, "reason": m} for c, v, m in state.warned.get(key, [])]

        new = [
            SourceRecord(
                source=job.source,
                kind=job.kind,
                key=key,
                content_type=content_type,
                object_id=object_id,
                row_hash=row_hash,
                job=job,
                row=state.numbers.get(key),
                warnings=warnings_of(key),
            )
            for key, (object_id, row_hash) in state.records.items()
            if key not in existing
        ]
        SourceRecord.objects.bulk_create(new, batch_size=2000)
        for key, (object_id, row_hash) in state.records.items():
            if key in existing:
                SourceRecord.objects.filter(source=job.source, kind=job.kind, key=key).update(
                    object_id=object_id,
                    row_hash=row_hash,
                    job=job,
                    row=state.numbers.get(key),
                    warnings=warnings_of(key),
                    updated_at=timezone.now(),
                )
    state.counts["warned"] = len(state.warned_rows)
    state.counts["duplicates"] = len(state.flagged)
    if not state.dry_run and state.pairs and duplicates.review_queue is not None:
        duplicates.review_queue(job=job, pairs=state.pairs)
    counts = {
        k: state.counts[k]
        for k in (
            "created",
            "updated",
            "unchanged",
            "skipped",
            "rejected",
            "duplicates",
            "warned",
            "excluded",
        )
    }
    job.counts = {**counts, "rows": state.rows}
    job.total_rows = state.rows
    job.done_rows = state.rows
    job.message = state.note
    job.status = JobStatus.CHECKED if state.dry_run else JobStatus.DONE
    job.finished_at = timezone.now()
    job.save()
    if not state.dry_run:
        audit.record(
            actor=job.created_by,
            action="import.done",
            obj=job,
            changed_fields=[k for k, v in counts.items() if v],
        )
