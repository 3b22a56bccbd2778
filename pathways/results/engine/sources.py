"""The registry of record sources the results engine can count.

An app registers each kind of record it keeps (people, enrolments, certificates, information sessions...) from
its AppConfig.ready(); indicators then name a source and the public fields it exposes, so adding an indicator
over a new kind of record is data plus, at most, one `register_source` call.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q, QuerySet


@dataclass(frozen=True)
class Source:
    name: str
    model: type[Model]
    label: str
    # ORM path of the date that places a record in a reporting period.
    date_field: str
    # ORM path from a record to its Person: "" when the record is the person, None when not about a person
    # (courses, institutions): such sources are disaggregated only by their own `dimensions`.
    person_path: str | None
    # Public field name -> ORM path; indicator filters and value fields may use only these.
    fields: Mapping[str, str] = field(default_factory=dict)
    # ORM path to the funding Project, when records are attributed to one.
    project_path: str | None = None
    # Dimensions of records not linked to a person: dimension name -> ORM path (e.g. province of a school).
    dimensions: Mapping[str, str] = field(default_factory=dict)
    # The rows that count (e.g. without cancelled records); the model's default manager when not given.
    base: Callable[[], QuerySet] | None = None
    # For records not about people, what a figure's drill-down lists: (column label, ORM path) pairs.
    columns: Sequence[tuple[Any, str]] = ()
    # A filter on the model for the records an actor may see. Records not about people: no `visible`, no
    # drill-down. Records about people: when given, a drill-down names a person only through records the
    # reader may see (protection cases); when not, every record of a person the reader sees counts.
    visible: Callable[[Any], Q] | None = None
    # What a record is, for headings ("institutions"); people sources count people.
    noun: Any = ""

    def rows(self) -> QuerySet:
        return self.base() if self.base else self.model._default_manager.all()

    def path(self, public: str) -> str:
        return self.fields[public]

    @property
    def about_people(self) -> bool:
        return self.person_path is not None


_sources: dict[str, Source] = {}


def register_source(source: Source) -> None:
    """Make a kind of record countable by indicators; called from an AppConfig.ready()."""
    _sources[source.name] = source


def unregister_source(name: str) -> None:
    _sources.pop(name, None)


def get_source(name: str) -> Source:
    return _sources[name]


def sources() -> dict[str, Source]:
    return dict(_sources)
