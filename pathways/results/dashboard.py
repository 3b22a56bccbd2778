"""The charts of a project's results, built once from a Report: the page, the PDF and the XLSX draw these."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.results import charts
from pathways.results.engine.dimensions import value_choices
from pathways.results.models import ReportingPeriod
from pathways.results.reporting import IndicatorResult, Report, trends


@dataclass
class ChartData:
    progress: list[tuple[str, float | None, str]]  # (label, percent of target, text)
    province_title: str
    by_province: list[tuple[str, float | None, str, dict]]  # (label, value, text, drill-down filter)
    province_indicator: str
    sex_names: list[str]
    by_sex: list[tuple[str, list[float]]]  # (indicator label, value per sex)
    trend_labels: list[str]
    trend: list[tuple[str, list[float | None]]]


# Measures whose values per group do not sum to the whole.
NOT_ADDITIVE = ("ratio", "median")


def _label(result: IndicatorResult) -> str:
    return f"{result.indicator.code} {result.title}"


def chart_data(report: Report) -> ChartData:
    results = report.results
    progress = [
        (
            _label(r),
            r.progress,
            f"{r.progress:.0f}% ({r.total.text} / {r.target:,.0f})"
            if r.progress is not None
            else r.total.text,
        )
        for r in results
        if r.target
    ]
    with_province = next((r for r in results if "province" in r.indicator.disaggregations), None)
    by_province: list = []
    if with_province:
        table = next(t for t in with_province.tables if t.dimension == "province")
        by_province = [
            (label, cells[-1].value, cells[-1].text, cells[-1].where) for label, cells in table.rows[:-1]
        ]
    sexes = value_choices("sex", bands=report.project.age_bands)
    by_sex = []
    for r in results:
        # A bar stacks the sexes' values, so only figures that add up across sexes are stacked: a share
        # (3.1.4's 100 % of women and 50 % of men) or a median would draw a meaningless 150.
        adds_up = r.indicator.computation.get("measure") not in NOT_ADDITIVE
        if "sex" in r.indicator.disaggregations and adds_up:
            by_sex.append(
                (r.indicator.code, [r.shown_by_key.get((("sex", s),)).value or 0 for s, _l in sexes])  # type: ignore[union-attr]
            )
    # Years that have started: one yet to come has no records and would draw every line down to zero.
    periods = list(
        ReportingPeriod.objects.filter(project=report.project, starts_on__lte=timezone.localdate())
        .exclude(label__contains="-")
        .order_by("starts_on")
    )
    charted_results = [r for r in results if r.indicator.computation.get("measure") != "ratio"]
    charted = [r.indicator for r in charted_results]
    # The report's own period is one of the years when it is a year: its totals are already counted.
    known = {report.period.pk: [r.figures.total for r in charted_results]}
    series = trends(charted, periods, published=report.published, known=known)
    trend_series = [(i.code, values) for i, values in zip(charted, series, strict=True)]
    return ChartData(
        progress,
        _label(with_province) if with_province else "",
        by_province,
        with_province.indicator.code if with_province else "",
        [label for _s, label in sexes],
        by_sex,
        [p.label for p in periods],
        trend_series,
    )


def svgs(data: ChartData, *, drill=None) -> dict[str, str]:
    """The four charts (HTML with SVG); `drill(indicator_code, where)` links each province bar to records."""
    empty = _("Nothing to chart for this period.")
    return {
        "progress": charts.bar_chart(
            [charts.Bar(label, min(value or 0, 150), text) for label, value, text in data.progress],
            # xgettext:no-python-format
            title=_("Progress against targets (% of target)"),
            limit=100,
            empty=empty,
        ),
        "province": charts.bar_chart(
            [
                charts.Bar(label, value, text, drill(data.province_indicator, where) if drill else "")
                for label, value, text, where in data.by_province
            ],
            title=_("By province") + f" — {data.province_title}",
            empty=empty,
        ),
        "sex": charts.stacked_bar_chart(
            [code for code, _values in data.by_sex],
            [(name, [values[i] for _c, values in data.by_sex]) for i, name in enumerate(data.sex_names)],
            title=_("By sex"),
            empty=empty,
        ),
        "trend": charts.line_chart(data.trend_labels, data.trend, title=_("Trend over periods")),
    }
