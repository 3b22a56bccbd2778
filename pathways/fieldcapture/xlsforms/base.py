"""From a form definition to an XLSForm workbook (every label in English, Lao and Thai) and to an XForm."""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from pyxform.xls2xform import convert

# XLSForm names a language by its name and code; Collect and Web Forms show the name in their language menu.
LANGUAGE_COLUMNS = {"en": "English (en)", "lo": "Lao (lo)", "th": "Thai (th)"}
TRANSLATED = ("label", "hint", "constraint_message", "required_message")
# The root element of every instance: submissions are read by the form ID on it, whatever its name.
ROOT = "data"


@dataclass(frozen=True)
class Choice:
    list_name: str
    name: str
    # A translatable string, or a {language code: text} mapping for names from the records (places, people).
    label: Any
    extra: dict = field(default_factory=dict)  # columns choice filters test (e.g. province of a district)


@dataclass(frozen=True)
class FormSpec:
    form_id: str
    title: Any
    description: Any
    survey: Callable[[], list[dict]]
    fixed_choices: Callable[[], Iterable[Choice]]
    scoped_choices: Callable[..., Iterable[Choice]]  # (actor) -> the choices this user may pick from
    may_fill: Callable[..., bool]  # (actor) -> whether the form is offered to this user
    repeats: frozenset[str] = frozenset()  # names of repeat groups, read back as lists


def _texts(label: Any) -> dict[str, str]:
    if isinstance(label, dict):
        return {code: str(label.get(code) or label.get("en") or "") for code in LANGUAGE_COLUMNS}
    texts = {}
    for code in LANGUAGE_COLUMNS:
        with translation.override(code):
            texts[code] = str(label)
    return texts


def _translated_row(row: dict) -> dict:
    out = {}
    for key, value in row.items():
        if key in TRANSLATED and value is not None and value != "":
            for code, text in _texts(value).items():
                out[f"{key}::{LANGUAGE_COLUMNS[code]}"] = text
        elif key == "required" and value is True:
            out[key] = "yes"
        else:
            out[key] = value
    return out


def _choice_rows(choices: Iterable[Choice]) -> list[dict]:
    rows = []
    for choice in choices:
        row = {"list_name": choice.list_name, "name": choice.name}
        for code, text in _texts(choice.label).items():
            row[f"label::{LANGUAGE_COLUMNS[code]}"] = text
        rows.append({**row, **choice.extra})
    return rows


def definition_rows(spec: FormSpec) -> dict:
    """The parts of the workbook that make a version: questions and fixed lists, in every language."""
    return {
        "survey": [_translated_row(row) for row in spec.survey()],
        "choices": _choice_rows(spec.fixed_choices()),
        "title": _texts(spec.title),
    }


def definition_digest(spec: FormSpec) -> str:
    rows = definition_rows(spec)
    return hashlib.sha256(json.dumps(rows, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def choices_digest(choices: list[dict]) -> str:
    return hashlib.sha256(json.dumps(choices, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def workbook(spec: FormSpec, *, scoped: list[dict], version: str, language: str) -> dict:
    """The XLSForm as pyxform reads it (sheet name -> rows), for one user's choice lists."""
    rows = definition_rows(spec)
    choices = rows["choices"] + scoped
    # A list left empty by the user's scope still needs a row, or pyxform refuses the select; this one can
    # never be chosen (its relevance is false), so an empty list stays empty on the phone.
    used = {row["type"].split()[1] for row in rows["survey"] if row["type"].split()[0].startswith("select_")}
    for list_name in sorted(used - {c["list_name"] for c in choices}):
        choices.append(
            {
                "list_name": list_name,
                "name": "none",
                **{f"label::{c}": "—" for c in LANGUAGE_COLUMNS.values()},
            }
        )
    return {
        "survey": rows["survey"],
        "choices": _with_every_header(choices),
        "settings": [
            {
                "form_id": spec.form_id,
                "form_title": rows["title"].get(language, rows["title"]["en"]),
                "version": version,
                "default_language": LANGUAGE_COLUMNS.get(language, LANGUAGE_COLUMNS["en"]),
                "instance_name": "concat('" + spec.form_id + " ', today())",
                # Participants and placements are keyed by their record's id, repeated under filters.
                "allow_choice_duplicates": "yes",
            }
        ],
    }


def _with_every_header(rows: list[dict]) -> list[dict]:
    """pyxform reads a sheet's columns from its first 100 rows: a column only later rows have (a village's
    district, after hundreds of provinces and districts) must be named in the first one."""
    columns = dict.fromkeys(key for row in rows for key in row)
    return [{**dict.fromkeys(columns, ""), **row} for row in rows]


def to_xform(book: dict) -> str:
    """The XForm of a workbook; pyxform's own errors surface as they are (a definition bug, not input)."""
    return convert(xlsform=book, form_name=ROOT).xform


def language_of_request() -> str:
    code = translation.get_language() or settings.LANGUAGE_CODE
    return code if code in LANGUAGE_COLUMNS else "en"
