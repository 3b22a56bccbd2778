"""Compute an indicator for a period from the records, at request time.

One GROUP BY query per indicator gets the full cube over every disaggregation it asks for (a person falls in
exactly one cell of each dimension, so row, column and grand totals are sums of the cube); only measures that
do not add up (distinct counts, medians) run one query per table instead.
"""

import contextlib
import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.db import DatabaseError
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from pathways.operations.replica import reports_connection
from pathways.people import scopes as people_scopes
from pathways.people.models import Person
from pathways.results.engine.dimensions import UNKNOWN, person_expressions
from pathways.results.engine.sources import Source, get_source
from pathways.results.engine.spec import Clause, Computation, Condition

Key = tuple[tuple[str, str], ...]
ADDITIVE = {"count_people", "count_records", "sum", "ratio"}


@dataclass(frozen=True)
class Cell:
    value: int | float | None
    # How many people or records stand behind the figure (the denominator for a ratio): what suppression uses.
    n: int


@dataclass
class Figures:
    dims: list[str]
    cells: dict[Key, Cell] = field(default_factory=dict)

    @property
    def total(self) -> Cell:
        return self.cells.get((), Cell(0, 0))

    def cell(self, **where: str) -> Cell:
        return self.cells.get(key_of(where), Cell(0, 0))


def key_of(where: dict[str, str]) -> Key:
    """Canonical key: the non-sex dimension first, then sex."""
    return tuple(sorted(where.items(), key=lambda kv: (kv[0] == "sex", kv[0])))


@dataclass(frozen=True)
class Window:
    start: datetime.date
    end: datetime.date


def window_for(comp: Computation, *, project, period) -> Window:
    start = project.starts_on if comp.window == "cumulative" else period.starts_on
    return Window(start, period.ends_on)


def prefix_q(q: Q, prefix: str) -> Q:
    """The same filter seen from a related model (prefix 'person' turns merged_into__isnull into
    person__merged_into__isnull)."""
    if not prefix:
        return q
    new = Q()
    new.connector, new.negated = q.connector, q.negated
    new.children = [
        prefix_q(child, prefix) if isinstance(child, Q) else (f"{prefix}__{child[0]}", child[1])  # type: ignore[index]
        for child in q.children
    ]
    return new


def resolved_people() -> QuerySet[Person]:
    """Every resolved person (records merged into another are not counted twice)."""
    return Person.objects.filter(people_scopes.RESOLVED)


def _is_datetime(model, path: str) -> bool:
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    return isinstance(model._meta.get_field(parts[-1]), DateTimeField)


