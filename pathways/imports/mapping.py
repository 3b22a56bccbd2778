"""Which column fills which field, and which spellings mean which code: proposed, checked, applied.

A mapping is plain JSON so it can be saved per source, passed to the command line and the API:

    {"sheet": "", "columns": {"grp/sex": "sex", "Tel": "phones"}, "values": {"sex": {"ຍິງ": "female"}},
     "key": "_uuid", "on_duplicate": "create", "defaults": {"migrant_status": "returnee"}}

`defaults` fills a field for every row whose cell is empty or that has no column for it.
"""

import hashlib
import json
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pathways.imports import values as cells
from pathways.imports.reading import SUBMISSION_KEYS, Row
from pathways.imports.registry import CHOICE, DATE, INT, PHONE, YEAR, ImportKind

ON_DUPLICATE = ("create", "skip")
# Review statuses of survey submissions, and how KoboToolbox ("XML values" and "labels" exports) and ODK
# Central write them; "none" is a submission nobody has reviewed.
REVIEW_STATUSES = ("approved", "on_hold", "not_approved", "none")
REVIEW_COLUMNS = ("_validation_status", "ReviewState", "review_state")
_REVIEW_SPELLINGS = {
    "validationstatusapproved": "approved",
    "approved": "approved",
    "validationstatusonhold": "on_hold",
    "onhold": "on_hold",
    "hasissues": "on_hold",
    "validationstatusnotapproved": "not_approved",
    "notapproved": "not_approved",
    "rejected": "not_approved",
    "": "none",
    "edited": "none",
    "received": "none",
}


def review_status(raw) -> str:
    """A submission's review status code from the cell of an export (unknown spellings count as none)."""
    return _REVIEW_SPELLINGS.get(fold(raw), "none")


def review_status_label(code: str) -> str:
    return {
        "approved": _("approved"),
        "on_hold": _("on hold"),
        "not_approved": _("not approved"),
        "none": _("not reviewed"),
    }.get(code, code)


# (column, the value as the file gave it, why it was left out of the row)
RowWarning = tuple[str, str, str]


def fold(text) -> str:
    """Header and value key: case, accents, spaces and punctuation folded away (Lao marks kept)."""
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    text = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(ch) or "\u0e80" <= ch <= "\u0eff" or "\u1000" <= ch <= "\u109f"
    )
    return "".join(ch for ch in text if ch.isalnum() or unicodedata.category(ch).startswith("M"))


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    key: str = ""
    sheet: str = ""
    on_duplicate: str = "create"
    defaults: dict[str, str] = field(default_factory=dict)
    # All or nothing per row: any value that fails its check refuses the row (by default only a failure of
    # what makes the record does; other bad values are left empty with a warning).
    strict: bool = False
    # Which submissions of a KoboToolbox or ODK Central export are imported, by their review status (the
    # _validation_status or ReviewState column): approved ones only unless the importer chooses more.
    validation: list[str] = field(default_factory=lambda: ["approved"])

    @classmethod
    def from_dict(cls, data: dict | None) -> "Mapping":
        data = data or {}
        return cls(
            columns={str(k): str(v) for k, v in (data.get("columns") or {}).items() if v},
            values={
                str(f): {str(k): str(v) for k, v in m.items()} for f, m in (data.get("values") or {}).items()
            },
            key=str(data.get("key") or ""),
            sheet=str(data.get("sheet") or ""),
            on_duplicate=str(data.get("on_duplicate") or "create"),
            defaults={str(k): str(v) for k, v in (data.get("defaults") or {}).items() if v not in (None, "")},
            strict=bool(data.get("strict")),
            validation=[str(v) for v in data.get("validation") or ["approved"] if str(v) in REVIEW_STATUSES],
        )

    @classmethod
    def from_file(cls, path: str | Path) -> "Mapping":
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    def to_dict(self) -> dict:
        return asdict(self)


