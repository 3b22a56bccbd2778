"""The audit log: every service that writes personal data calls `record`.

Events form a hash chain: `hash = sha256(prev_hash + content)` where content is the event's sequence number,
time, actor, action, object, person and changed fields. Appending locks the chain head (`AuditChainHead`)
for the rest of the writer's transaction, so events chain in the order their transactions commit and a
rolled-back write leaves no gap. `verify` walks the chain and names the first broken link.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.utils import timezone

from pathways.core import bulk
from pathways.core.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
_HEAD = 1  # the head's primary key: there is one chain


def link_hash(
    prev_hash: str,
    *,
    seq: int,
    at: datetime.datetime,
    actor_id: Any,
    action: str,
    object_type: str,
    object_id: str,
    person_id: Any,
    changed_fields: Sequence[str],
) -> str:
    """The hash of one event given its predecessor's. Values are written as both databases give them back
    (time in UTC to the microsecond, ids as text), so verification recomputes exactly what was written."""
    content = [
        seq,
        at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "" if actor_id is None else str(actor_id),
        action,
        object_type,
        object_id,
        "" if person_id is None else str(person_id),
        list(changed_fields),
    ]
    payload = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def _claim(count: int) -> tuple[int, str]:
    """Reserve `count` links after the head; return the last sequence number and hash before them.

    The head is updated before it is read, in one statement (UPDATE ... RETURNING, PostgreSQL and SQLite
    3.35+): the UPDATE takes PostgreSQL's row lock (held to commit, so a second writer waits and then reads
    the new head) and SQLite's database write lock in the same step."""
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    claim = f"UPDATE {table} SET seq = seq + %s WHERE id = %s RETURNING seq, hash"
    with connection.cursor() as cursor:
        cursor.execute(claim, [count, _HEAD])
        row = cursor.fetchone()
        if row is None:
            # The head row is gone (a flushed database): recreate it once whoever races here (ON CONFLICT DO
            # NOTHING; PostgreSQL makes the losers wait for the winner's commit), then claim as usual.
            AuditChainHead.objects.bulk_create(
                [AuditChainHead(pk=_HEAD, seq=0, hash=GENESIS)], ignore_conflicts=True
            )
            cursor.execute(claim, [count, _HEAD])
            row = cursor.fetchone()
    return row[0] - count, row[1]


def _append(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Chain `rows` (AuditEvent column values without seq and hashes) after the head; return them chained."""
    if not rows:
        return rows
    with transaction.atomic():
        seq, prev = _claim(len(rows))
        for row in rows:
            seq += 1
            row.update(seq=seq, prev_hash=prev)
            row["hash"] = prev = link_hash(prev, **_content(row))
        AuditChainHead.objects.filter(pk=_HEAD).update(hash=prev)
    return rows


def _content(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: row[name]
        for name in (
            "seq",
            "at",
            "actor_id",
            "action",
            "object_type",
            "object_id",
            "person_id",
            "changed_fields",
        )
    }


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    changed_fields: Iterable[str] = (),
    person_id: Any = None,
) -> AuditEvent:
    """Record that `actor` did `action` to `obj`, naming the fields that changed."""
    with transaction.atomic():
        (row,) = _append([_row(actor, action, obj, person_id, changed_fields, timezone.now())])
        return AuditEvent.objects.create(**row)


def _row(actor, action, obj, person_id, changed_fields, at) -> dict[str, Any]:
    return {
        "at": at,
        "actor_id": actor.pk if getattr(actor, "pk", None) else None,
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "person_id": person_id,
        "changed_fields": sorted(changed_fields),
    }


def record_many(
    *,
    actor: Any,
    action: str,
    items: Iterable[tuple[models.Model, Any, Iterable[str]]],
    at: datetime.datetime | None = None,
) -> None:
    """Record the same action on many objects at once (bulk imports): (object, person_id, changed fields)."""
    at = at or timezone.now()
    with transaction.atomic():
        rows = _append([_row(actor, action, obj, pid, fields, at) for obj, pid, fields in items])
        if rows:
            bulk.insert_rows(AuditEvent, list(rows[0]), (list(row.values()) for row in rows))


def apply_changes(instance: models.Model, values: dict[str, Any]) -> list[str]:
    """Set `values` on `instance` and return the names of the fields whose value actually changed."""
    changed = []
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed.append(field)
    return changed


def save_changes(
    *, actor: Any, action: str, instance: models.Model, values: dict[str, Any], person_id: Any = None
) -> list[str]:
    """Correct `instance` to `values`: save and audit only the fields whose value changed (nothing when none
    did, so the same correction twice leaves no trace). Returns the changed fields."""
    changed = apply_changes(instance, values)
    if changed:
        instance.save(update_fields=[*changed, "updated_at"])
        record(actor=actor, action=action, obj=instance, changed_fields=changed, person_id=person_id)
    return changed


# What each action means to a person reading the log, registered by the app that records it.
_ACTION_LABELS: dict[str, Any] = {}


def describe_actions(labels: Mapping[str, Any]) -> None:
    """Name an app's audit actions for readers of the log (called from its AppConfig.ready())."""
    _ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    """The registered description of an action, or its code when none was registered."""
    return str(_ACTION_LABELS.get(action, action))


def field_labels(object_type: str, fields: Iterable[str]) -> list[str]:
    """The changed fields as their model's translated names ("family name (Lao)"), codes when unknown."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        model = None
    out = []
    for name in fields:
        try:
            out.append(str(model._meta.get_field(name).verbose_name) if model else name)
        except FieldDoesNotExist:
            out.append(name)
    return out


@dataclass(frozen=True)
class BrokenLink:
    """Where the chain first fails to hold, and why (for `audit_verify`)."""

    seq: int
    event_id: int | None
    reason: str


def head() -> tuple[int, str]:
    """The last link's sequence number and hash, to keep outside the database."""
    row = AuditChainHead.objects.filter(pk=_HEAD).first()
    return (row.seq, row.hash) if row else (0, GENESIS)


def verify(*, batch: int = 5000) -> tuple[int, BrokenLink | None]:
    """Walk the chain in order; return how many events were checked and the first broken link, if any."""
    expected_seq, prev = 1, GENESIS
    checked = 0
    for event in _in_order(batch):
        checked += 1
        if event.seq != expected_seq:
            reason = f"event {expected_seq} is missing (the next one found is {event.seq})"
            if event.seq < expected_seq:
                reason = f"sequence number {event.seq} comes again"
            return checked, BrokenLink(expected_seq, event.pk, reason)
        if event.prev_hash != prev:
            return checked, BrokenLink(event.seq, event.pk, "does not follow the event before it")
        if link_hash(prev, **_content(vars(event))) != event.hash:
            return checked, BrokenLink(event.seq, event.pk, "its content does not match its hash")
        prev = event.hash
        expected_seq += 1
    head = AuditChainHead.objects.filter(pk=_HEAD).first()
    last_seq = expected_seq - 1
    if head is not None and (head.seq, head.hash) != (last_seq, prev):
        reason = f"the chain ends at {last_seq} but its head records {head.seq}: events after it were "
        reason += "removed" if head.seq > last_seq else "added around the chain"
        return checked, BrokenLink(min(last_seq, head.seq) + 1, None, reason)
    return checked, None


def _in_order(batch: int) -> Iterator[AuditEvent]:
    """Every event by sequence number, in keyset pages (rather than one cursor held over millions)."""
    after = 0
    while True:
        page = list(AuditEvent.objects.filter(seq__gt=after).order_by("seq")[:batch])
        yield from page
        if len(page) < batch:
            return
        after = page[-1].seq