def _date_q(source: Source, window: Window) -> Q:
    path = source.date_field
    if _is_datetime(source.model, path):
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(window.start, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(window.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        return Q(**{f"{path}__gte": start, f"{path}__lt": end})
    return Q(**{f"{path}__gte": window.start, f"{path}__lte": window.end})


def _condition_q(source: Source, cond: Condition) -> Q:
    path = source.path(cond.field)
    lookups = {"eq": "", "ne": "", "in": "__in", "not_in": "__in", "gt": "__gt", "gte": "__gte"}
    lookups |= {"lt": "__lt", "lte": "__lte", "isnull": "__isnull"}
    q = Q(**{f"{path}{lookups[cond.op]}": cond.value})
    return ~q if cond.op in ("ne", "not_in") else q


def _base_q(source: Source, comp: Computation, *, project, window: Window) -> Q:
    """What all clauses of `comp` on `source` ask: the period and, for project-only figures, the project."""
    q = _date_q(source, window)
    if comp.project_only and source.project_path and project is not None:
        q &= Q(**{source.project_path: project.pk})
    return q


def _conditions_q(clause: Clause) -> Q | None:
    """The clause's own conditions, None when it has none (every record in the window counts)."""
    if not clause.where:
        return None
    source = get_source(clause.source)
    q = Q()
    for cond in clause.where:
        q &= _condition_q(source, cond)
    return q


def clause_q(clause: Clause, comp: Computation, *, project, window: Window, resolved: bool = True) -> Q:
    """Everything that selects a source's records for a clause, as one filter on that source's model.

    `resolved=False` leaves out "the person is not merged into another" for callers that already filter the
    people themselves (inside a subquery it would join the people table a second time)."""
    source = get_source(clause.source)
    q = _base_q(source, comp, project=project, window=window)
    conditions = _conditions_q(clause)
    if conditions is not None:
        q &= conditions
    if source.about_people and resolved:
        q &= prefix_q(people_scopes.RESOLVED, source.person_path or "")
    return q


def clause_rows(clause: Clause, comp: Computation, *, project, window: Window) -> QuerySet:
    source = get_source(clause.source)
    return source.rows().filter(clause_q(clause, comp, project=project, window=window))


def people_q(comp: Computation, *, project, window: Window, viewer=None) -> Q:
    """A filter on (already resolved) Person: has at least one record matching any clause.

    With a `viewer`, a source that restricts who sees its records (`Source.visible` on a source about people,
    e.g. protection cases) contributes only the records the viewer may see: a drill-down never names a person
    through a record hidden from its reader.

    `pk IN (SELECT person_id ...)`, not a correlated EXISTS: PostgreSQL plans both as one hash semi-join, but
    SQLite runs a correlated EXISTS once per person (a million index probes into millions of enrolments) while
    it evaluates the uncorrelated IN once into a temporary index."""
    q: Any = Q(pk__in=[])
    for clause in comp.of:
        source = get_source(clause.source)
        matching = clause_q(clause, comp, project=project, window=window, resolved=False)
        if viewer is not None and source.visible is not None:
            matching &= source.visible(viewer)
        if source.person_path == "":
            q |= matching
        else:
            q |= Q(pk__in=source.rows().filter(matching).values(str(source.person_path)))
    return q


def _expressions(source: Source, dims: Iterable[str], *, window: Window, bands: list[int]) -> dict:
    exprs: dict[str, Any]
    if source.about_people:
        exprs = person_expressions(source.person_path or "", on=window.end, bands=bands)
    else:
        exprs = {d: F(path) for d, path in source.dimensions.items()}
    return {f"g_{d}": exprs[d] for d in dims}


def _grouped(qs: QuerySet, exprs: dict, **aggregates) -> list[dict]:
    if not exprs:
        return [qs.order_by().aggregate(**aggregates)]
    return list(qs.annotate(**exprs).values(*exprs).annotate(**aggregates).order_by())


def _norm(value) -> str:
    return UNKNOWN if value is None else str(value)


def _row_key(row: dict, dims: Iterable[str]) -> Key:
    return key_of({d: _norm(row[f"g_{d}"]) for d in dims})


def _groupings(dims: list[str]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = [()]
    out += [(d,) for d in dims]
    if "sex" in dims:
        out += [(d, "sex") for d in dims if d != "sex"]
    return out


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _sql(qs: QuerySet) -> tuple[str, list]:
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


@dataclass
class _EventBranch:
    """One scan of a source for every clause that reads it with the same period and project filter."""

    source: Source
    base: Q
    # (bit, the clause's own conditions or None)
    clauses: list[tuple[int, Q | None]] = field(default_factory=list)

    def sql(self) -> tuple[str, list]:
        """SELECT person, flags: one row per record, with the bit of each clause the record matches set."""
        # order_by(): a model's default ordering would sort (and join) rows the grouping never needs in order.
        qs = self.source.rows().filter(self.base).order_by()
        conditions = [q for _, q in self.clauses]
        if all(q is not None for q in conditions):
            any_clause = Q()
            for q in conditions:
                any_clause |= q  # type: ignore[operator]
            qs = qs.filter(any_clause)
        flags: Any = Value(0)
        for bit, q in self.clauses:
            flags += Value(1 << bit) if q is None else Case(When(q, then=Value(1 << bit)), default=Value(0))
        person = F(self.source.person_path or "pk")
        inner, params = _sql(qs.annotate(m_person=person, m_flags=flags).values("m_person", "m_flags"))
        return f"SELECT s.m_person, s.m_flags FROM ({inner}) s", params


# Clauses over records are bits of one integer per person (a 64-bit integer on both databases).
MAX_RECORD_CLAUSES = 62


def _any_bits(column: str, bits: int) -> str:
    """The OR of `column` over a group: PostgreSQL's bit_or; SQLite has none, so one MAX per bit."""
    if reports_connection().vendor == "postgresql":
        return f"bit_or({column})"
    return " | ".join(f"MAX({column} & {1 << bit})" for bit in range(bits))


def parts_of_people() -> int:
    """Into how many parts `people_cubes` splits the people on PostgreSQL: one per process the server gives
    a parallel query (`max_parallel_workers_per_gather`, its default 2; at most 8), 1 on SQLite."""
    if reports_connection().vendor != "postgresql":
        return 1
    with reports_connection().cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return max(1, min(int(cursor.fetchone()[0]), 8))


def _part_of_people(column: str, part: int, parts: int) -> str:
    """SQL: the person in `column` (a UUID) falls in `part` of `parts`, by PostgreSQL's own hash of it."""
    return f"mod(uuid_hash({column}) & 2147483647, {parts}) = {part}"


def _fetch_grouped(sql: str, params: list, part: tuple[str, list] | None) -> list[tuple]:
    """The rows of a query over parts of the people (`part`: one of them, None when there is only one).

    PostgreSQL runs a query's parallel part (scans, a partial grouping per worker) before a Gather and
    everything after it — finishing the grouping per person, the join with the people, the GROUP BY — in one
    process; at 1M people that serial tail was most of the time. With the people split by hash into parts
    (`UNION ALL` of the parts, each a whole count over its share), a Parallel Append hands each part to its
    own process, and the tail runs side by side. The planner only picks that when a part's own parallel
    plan looks dearer than running it whole in one worker; `parallel_setup_cost` set just under a part's
    serial cost (read from EXPLAIN) does that, and still leaves the whole query cheaper in parallel."""
    with reports_connection().cursor() as cursor:
        if reports_connection().vendor != "postgresql":
            cursor.execute(sql, params)
            return cursor.fetchall()
        # PostgreSQL cannot estimate how many people a UNION of sources holds (it assumes 200), so it would
        # sort a million rows to group them by person; hashing them is ~0.4 s faster at 1M people. Reset at
        # once so later queries plan freely (if the query fails inside a transaction, its rollback undoes
        # the SETs, and the RESETs that cannot run then are not needed).
        settings = ["enable_sort"]
        try:
            cursor.execute("SET enable_sort = off")
            if part is not None:
                settings += ["max_parallel_workers_per_gather", "parallel_setup_cost"]
                cursor.execute("SET max_parallel_workers_per_gather = 0")
                cursor.execute("EXPLAIN (FORMAT JSON) " + part[0], part[1])
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                serial_cost = float(plan[0]["Plan"]["Total Cost"])
                cursor.execute(
                    "RESET max_parallel_workers_per_gather; "
                    f"SET parallel_setup_cost = {max(1000.0, 0.9 * serial_cost):.0f}"
                )
            cursor.execute(sql, params)
            return cursor.fetchall()
        finally:
            with contextlib.suppress(DatabaseError):
                cursor.execute("; ".join(f"RESET {setting}" for setting in settings))


def _people_cube(comp: Computation, dims: list[str], *, project, window: Window, bands) -> dict[Key, list]:
    """{key: [n, n]} over every grouping of `dims` for one count_people definition: the people it counts,
    filtered in WHERE (`pk IN (subquery)` per clause), grouped by the dimensions and summed up in Python."""
    exprs = {f"g_{d}": e for d, e in person_expressions("", on=window.end, bands=bands).items() if d in dims}
    qs = resolved_people().filter(people_q(comp, project=project, window=window))
    return _roll_up({_row_key(r, dims): [r["n"], r["n"]] for r in _grouped(qs, exprs, n=Count("pk"))}, dims)


def people_cubes(
    comps: list[Computation], dims: list[str], *, project, window: Window, bands
) -> list[dict[Key, list]]:
    """{key: [n, n]} over every grouping of `dims` for each count_people definition, all from ONE query.

    Clauses over the people themselves are conditions on the person row. Clauses over other records
    (enrolments, certificates...) are read by one scan per source (all clauses on that source with the same
    period and project share it), each record carrying a bit per clause it matches; the scans are UNION ALL-ed
    and grouped by person into `m`, one row per person with the OR of the bits. The people LEFT JOIN `m`
    once, and one GROUP BY over the person dimensions counts, per definition, the people for whom any of
    its clauses holds (`COUNT(*) FILTER`). A person is one row, so they are counted once per definition
    however many records they have.

    This replaced `pk IN (subquery)` per definition: the same counts, but PostgreSQL probed one hashed
    subplan per definition for every person (docs/benchmarks.md, Results). People who match no clause are
    left out before grouping; cells where a definition counts nobody are left out of its cube, as a GROUP BY
    of that definition alone would have no row for them (the total, with no dimensions, is always there).

    Totals alone (no dimensions: the dashboard's trend, a total per period) need nothing from the person row
    but whether it was merged into another: there the people's own clauses are one more scan in the UNION
    (registrations), and the per-person grouping is counted directly, without the people, leaving out the few
    records merged into another (`NOT IN`): about half the work.

    On PostgreSQL the query is run as parts, each over a share of the people (`_part_of_people`), side by side
    in parallel workers (`_fetch_grouped`); the database adds up the parts' counts to each grouping of the
    dimensions (`_rolled_up`).

    A single definition is counted by `_people_cube` instead, which PostgreSQL plans as a semi-join."""
    if len(comps) == 1:
        return [_people_cube(comps[0], dims, project=project, window=window, bands=bands)]
    totals_only = not dims
    bit_clauses = sum(
        1 for c in comps for cl in c.of if totals_only or get_source(cl.source).person_path != ""
    )
    if bit_clauses > MAX_RECORD_CLAUSES:
        half = len(comps) // 2
        return [
            *people_cubes(comps[:half], dims, project=project, window=window, bands=bands),
            *people_cubes(comps[half:], dims, project=project, window=window, bands=bands),
        ]
    person_columns: dict[str, Q] = {}
    branches: dict[tuple, _EventBranch] = {}
    # A clause several definitions share (1.1.1's registrations are part of 1.1.2) is one column or bit.
    seen: dict[tuple, str | int] = {}
    bits = 0
    definition_tests: list[list[str]] = []
    for comp in comps:
        columns, mask = [], 0
        for clause in comp.of:
            source = get_source(clause.source)
            if source.person_path == "" and not totals_only:
                q = clause_q(clause, comp, project=project, window=window, resolved=False)
                name = seen.setdefault(("person", str(q)), f"c_{len(person_columns)}")
                person_columns[str(name)] = q
                columns.append(f"p.{name}")
            else:
                base = _base_q(source, comp, project=project, window=window)
                branch = branches.setdefault((source.name, str(base)), _EventBranch(source, base))
                conditions = _conditions_q(clause)
                bit = seen.setdefault((source.name, str(base), str(conditions)), bits)
                if bit == bits:
                    branch.clauses.append((bits, conditions))
                    bits += 1
                mask |= 1 << int(bit)
        definition_tests.append(columns + ([f"(m.m_flags & {mask}) <> 0"] if mask else []))

    union, union_params = [], []
    for branch in branches.values():
        sql, branch_params = branch.sql()
        union.append(sql)
        union_params += branch_params
    n_parts = parts_of_people()

    def per_person(part: int) -> str:
        share = f"WHERE {_part_of_people('u.m_person', part, n_parts)} " if n_parts > 1 else ""
        return (
            f"SELECT u.m_person, {_any_bits('u.m_flags', bits)} AS m_flags "
            f"FROM ({' UNION ALL '.join(union)}) u {share}GROUP BY u.m_person"
        )

    counts = ", ".join(f"COUNT(*) FILTER (WHERE {' OR '.join(tests)})" for tests in definition_tests)
    exprs = {f"g_{d}": e for d, e in person_expressions("", on=window.end, bands=bands).items() if d in dims}
    parts: list[tuple[str, list]] = []
    if totals_only:
        merged_sql, merged_params = _sql(
            Person.objects.exclude(people_scopes.RESOLVED).order_by().values("pk")
        )
        for part in range(n_parts):
            sql = f"SELECT {counts} FROM ({per_person(part)}) m WHERE m.m_person NOT IN ({merged_sql})"
            parts.append((sql, union_params + merged_params))
    else:
        flags = {
            name: ExpressionWrapper(q, output_field=BooleanField()) for name, q in person_columns.items()
        }
        people_sql, people_params = _sql(
            resolved_people()
            .order_by()
            .annotate(p_id=F("pk"), **exprs, **flags)
            .values("p_id", *exprs, *flags)
        )
        group_cols = ", ".join(f"p.{g}" for g in exprs)
        for part in range(n_parts):
            joined, params = f"({people_sql}) p", list(people_params)
            matches = [f"p.{name}" for name in person_columns]
            if branches:
                joined += f" LEFT JOIN ({per_person(part)}) m ON m.m_person = p.p_id"
                matches.append("m.m_person IS NOT NULL")
                params += union_params
            where = f"({' OR '.join(matches)})"
            if n_parts > 1:
                where += f" AND {_part_of_people('p.p_id', part, n_parts)}"
            parts.append(
                (f"SELECT {group_cols}, {counts} FROM {joined} WHERE {where} GROUP BY {group_cols}", params)
            )
    # The parts' columns follow `exprs`, the order of `person_expressions`, not that of `dims`.
    return _rolled_up(parts, [name.removeprefix("g_") for name in exprs], definitions=len(comps))


def _rolled_up(parts: list[tuple[str, list]], dims: list[str], *, definitions: int) -> list[dict[Key, list]]:
    """{key: [n, n]} for each definition, over every grouping of `dims` (`_groupings`): the parts' rows (the
    dimensions in the order of `dims`, then a count per definition) summed by the database to each grouping,
    one GROUP BY per grouping over the parts kept once (`MATERIALIZED`). A few hundred rows come back instead
    of the full cube of every combination of dimensions (thousands, once per part) for Python to add up.

    As a GROUP BY of each definition alone would, a grouping's cell where a definition counts nobody is left
    out (without dimensions, the total is always there)."""
    names = [f"g_{d}" for d in dims]
    counts = [f"n_{i}" for i in range(definitions)]
    sums = ", ".join(f"CAST(SUM(c.{n}) AS BIGINT)" for n in counts)
    groupings = _groupings(dims)
    selects = []
    for index, grouping in enumerate(groupings):
        columns = ", ".join(f"c.g_{d}" if d in grouping else "NULL" for d in dims)
        group_by = f" GROUP BY {', '.join(f'c.g_{d}' for d in grouping)}" if grouping else ""
        selects.append(f"SELECT {index}{', ' if dims else ''}{columns}, {sums} FROM c{group_by}")
    sql = (
        f"WITH c({', '.join(names + counts)}) AS MATERIALIZED "
        f"(SELECT * FROM ({' UNION ALL '.join(sql for sql, _ in parts)}) parts) "
        + " UNION ALL ".join(selects)
    )
    params = [p for _, part_params in parts for p in part_params]
    cubes: list[dict[Key, list]] = [{} for _ in range(definitions)]
    for row in _fetch_grouped(sql, params, parts[0] if len(parts) > 1 else None):
        grouping = groupings[row[0]]
        key = tuple((d, _norm(row[1 + dims.index(d)])) for d in grouping)
        for cube, n in zip(cubes, row[1 + len(dims) :], strict=True):
            if n or not dims:
                cube[key] = [n or 0, n or 0]
    return cubes


def _additive_cube(comp: Computation, dims: list[str], *, project, window: Window, bands) -> dict[Key, list]:
    """{key: [value, n]} over every grouping of `dims` for count_people / count_records / sum."""
    if comp.measure == "count_people":
        return people_cubes([comp], dims, project=project, window=window, bands=bands)[0]
    clause = comp.of[0]
    source = get_source(clause.source)
    qs = clause_rows(clause, comp, project=project, window=window)
    exprs = _expressions(source, dims, window=window, bands=bands)
    if comp.measure == "count_records":
        rows = _grouped(qs, exprs, n=Count("pk"))
        return _roll_up({_row_key(r, dims): [r["n"], r["n"]] for r in rows}, dims)
    assert comp.field
    rows = _grouped(qs, exprs, v=Sum(source.path(comp.field)), n=Count("pk"))
    return _roll_up({_row_key(r, dims): [_number(r["v"]) or 0, r["n"]] for r in rows}, dims)


class Cubes:
    """The additive cubes already computed for one report.

    A definition counted before (a percentage's denominator is often another indicator: PROMISE 1.1.4's is
    1.1.1) is taken from that cube instead of scanning the records again. A cube holds the sums over every
    grouping of its dimensions (`_groupings`), so one over more dimensions holds those of fewer."""

    def __init__(self) -> None:
        self._cubes: dict[tuple, tuple[list[str], dict[Key, list]]] = {}

    @staticmethod
    def _key(comp: Computation, *, project, window: Window, bands) -> tuple:
        return (comp.model_dump_json(), getattr(project, "pk", None), window, tuple(bands))

    def prefetch(self, comps: Iterable[Computation], *, dims: list[str], project, period, bands) -> None:
        """Count every count_people definition among `comps` (and the parts of their ratios) over `dims`
        in one scan of the people table per window, so that `compute` for each of them finds its cube here.

        `dims` is the union of the indicators' person dimensions: each indicator takes the groupings of
        its own (`_pick`)."""
        wanted: dict[Window, dict[str, Computation]] = {}
        for comp in comps:
            window = window_for(comp, project=project, period=period)
            parts = [comp.numerator, comp.denominator] if comp.measure == "ratio" else [comp]
            for part in parts:
                if part is None or part.measure != "count_people":
                    continue
                hit = self._cubes.get(self._key(part, project=project, window=window, bands=bands))
                if hit is None or not set(dims) <= set(hit[0]):
                    wanted.setdefault(window, {})[part.model_dump_json()] = part
        for window, by_json in wanted.items():
            todo = list(by_json.values())
            cubes = people_cubes(todo, dims, project=project, window=window, bands=bands)
            for part, cube in zip(todo, cubes, strict=True):
                self._cubes[self._key(part, project=project, window=window, bands=bands)] = (list(dims), cube)

    def get(
        self, comp: Computation, dims: list[str], *, project, window: Window, bands, build
    ) -> dict[Key, list]:
        """The cube of `comp` over `dims` or over more dimensions (its cells for `dims`: `_pick`)."""
        key = self._key(comp, project=project, window=window, bands=bands)
        hit = self._cubes.get(key)
        if hit is not None and set(dims) <= set(hit[0]):
            # Over more dimensions than asked: its groupings include every grouping of fewer.
            return hit[1]
        cube = build()
        if hit is None or len(dims) > len(hit[0]):
            self._cubes[key] = (list(dims), cube)
        return cube


def _key_picker(positions: list[int]) -> Callable[[Key], Key]:
    """A function taking the items at `positions` out of a key, as a key (itemgetter: C speed)."""
    if len(positions) >= 2:
        return itemgetter(*positions)
    if positions:
        only = positions[0]
        return lambda key: (key[only],)
    return lambda key: ()


def _sums(cube: dict[Key, list], groupings: tuple[tuple[str, ...], ...]) -> list[dict[Key, list]]:
    """`cube` summed to each grouping, in one pass over it. Every key of a cube names the same dimensions in
    the same (canonical) order, so a grouping is a choice of positions in the key, found once from the first
    key."""
    if not cube:
        return [{} for _ in groupings]
    names = [d for d, _ in next(iter(cube))]
    pickers = [_key_picker([i for i, d in enumerate(names) if d in grouping]) for grouping in groupings]
    outs: list[dict[Key, list]] = [{} for _ in groupings]
    sums = list(zip(pickers, outs, strict=True))
    for key, (value, n) in cube.items():
        for pick, out in sums:
            sub = pick(key)
            acc = out.get(sub)
            if acc is None:
                out[sub] = [value, n]
            else:
                acc[0] += value
                acc[1] += n
    return outs


def _sum_to(cube: dict[Key, list], groupings: tuple[tuple[str, ...], ...]) -> dict[Key, list]:
    """`cube` summed to each grouping, in one dict (the groupings' keys name different dimensions)."""
    out: dict[Key, list] = {}
    for sums in _sums(cube, groupings):
        out.update(sums)
    return out


def _cube(comp: Computation, dims: list[str], *, project, window: Window, bands, cubes: Cubes | None):
    def build() -> dict[Key, list]:
        return _additive_cube(comp, dims, project=project, window=window, bands=bands)

    if cubes is None:
        return build()
    return cubes.get(comp, dims, project=project, window=window, bands=bands, build=build)


def _roll_up(cube: dict[Key, list], dims: list[str]) -> dict[Key, list]:
    """Every grouping of `dims` (`_groupings`) summed from `cube`, whose keys may hold more dimensions.

    With sex among several dimensions, only the (dimension, sex) groupings are summed from the cube, which has
    a key per combination of every dimension (thousands); the single dimensions, sex and the total are summed
    from those (tens of keys)."""
    if "sex" not in dims or len(dims) < 2:
        return _sum_to(cube, tuple(_groupings(dims)))
    others = [d for d in dims if d != "sex"]
    out: dict[Key, list] = {}
    for d, by_d_and_sex in zip(others, _sums(cube, tuple((d, "sex") for d in others)), strict=True):
        out.update(by_d_and_sex)
        out.update(_sum_to(by_d_and_sex, ((d,),)))
    out.update(_sum_to(by_d_and_sex, (("sex",), ())))
    return out


def _pick(cube: dict[Key, list], dims: list[str]) -> dict[Key, list]:
    """The cells of `cube` (summed over every grouping of `dims` or of more dimensions) that `dims` ask for:
    each grouping of fewer dimensions is among those of more, so nothing needs adding up again."""
    wanted = set(_groupings(dims))
    return {key: cell for key, cell in cube.items() if tuple(d for d, _ in key) in wanted}


def _median_sql(qs: QuerySet, exprs: dict, value_path: str, grouping: tuple[str, ...]) -> list[dict]:
    names = [f"g_{d}" for d in grouping]
    inner = qs.annotate(**{k: v for k, v in exprs.items() if k in names}, m_v=F(value_path))
    inner = inner.filter(m_v__isnull=False).values(*names, "m_v").order_by()
    sql, params = inner.query.sql_with_params()
    cols = ", ".join(names)
    part = f"PARTITION BY {cols}" if names else ""
    select_cols = f"{cols}, " if names else ""
    group_by = f"GROUP BY {cols}" if names else ""
    wrapped = (
        f"SELECT {select_cols}AVG(m_v * 1.0), MAX(c) FROM (SELECT {select_cols}m_v, "
        f"ROW_NUMBER() OVER ({part} ORDER BY m_v) AS rn, COUNT(*) OVER ({part}) AS c "
        f"FROM ({sql}) AS src) AS r "
        f"WHERE rn IN ((c + 1) / 2, (c + 2) / 2) {group_by}"
    )
    with reports_connection().cursor() as cursor:
        cursor.execute(wrapped, params)
        return [
            {**dict(zip(names, row[: len(names)], strict=True)), "v": row[-2], "n": row[-1]}
            for row in cursor.fetchall()
        ]


def _per_grouping(comp: Computation, dims: list[str], *, project, window: Window, bands) -> dict[Key, list]:
    clause = comp.of[0]
    source = get_source(clause.source)
    qs = clause_rows(clause, comp, project=project, window=window)
    exprs = _expressions(source, dims, window=window, bands=bands)
    assert comp.field
    out: dict[Key, list] = {}
    for grouping in _groupings(dims):
        if comp.measure == "median":
            rows = _median_sql(qs, exprs, source.path(comp.field), grouping)
        else:
            sub = {f"g_{d}": exprs[f"g_{d}"] for d in grouping}
            distinct = Count(source.path(comp.field), distinct=True)
            rows = _grouped(qs, sub, v=distinct, n=distinct)
        for r in rows:
            value = float(r["v"]) if r["v"] is not None else None
            out[_row_key(r, grouping)] = [value, r["n"] or 0]
    return out


def compute(
    comp: Computation,
    *,
    dims: list[str],
    project,
    period,
    bands: list[int] | None = None,
    cubes: Cubes | None = None,
) -> Figures:
    """Every figure of one indicator for one period: the total, each dimension, each dimension by sex.

    `cubes` (one per report) lets indicators that count what another already counted reuse its cube."""
    bands = bands if bands is not None else project.age_bands
    window = window_for(comp, project=project, period=period)
    if comp.measure == "ratio":
        assert comp.numerator and comp.denominator
        num = _pick(
            _cube(comp.numerator, dims, project=project, window=window, bands=bands, cubes=cubes), dims
        )
        den = _pick(
            _cube(comp.denominator, dims, project=project, window=window, bands=bands, cubes=cubes), dims
        )
        cells = {}
        for key in set(num) | set(den):
            top = num.get(key, [0, 0])[0]
            bottom, n = den.get(key, [0, 0])
            value = round(top / bottom * comp.scale, 1) if bottom else None
            cells[key] = Cell(value, n)
        return Figures(dims, cells)
    if comp.measure in ADDITIVE:
        rolled = _pick(_cube(comp, dims, project=project, window=window, bands=bands, cubes=cubes), dims)
    else:
        rolled = _per_grouping(comp, dims, project=project, window=window, bands=bands)
    return Figures(dims, {key: Cell(value, n) for key, (value, n) in rolled.items()})


def drilldown_people(
    people: QuerySet[Person],
    comp: Computation,
    *,
    project,
    period,
    where: dict[str, str],
    viewer,
    bands=None,
) -> QuerySet[Person]:
    """Narrow an (already scoped) queryset of people to those behind one figure, as `viewer` may see their
    records (see `people_q`)."""
    if comp.measure == "ratio":
        assert comp.numerator
        comp = comp.numerator
    bands = bands if bands is not None else project.age_bands
    window = window_for(comp, project=project, period=period)
    people = people.filter(
        people_scopes.RESOLVED, people_q(comp, project=project, window=window, viewer=viewer)
    )
    exprs = person_expressions("", on=window.end, bands=bands)
    for dim, value in where.items():
        if dim in ("sex", "province", "migrant_status") and value == UNKNOWN:
            field_name = {"province": "home_province_id"}.get(dim, dim)
            people = people.filter(**{f"{field_name}__isnull": True})
        else:
            people = people.alias(**{f"g_{dim}": exprs[dim]}).filter(**{f"g_{dim}": value})
    return people


def drilldown_records(comp: Computation, *, project, period, where: dict[str, str]) -> QuerySet:
    """The records (not people) behind one figure of an indicator over a source that is not about people.

    Not scoped: the caller narrows it to what the viewer may see (`Source.visible`)."""
    if comp.measure == "ratio":
        assert comp.numerator
        comp = comp.numerator
    clause = comp.of[0]
    source = get_source(clause.source)
    window = window_for(comp, project=project, period=period)
    rows = clause_rows(clause, comp, project=project, window=window)
    for dim, value in where.items():
        path = source.dimensions[dim]
        rows = rows.filter(**({f"{path}__isnull": True} if value == UNKNOWN else {path: value}))
    return rows