def check(mapping: Mapping, kind: ImportKind, headers: list[str]) -> None:
    """Refuse a mapping that names unknown columns or fields, or fills a single field twice."""
    errors: dict[str, list[str]] = {}
    used: dict[str, str] = {}
    for column, name in mapping.columns.items():
        spec = kind.field(name)
        if column not in headers:
            errors.setdefault("columns", []).append(
                _("There is no column %(c)s in the file.") % {"c": repr(column)}
            )
        elif spec is None:
            errors.setdefault("columns", []).append(
                _("%(f)s is not a field of this import.") % {"f": repr(name)}
            )
        elif not spec.many and name in used:
            errors.setdefault("columns", []).append(
                _("Columns %(a)s and %(b)s both fill %(f)s; map only one of them.")
                % {"a": repr(used[name]), "b": repr(column), "f": spec.label}
            )
        used.setdefault(name, column)
    for name in mapping.defaults:
        if kind.field(name) is None:
            errors.setdefault("defaults", []).append(
                _("%(f)s is not a field of this import.") % {"f": repr(name)}
            )
    for spec in kind.fields:
        if spec.required and spec.name not in used and spec.name not in mapping.defaults:
            errors.setdefault("columns", []).append(
                _("Map a column to %(f)s; it is required.") % {"f": spec.label}
            )
    if mapping.key and mapping.key not in headers:
        errors.setdefault("key", []).append(
            _("There is no column %(c)s in the file.") % {"c": repr(mapping.key)}
        )
    if mapping.on_duplicate not in ON_DUPLICATE:
        errors.setdefault("on_duplicate", []).append(_("Choose create or skip."))
    if errors:
        raise ValidationError(errors)


# ---- proposing -------------------------------------------------------------------------------------------


def _names_of(spec) -> set[str]:
    return {fold(spec.name), fold(str(spec.label)), *(fold(s) for s in spec.synonyms)}


def _mostly_several_words(cells_of_column: list) -> bool:
    texts = [str(c).split() for c in cells_of_column if c not in (None, "")]
    return bool(texts) and sum(len(words) > 1 for words in texts) * 2 > len(texts)


def propose(
    kind: ImportKind,
    headers: list[str],
    *,
    saved: dict | None = None,
    form: dict | None = None,
    samples: dict[str, list] | None = None,
) -> Mapping:
    """Guess the mapping from the headers (either language), an XLSForm's labels, a saved mapping, and
    the first rows' cells (`samples`, column -> cells)."""
    mapping = Mapping.from_dict(saved)
    mapping.columns = {c: f for c, f in mapping.columns.items() if c in headers}
    if mapping.key not in headers:
        mapping.key = ""
    form = form or {"questions": {}, "choices": {}}
    taken = set(mapping.columns.values())
    for header in headers:
        if header in mapping.columns or header.startswith("_"):
            continue
        last = header.rsplit("/", 1)[-1]
        question = form["questions"].get(last) or form["questions"].get(header)
        # The header itself first, then its last group segment, then the form's labels in their order.
        candidates = [
            fold(header),
            fold(last),
            *(fold(label) for label in (question or {}).get("labels", [])),
            # A repeat group's column ("phones/number") is its group's when nothing else names it.
            *(fold(group) for group in header.split("/")[:-1]),
        ]
        spec = next(
            (
                s
                for candidate in candidates
                for s in kind.fields
                if (s.many or s.name not in taken) and candidate in _names_of(s)
            ),
            None,
        )
        if spec is not None and spec.several_words and _mostly_several_words((samples or {}).get(header, [])):
            wider = kind.field(spec.several_words)
            if wider is not None and (wider.many or wider.name not in taken):
                spec = wider
        if spec is not None:
            mapping.columns[header] = spec.name
            taken.add(spec.name)
            if question and question.get("list") and spec.type == CHOICE:
                _values_from_form(mapping, spec, form["choices"].get(question["list"], {}))
    if not mapping.key:
        mapping.key = next((k for k in SUBMISSION_KEYS if k in headers), "")
    return mapping


def _values_from_form(mapping: Mapping, spec, choices: dict[str, list[str]]) -> None:
    """Turn an XLSForm choice list into value-map entries: code and every label -> the field's code."""
    known = {fold(code): code for code in spec.choices} | {
        fold(s): code for code, spellings in spec.choices.items() for s in spellings
    }
    target = mapping.values.setdefault(spec.name, {})
    for code, labels in choices.items():
        match = next((known[fold(x)] for x in [code, *labels] if fold(x) in known), None)
        if match:
            for x in [code, *labels]:
                target.setdefault(x, match)


