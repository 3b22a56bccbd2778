"""Results of a project for a period, as tables ready for a page, a spreadsheet, a PDF or an export.

Every report is computed live by the engine. `published=True` applies small-cell suppression (for donors,
partners and anything exported); national officers see exact figures on their pages.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.core.languages import translated
from pathways.places.models import Province
from pathways.results.engine import spec
from pathways.results.engine.compute import Cell, Cubes, Figures, Key, compute, key_of
from pathways.results.engine.dimensions import (
    DIMENSION_LABELS,
    PERSON_DIMENSIONS,
    UNKNOWN,
    value_choices,
    value_label,
)
from pathways.results.engine.suppression import Line, format_number, shown, suppress
from pathways.results.models import Indicator, Level, Project, ReportingPeriod, ResultNode

# The units results frameworks count in, by the code exports give them (an indicator's data says "people",
# "institutions" or "%"), as a reader of each language says them.
UNITS = {"people": gettext_lazy("people"), "institutions": gettext_lazy("institutions"), "percent": "%"}


def unit_code(unit: str) -> str:
    """The unit as a code analysts can filter on: a share is "percent", never the "%" sign."""
    return "percent" if unit == "%" else unit


@dataclass
class Shown:
    text: str
    value: int | float | None
    n: int
    withheld: str | None
    where: dict[str, str]


@dataclass
class Table:
    dimension: str
    title: str
    columns: list[tuple[str, str]]  # (sex value or "", label); the last is the total
    rows: list[tuple[str, list[Shown]]]  # (row label, cells); the last row is the total
    # Each row's value of the dimension (a province's ISO 3166-2 code, an age band...); "" for the total row.
    values: list[str] = field(default_factory=list)


@dataclass
class IndicatorResult:
    indicator: Indicator
    title: str
    figures: Figures
    total: Shown
    target: Decimal | None
    progress: float | None  # percent of target
    tables: list[Table] = field(default_factory=list)
    shown_by_key: dict[Key, Shown] = field(default_factory=dict)
    # Person dimensions that do not apply (institutions have no sex or age): said so, never shown as zeros.
    not_disaggregated_by: list[str] = field(default_factory=list)

    @property
    def note(self) -> str:
        if not self.not_disaggregated_by:
            return ""
        names = ", ".join(str(DIMENSION_LABELS[d]).lower() for d in self.not_disaggregated_by)
        text = _(
            "These records are not about people: there is no breakdown by %(names)s, and small counts are "
            "not withheld."
        )
        return text % {"names": names}


@dataclass
class Report:
    project: Project
    period: ReportingPeriod
    published: bool
    threshold: int
    sections: list[tuple[ResultNode, list[IndicatorResult]]]  # one section per outcome
    # The report's cubes: a percentage's numerator and denominator (`part_result`) are taken from them.
    cubes: Cubes | None = None

    @property
    def results(self) -> list[IndicatorResult]:
        return [r for _node, results in self.sections for r in results]


def localised(obj, attr: str = "title") -> str:
    return translated(obj, attr)


def _province_names() -> dict[str, str]:
    """Each province as the interface shows it (its own script in its own country's language)."""
    return {p.code: str(p) for p in Province.objects.all()}


def _rows_for(dim: str, figures: Figures, bands: list[int]) -> list[str]:
    seen = {v for key in figures.cells for d, v in key if d == dim}
    values = [v for v, _label in value_choices(dim, bands=bands)]
    extra = sorted(v for v in seen if v not in values and v != UNKNOWN)
    return values + extra + ([UNKNOWN] if UNKNOWN in seen else [])


def _lines(dims: list[str], row_values: dict[str, list[str]]) -> list[Line]:
    lines = []
    sexes = row_values.get("sex", [])
    if "sex" in dims:
        lines.append(Line(tuple(key_of({"sex": s}) for s in sexes), ()))
    for dim in dims:
        if dim == "sex":
            continue
        values = row_values[dim]
        lines.append(Line(tuple(key_of({dim: v}) for v in values), ()))
        if "sex" in dims:
            for v in values:
                lines.append(Line(tuple(key_of({dim: v, "sex": s}) for s in sexes), key_of({dim: v})))
            for s in sexes:
                lines.append(Line(tuple(key_of({dim: v, "sex": s}) for v in values), key_of({"sex": s})))
    return lines


def indicator_result(
    indicator: Indicator,
    period: ReportingPeriod,
    *,
    published: bool,
    places: dict[str, str] | None = None,
    cubes: Cubes | None = None,
    part: str = "value",
) -> IndicatorResult:
    """One indicator's figures for a period, tables and suppression included. `part` "numerator" or
    "denominator" gives those counts of a percentage instead (DHIS2 adds counts up, never percentages)."""
    project = period.project
    comp = spec.parse(indicator.computation)
    if part != "value":
        comp = getattr(comp, part)
        if comp is None:
            raise ValueError(f"{indicator.code} is not a ratio: it has no {part}.")
    dims = list(indicator.disaggregations)
    figures = compute(comp, dims=dims, project=project, period=period, cubes=cubes)
    bands = project.age_bands
    places = places if places is not None else _province_names()
    threshold = settings.SMALL_CELL_THRESHOLD
    row_values = {d: _rows_for(d, figures, bands) for d in dims}
    keys: set[Key] = {()}
    for line in _lines(dims, row_values):
        keys.update(line.cells)  # type: ignore[arg-type]
        keys.add(line.total)  # type: ignore[arg-type]
    cells = {k: figures.cells.get(k, Cell(0 if comp.measure != "ratio" else None, 0)) for k in keys}
    about_people = spec.about_people(comp)
    # Suppression protects people from being singled out: counts of institutions or courses are published
    # as they are.
    withheld = (
        suppress({k: c.n for k, c in cells.items()}, _lines(dims, row_values), threshold=threshold)
        if about_people
        else {}
    )
    if about_people and comp.measure in ("ratio", "median"):
        # A ratio or median over fewer than `threshold` people is withheld too, whatever its value.
        withheld.update({k: "primary" for k, c in cells.items() if c.n < threshold and k not in withheld})

    suppressed = published or spec.restricted(comp)

    def show(key: Key) -> Shown:
        cell = cells[key]
        hidden = withheld.get(key) if suppressed else None
        text = shown(cell.value, withheld=hidden, threshold=threshold)
        return Shown(text, None if hidden else cell.value, cell.n, hidden, dict(key))

    shown_by_key = {k: show(k) for k in keys}
    sexes = row_values.get("sex", [])
    sex_cols = [(s, value_label("sex", s, bands=bands, places=places)) for s in sexes]
    columns = [*sex_cols, ("", _("Total"))]
    tables = []
    for dim in dims:
        if dim == "sex":
            continue
        rows = []
        for v in row_values[dim]:
            row = [shown_by_key[key_of({dim: v, "sex": s})] for s in sexes] + [shown_by_key[key_of({dim: v})]]
            rows.append((value_label(dim, v, bands=bands, places=places), row))
        rows.append((_("Total"), [shown_by_key[key_of({"sex": s})] for s in sexes] + [shown_by_key[()]]))
        tables.append(Table(dim, str(DIMENSION_LABELS[dim]), columns, rows, [*row_values[dim], ""]))
    if "sex" in dims and len(dims) == 1:
        rows = [(label, [shown_by_key[key_of({"sex": s})]]) for s, label in sex_cols]
        rows.append((_("Total"), [shown_by_key[()]]))
        tables.append(Table("sex", str(DIMENSION_LABELS["sex"]), [("", _("Total"))], rows, [*sexes, ""]))
    target = (
        next((t.value for t in indicator.targets.all() if t.period_id == period.pk), None)
        if part == "value"
        else None
    )
    total = shown_by_key[()]
    progress = (
        round(float(total.value) / float(target) * 100, 1) if target and total.value is not None else None
    )
    available = spec.dimensions_available(comp)
    return IndicatorResult(
        indicator,
        localised(indicator),
        figures,
        total,
        target,
        progress,
        tables,
        shown_by_key,
        [d for d in PERSON_DIMENSIONS if d not in available],
    )


def report_build(*, project: Project, period: ReportingPeriod, published: bool) -> Report:
    """Every indicator of the project for the period, grouped by outcome."""
    nodes = list(ResultNode.objects.filter(project=project))
    by_id = {n.pk: n for n in nodes}

    def outcome_of(node: ResultNode) -> ResultNode:
        while node.level not in (Level.OUTCOME, Level.OBJECTIVE) and node.parent_id:
            node = by_id[node.parent_id]
        return node

    indicators = (
        Indicator.objects.filter(node__project=project)
        .select_related("node")
        .prefetch_related("targets")
        .order_by("node__position", "position", "code")
    )
    places = _province_names()
    cubes = Cubes()
    # Every count of people in the report from one scan of the people table (per window), over all the
    # person dimensions any indicator asks for; each indicator then takes the groupings of its own.
    cubes.prefetch(
        [spec.parse(i.computation) for i in indicators],
        dims=_person_dims(indicators),
        project=project,
        period=period,
        bands=project.age_bands,
    )
    sections: dict = {}
    for indicator in indicators:
        outcome = outcome_of(by_id[indicator.node_id])
        sections.setdefault(outcome, []).append(
            indicator_result(indicator, period, published=published, places=places, cubes=cubes)
        )
    return Report(project, period, published, settings.SMALL_CELL_THRESHOLD, list(sections.items()), cubes)


def part_result(report: Report, indicator: Indicator, part: str) -> IndicatorResult:
    """A percentage's numerator or denominator as figures of their own, suppressed as the report is, from the
    report's cubes (counted with the report: nothing is scanned again)."""
    return indicator_result(
        indicator, report.period, published=report.published, cubes=report.cubes, part=part
    )


def _person_dims(indicators) -> list[str]:
    asked = {d for i in indicators for d in i.disaggregations}
    return [d for d in PERSON_DIMENSIONS if d in asked]


def period_totals(comps: list[spec.Computation], period: ReportingPeriod) -> list[Cell]:
    """Each computation's total in one period, exact: the counts of people of all of them come from one scan
    of the people table."""
    project = period.project
    cubes = Cubes()
    cubes.prefetch(comps, dims=[], project=project, period=period, bands=project.age_bands)
    return [compute(comp, dims=[], project=project, period=period, cubes=cubes).total for comp in comps]


def trends(
    indicators: list[Indicator],
    periods: list[ReportingPeriod],
    *,
    published: bool,
    known: dict[UUID, list[Cell]] | None = None,
) -> list[list[float | None]]:
    """Each indicator's total in each period (None when withheld). `known` holds totals already computed
    for a period (the report's own), by period id, in the order of `indicators`: not counted again."""
    comps = [spec.parse(i.computation) for i in indicators]
    out: list[list[float | None]] = [[] for _ in indicators]
    threshold = settings.SMALL_CELL_THRESHOLD
    known = known or {}
    for period in periods:
        totals = known.get(period.pk) or period_totals(comps, period)
        for comp, series, total in zip(comps, out, totals, strict=True):
            small = total.n < threshold and (total.n > 0 or comp.measure in ("ratio", "median"))
            withheld = (published or spec.restricted(comp)) and small and spec.about_people(comp)
            series.append(None if withheld else total.value)
    return out


__all__ = [
    "Report",
    "format_number",
    "indicator_result",
    "localised",
    "part_result",
    "period_totals",
    "report_build",
    "trends",
]
