"""The computation definition of an indicator, stored as JSON on Indicator.computation and validated here.

Example (people who completed a PROMISE-funded course in the period)::

    {"measure": "count_people",
     "of": [{"source": "enrolments", "where": [{"field": "status", "op": "eq", "value": "completed"}]}]}

`count_people` counts unique resolved persons with at least one matching record in any of the clauses (so
"reached" is the union of every kind of contact); the other measures take exactly one clause.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pathways.results.engine.sources import sources

Op = Literal["eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "isnull"]
Measure = Literal["count_people", "count_records", "count_distinct", "sum", "median", "ratio"]


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str
    op: Op = "eq"
    value: Any = None


class Clause(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str
    where: list[Condition] = Field(default_factory=list)


class Computation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    measure: Measure
    of: list[Clause] = Field(default_factory=list)
    # Value field for sum / median / count_distinct.
    field: str | None = None
    # "period": records dated within the period; "cumulative": from the project's start to the period's end.
    window: Literal["period", "cumulative"] = "period"
    # Keep only records attributed to the indicator's project (for sources that carry a project).
    project_only: bool = True
    numerator: "Computation | None" = None
    denominator: "Computation | None" = None
    # Ratios are multiplied by this (100 for a percentage).
    scale: int = 1

    @model_validator(mode="after")
    def _shape(self) -> "Computation":
        if self.measure == "ratio":
            if not (self.numerator and self.denominator):
                raise ValueError("a ratio needs a numerator and a denominator")
            for part in (self.numerator, self.denominator):
                if part.measure in ("ratio", "median", "count_distinct"):
                    raise ValueError("numerator and denominator must be counts or sums")
            return self
        if not self.of:
            raise ValueError("'of' must name at least one source")
        if self.measure != "count_people" and len(self.of) != 1:
            raise ValueError(f"{self.measure} takes exactly one source")
        if self.measure in ("sum", "median", "count_distinct") and not self.field:
            raise ValueError(f"{self.measure} needs 'field'")
        return self


def json_schema() -> dict:
    """The JSON Schema of a computation definition (published for the people who write indicators)."""
    return Computation.model_json_schema()


def parse(data: dict) -> Computation:
    """Parse and check a definition against the registered sources; raise ValueError naming the problem."""
    try:
        comp = Computation.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "computation"
        raise ValueError(f"{where}: {first['msg']}") from None
    _check_against_sources(comp)
    return comp


def _check_against_sources(comp: Computation, where: str = "") -> None:
    if comp.measure == "ratio":
        assert comp.numerator and comp.denominator
        _check_against_sources(comp.numerator, "numerator.")
        _check_against_sources(comp.denominator, "denominator.")
        return
    known = sources()
    for i, clause in enumerate(comp.of):
        source = known.get(clause.source)
        if source is None:
            raise ValueError(f"{where}of.{i}.source: no record source named {clause.source!r}")
        if comp.measure == "count_people" and not source.about_people:
            raise ValueError(f"{where}of.{i}.source: {clause.source!r} records are not about people")
        for j, cond in enumerate(clause.where):
            if cond.field not in source.fields:
                raise ValueError(
                    f"{where}of.{i}.where.{j}.field: {clause.source!r} has no field {cond.field!r} "
                    f"(it has {', '.join(sorted(source.fields))})"
                )
            if cond.op in ("in", "not_in") and not isinstance(cond.value, list):
                raise ValueError(f"{where}of.{i}.where.{j}.value: '{cond.op}' needs a list")
    if comp.field and comp.field not in known[comp.of[0].source].fields:
        raise ValueError(f"{where}field: {comp.of[0].source!r} has no field {comp.field!r}")


def dimensions_available(comp: Computation) -> set[str]:
    """The disaggregations this computation supports."""
    from pathways.results.engine.dimensions import PERSON_DIMENSIONS

    if comp.measure == "ratio":
        assert comp.numerator and comp.denominator
        return dimensions_available(comp.numerator) & dimensions_available(comp.denominator)
    known = sources()
    dims: set[str] | None = None
    for clause in comp.of:
        source = known[clause.source]
        mine = set(PERSON_DIMENSIONS) if source.about_people else set(source.dimensions)
        dims = mine if dims is None else dims & mine
    return dims or set()


def restricted(comp: Computation) -> bool:
    """Whether the figures count records that only a few may see (a source about people with `visible`:
    protection cases). Their small cells are withheld from every reader, national officers included: no one
    but a case's team may single out its person, and the drill-down lists only what the reader may see."""
    if comp.measure == "ratio":
        assert comp.numerator and comp.denominator
        return restricted(comp.numerator) or restricted(comp.denominator)
    known = sources()
    return any(known[c.source].about_people and known[c.source].visible is not None for c in comp.of)


def about_people(comp: Computation) -> bool:
    """Whether the figures count people (or records of people), so person dimensions and suppression apply."""
    if comp.measure == "ratio":
        assert comp.numerator and comp.denominator
        return about_people(comp.numerator) and about_people(comp.denominator)
    known = sources()
    return all(known[clause.source].about_people for clause in comp.of)