def read_xlsform(path: Path) -> dict:
    """Read an XLSForm's survey and choices sheets: question name -> labels and choice list."""
    import openpyxl

    from pathways.imports.reading import FileRefused

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise FileRefused(_("The XLSForm could not be read; upload the form's .xlsx file.")) from None
    result: dict = {"questions": {}, "choices": {}}
    sheets = {ws.title.lower(): ws for ws in workbook.worksheets}
    for title, target in (("survey", "questions"), ("choices", "choices")):
        ws = sheets.get(title)
        if ws is None:
            continue
        rows = ws.iter_rows(values_only=True)
        header = [str(h or "").strip().lower() for h in next(rows, [])]
        label_cols = [i for i, h in enumerate(header) if h == "label" or h.startswith("label:")]
        for found in rows:
            row = dict(zip(header, found, strict=False))
            labels = [str(found[i]) for i in label_cols if i < len(found) and found[i]]
            if target == "questions" and row.get("name"):
                kind, _space, choice_list = str(row.get("type") or "").partition(" ")
                result["questions"][str(row["name"])] = {
                    "type": kind,
                    "labels": labels,
                    "list": choice_list.strip() if kind.startswith("select_") else "",
                }
            elif target == "choices" and row.get("list_name") and row.get("name") is not None:
                name = str(row["name"]).removesuffix(".0")
                result["choices"].setdefault(str(row["list_name"]), {})[name] = labels
    return result


# ---- applying --------------------------------------------------------------------------------------------


