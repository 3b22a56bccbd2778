"""Import kinds: each app registers what its rows mean; the import machinery names none of them.

An app declares its kind once, in its AppConfig.ready():

    from pathways.imports import registry
    registry.register(registry.ImportKind(name="people", label=..., model=Person, fields=[...],
                                          apply_row=people_imports.apply_row))

`apply_row(actor=..., values=..., existing=...)` receives one row already parsed into Python values (dates,
ints, choice codes, lists) keyed by field name, and the object an earlier import of the same source row
created (or None). It calls the app's own services and returns (object, outcome) with outcome one of
"created", "updated", "unchanged". It raises django's ValidationError keyed by field names (dotted keys
such as "phones.1" are mapped back to the first part) for rows its services refuse; nothing of a refused
row may be left written.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models

TEXT, DATE, INT, YEAR, CHOICE, PHONE = "text", "date", "int", "year", "choice", "phone"
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass(frozen=True)
class FieldSpec:
    """One field a row can fill; `synonyms` are header spellings partners use (any language, any case)."""

    name: str
    label: Any
    type: str = TEXT
    synonyms: Sequence[str] = ()
    # For CHOICE fields: stored code -> spellings seen in files ("ຍິງ", "F", "2" -> "female").
    choices: Mapping[str, Sequence[str]] = field(default_factory=dict)
    required: bool = False
    # Several columns (or a select_multiple / repeat group) may fill it; the value is then a list.
    many: bool = False
    # Part of what makes the record (a name, who a row is about) though it may be empty: a value that fails
    # its check refuses the row. Any other optional field that fails is left empty with a warning.
    essential: bool = False
    # For a DATE field: the YEAR field a year alone in its cells fills (a birth date column holding "1994"
    # in some rows gives an estimated birth year for those rows).
    year_field: str = ""
    # A column proposed for this field whose cells mostly hold several words is proposed for the field
    # named here instead (a "Name (Lao)" column holding whole names is the full name, not the given name).
    several_words: str = ""

    @property
    def refuses_row(self) -> bool:
        """Whether a bad value in this field refuses the whole row (always, in a strict import)."""
        return self.required or self.essential


@dataclass(frozen=True)
class ImportKind:
    name: str
    label: Any
    model: type[models.Model]
    fields: Sequence[FieldSpec]
    apply_row: Callable[..., tuple[models.Model, str]]
    # Rows of this kind that may be "likely duplicates" of existing records: called once per batch with
    # the parsed rows, returns for each row the ids of existing records it probably duplicates.
    likely_duplicates: Callable[..., list[list[str]]] | None = None
    # With likely_duplicates: match_keys(rows=[values, ...], prepared=[item, ...] or None) returns for each
    # row the keys two rows of one file share when they are probably about the same record.
    match_keys: Callable[..., list[set]] | None = None
    # The objects earlier imports created, as this actor may see them:
    # fetch(actor=..., ids=[...]) -> {id: obj}.
    # Without it every object is fetched unscoped.
    fetch: Callable[..., Mapping[str, Any]] | None = None
    # Optional fast path for rows that create new objects: apply_many(actor=..., rows=[values, ...], memo={})
    # returns, in order, the new object or the ValidationError of each row. It must validate exactly as
    # apply_row. `memo` is one dict per run (one transaction) the kind may keep look-ups in.
    apply_many: Callable[..., list[Any]] | None = None
    # Optional, with apply_many, for large files: the part of apply_many that needs no database (validation,
    # derived keys). prepare_many(rows=[values, ...], context=...) returns one picklable item per row and
    # writes nothing; large imports run it in worker processes, beside the process that writes. `context`
    # is what prepare_context() returned in the writing process: the reference data a worker needs, as it
    # has no database connection (None when prepare_many runs in the writing process itself). A kind with
    # prepare_many is called apply_many(..., prepared=[item, ...]) and, if it has one,
    # likely_duplicates(..., prepared=[item, ...]), the items in the order of `rows`.
    prepare_many: Callable[..., list[Any]] | None = None
    prepare_context: Callable[[], Any] | None = None
    # May this actor import this kind at all? (Row-level rules stay in the services.)
    allowed: Callable[[Any], bool] = lambda actor: True
    description: Any = ""
    # Whether a row whose optional values fail their checks is imported without them (with warnings) rather
    # than refused; a strict import refuses such rows whatever the kind says.
    tolerant: bool = True
    # Fields one row's values imply (a title before a name implies the sex): derive(values) returns the
    # values with what they imply filled in and notes (field, value, what was derived) shown as warnings.
    # Runs wherever rows are parsed (worker processes too): no database.
    derive: Callable[[dict], tuple[dict, list[tuple[str, str, str]]]] | None = None
    # Where to look at what an import of this kind wrote: a URL name and the link's text ("See the people").
    results_url: str = ""
    results_label: Any = ""
    # The page of one record this kind writes (a URL name taking its id), linked from the warnings of the
    # row it came from so the value left out can be fixed there.
    record_url: str = ""

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


_KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> None:
    """Add or replace a kind (replacing keeps autoreload and tests simple)."""
    _KINDS[kind.name] = kind


def get(name: str) -> ImportKind | None:
    return _KINDS.get(name)


def kinds() -> list[ImportKind]:
    return sorted(_KINDS.values(), key=lambda k: k.name)
