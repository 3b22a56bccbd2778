"""Rows of every table as portable JSON lines, and the checksums that prove a restore holds the same rows.

A row is a JSON list of its columns' values in a form both SQLite and PostgreSQL read back identically
(ISO dates, decimals at their field's scale, UUIDs with hyphens, base64 for bytes, JSON with sorted keys).
A table's checksum is the sum of its rows' SHA-256 (modulo 2^256): the same rows give the same sum whatever
order a database returns them in (collations differ between the two).
"""

import base64
import datetime
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator

from django.db import models
from django.utils.duration import duration_string

MODULUS = 2**256
BATCH = 2000
# Logins in progress are not worth keeping: after a restore everyone logs in again.
SKIPPED = {"sessions.session"}


def dumped_models(state_apps) -> list[type[models.Model]]:
    """The tables of a migration state (its historical models), auto-created many-to-many tables included."""
    found = []
    for model in state_apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed or model._meta.label_lower in SKIPPED:
            continue
        if model._meta.parents:
            raise ValueError(f"{model._meta.label} inherits a table; backups do not handle that yet.")
        found.append(model)
    return sorted(found, key=lambda m: m._meta.label_lower)


def columns(model) -> list[models.Field]:
    return list(model._meta.local_concrete_fields)


def _encode(field: models.Field, value):
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, decimal.Decimal):
        places = getattr(field, "decimal_places", None)
        value = value.quantize(decimal.Decimal(1).scaleb(-places)) if places is not None else value
        return format(value, "f")
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_string(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, float | list | dict):
        return value
    return str(value)


def decode(field: models.Field, value):
    if value is None or isinstance(field, models.JSONField):
        return value
    return field.to_python(value)


def line_of(row: list) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def rows_of(model, using: str) -> Iterator[str]:
    """Every row of the table as a JSON line, read in the order the database likes."""
    fields = columns(model)
    query = model._base_manager.using(using).order_by().values_list(*[f.attname for f in fields])
    for values in query.iterator(chunk_size=BATCH):
        yield line_of([_encode(f, v) for f, v in zip(fields, values, strict=True)])


class Checksum:
    def __init__(self) -> None:
        self.rows = 0
        self.total = 0

    def add(self, line: str) -> None:
        self.rows += 1
        self.total = (
            self.total + int.from_bytes(hashlib.sha256(line.encode("utf-8")).digest(), "big")
        ) % MODULUS

    @property
    def hexdigest(self) -> str:
        return f"{self.total:064x}"

    @classmethod
    def of(cls, lines: Iterable[str]) -> "Checksum":
        checksum = cls()
        for line in lines:
            checksum.add(line)
        return checksum


def projected(line: str, keep: list[int]) -> str:
    """A row restricted to some of its columns (those a later migration kept), for comparing after one."""
    row = json.loads(line)
    return line_of([row[i] for i in keep])