class RowParser:
    """Apply a mapping to rows: typed values per field, and per-column reasons for what is refused."""

    def __init__(self, kind: ImportKind, mapping: Mapping):
        self.kind = kind
        self.mapping = mapping
        self.strict = mapping.strict or not kind.tolerant
        self.columns = [
            (column, spec)
            for column, name in mapping.columns.items()
            if (spec := kind.field(name)) is not None
        ]
        self.lookup: dict[str, dict[str, str]] = {}
        for spec in kind.fields:
            if spec.type == CHOICE:
                table = {fold(code): code for code in spec.choices}
                for code, spellings in spec.choices.items():
                    table.update({fold(s): code for s in spellings})
                for raw, code in mapping.values.get(spec.name, {}).items():
                    table[fold(raw)] = code
                self.lookup[spec.name] = table

    @staticmethod
    def _one_of_split(table: dict[str, str], column: str, text: str) -> list[str] | None:
        """A select-multiple answer exported as one column per choice ("needs/training" holding 1 or 0, as
        Kobo and ODK export them): the choice when ticked, nothing when not; None for any other column."""
        choice = table.get(fold(column.rsplit("/", 1)[-1]))
        if "/" not in column or choice is None or fold(text) not in _TICKS:
            return None
        return [choice] if _TICKS[fold(text)] else []

    def _one(self, spec, value, column: str = ""):
        if spec.type == DATE:
            return cells.parse_date(value)
        if spec.type == INT:
            return cells.parse_int(value)
        if spec.type == YEAR:
            return cells.parse_year(value)
        text = cells.clean_text(value)
        if spec.type == PHONE or not text:
            return text
        if spec.type == CHOICE:
            table = self.lookup[spec.name]
            if spec.many and column and (chosen := self._one_of_split(table, column, text)) is not None:
                return chosen
            tokens = text.split() if spec.many else [text]
            codes = []
            for token in tokens:
                code = table.get(fold(token))
                if code is None:
                    raise ValidationError(
                        _(
                            "%(v)s is not a known value for %(f)s (expected %(choices)s); "
                            "add it to the value map."
                        )
                        % {"v": repr(token), "f": spec.label, "choices": ", ".join(spec.choices)}
                    )
                codes.append(code)
            return codes if spec.many else codes[0]
        return text

    def parse(self, row: Row) -> tuple[dict, list[tuple[str, str]], list[RowWarning]]:
        """(values, errors, warnings): errors refuse the row; a warning names a value left out of it."""
        values: dict = {}
        errors: list[tuple[str, str]] = []
        warnings: list[RowWarning] = []
        year_of: dict[str, int] = {}
        if row.problem:
            errors.append(("", row.problem))
        for column, spec in self.columns:
            raw = row.values.get(column)
            items = raw if isinstance(raw, list) else [raw]
            parsed = []
            for item in items:
                try:
                    if spec.type == DATE and spec.year_field:
                        found = cells.read_date(item)
                        if isinstance(found, int):
                            # A year alone: the field's year (unless a year column of its own gives it).
                            year_of[spec.year_field] = found
                            found = None
                        parsed.append(found)
                    else:
                        parsed.append(self._one(spec, item, column))
                except ValidationError as error:
                    if self.strict or spec.refuses_row:
                        errors.append((column, error.messages[0]))
                    else:
                        warnings.append((column, shown(item), error.messages[0]))
            if spec.many:
                for item in parsed:
                    if isinstance(item, list):
                        values.setdefault(spec.name, []).extend(item)
                    elif item not in (None, ""):
                        values.setdefault(spec.name, []).append(item)
            else:
                value = parsed[0] if parsed else None
                if value not in (None, "") or spec.name not in values:
                    values[spec.name] = value
        for name, year in year_of.items():
            if values.get(name) in (None, ""):
                values[name] = year
        for name, default in self.mapping.defaults.items():
            default_spec = self.kind.field(name)
            if default_spec is not None and values.get(name) in (None, "", []):
                try:
                    values[name] = self._one(default_spec, default)
                except ValidationError as error:
                    errors.append(("", error.messages[0]))
        if self.kind.derive is not None:
            values, notes = self.kind.derive(values)
            warnings += [(self.column_of(name), shown(value), message) for name, value, message in notes]
        for spec in self.kind.fields:
            if spec.required and values.get(spec.name) in (None, "", []):
                column = next((c for c, s in self.columns if s.name == spec.name), "")
                if not any(c == column for c, _m in errors):
                    errors.append(
                        (column, _("%(f)s is required and this row leaves it empty.") % {"f": spec.label})
                    )
        return values, errors, warnings

    def excluded(self, row: Row) -> str:
        """Why a survey submission is not imported (its review status is not one the import takes), or ""."""
        column = next((c for c in REVIEW_COLUMNS if c in row.values), None)
        if column is None:
            return ""
        status = review_status(row.values[column])
        if status in self.mapping.validation:
            return ""
        return _(
            "Not imported: the submission is %(status)s, and this import takes %(taken)s submissions "
            "(change it under the columns)."
        ) % {
            "status": review_status_label(status),
            "taken": ", ".join(review_status_label(s) for s in self.mapping.validation),
        }

    def column_of(self, name: str) -> str:
        """The column that fills a field ("" when a constant does)."""
        return next((column for column, spec in self.columns if spec.name == name), "")

    def tolerate(self, values: dict, error: ValidationError) -> tuple[dict, list[RowWarning]] | None:
        """When a service refuses only optional values of a row: the row without them, and a warning for
        each. None when the import is strict or the refusal concerns what makes the record.

        Keys are field names, "field.N" for the N-th item of a list field (only that item is left out)."""
        if self.strict or not hasattr(error, "error_dict"):
            return None
        kept = dict(values)
        dropped: dict[str, set[int]] = {}
        warnings: list[RowWarning] = []
        for key, messages in error.message_dict.items():
            name, _dot, index = key.partition(".")
            spec = self.kind.field(name)
            value = kept.get(name)
            if spec is None or spec.refuses_row or value in (None, "", []):
                return None
            if spec.many and isinstance(value, list):
                position = int(index.split(".")[0]) if index.split(".")[0].isdigit() else -1
                if not 0 <= position < len(value):
                    return None
                dropped.setdefault(name, set()).add(position)
                value = value[position]
            else:
                kept[name] = None
            warnings.append((self.column_of(name), shown(value), messages[0]))
        for name, positions in dropped.items():
            kept[name] = [item for i, item in enumerate(kept[name]) if i not in positions]
        return kept, warnings

    def key(self, row: Row, values: dict) -> str:
        """The row's source identifier: the key column, or (without one) a digest of the row's values."""
        if self.mapping.key:
            raw = row.values.get(self.mapping.key)
            text = str(raw).removesuffix(".0").strip() if raw not in (None, "") else ""
            if text:
                return text
        return "row:" + digest(values)


_TICKS = {"1": True, "0": False, "true": True, "false": False, "yes": True, "no": False}


def shown(value) -> str:
    """A cell as the warning quotes it: text, cut to a readable length."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)[:200]


def digest(values: dict) -> str:
    return hashlib.sha256(
        json.dumps(values, sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()[:32]
