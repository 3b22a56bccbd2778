"""Files that leave the system: the donor report (XLSX, PDF, JSON) and HXL CSV (DHIS2: results/dhis2/).

Every one is built from a *published* report, so small cells are always suppressed in them. For analysts,
numbers are numbers (numeric cells, JSON numbers, an HXL numeric column), a withheld figure is an empty value
with the reason in a column of its own, every figure carries its unit, and provinces their ISO 3166-2 code
beside their name. `tidy_rows` is the one long table (one row per indicator, breakdown, category and sex)
behind the HXL CSV and the workbook's data sheet.
"""

import csv
import io
import json
from dataclasses import astuple, dataclass, fields

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pathways.core.exports import safe_cell
from pathways.core.pdftext import fix_text_extraction
from pathways.results.dashboard import chart_data, svgs
from pathways.results.engine.suppression import PRIMARY, SECONDARY
from pathways.results.reporting import UNITS, Report, Shown, localised, unit_code

LANGUAGES = ("en", "lo")
# Why a figure is withheld, as the exports name it (engine.suppression's reasons).
SUPPRESSED = {PRIMARY: "small_count", SECONDARY: "complementary"}


def suppression_notes(threshold: int) -> dict[str, str]:
    return {
        "small_count": _("A count of people from 1 to %(n)d, withheld so that nobody can be singled out.")
        % {"n": threshold - 1},
        "complementary": _("Withheld so that a small count cannot be worked out from a total."),
    }


def _figure(shown: Shown) -> dict:
    return {"value": shown.value, "suppressed": SUPPRESSED.get(shown.withheld or "")}


def report_json(report: Report) -> dict:
    """The report as JSON numbers: each figure {"value": number or null, "suppressed": null or a reason}."""
    return {
        "project": report.project.code,
        "period": report.period.label,
        "period_start": report.period.starts_on.isoformat(),
        "period_end": report.period.ends_on.isoformat(),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "small_cell_threshold": report.threshold,
        "suppressed": suppression_notes(report.threshold),
        "outcomes": [
            {
                "code": node.code,
                "title": localised(node),
                "indicators": [
                    {
                        "code": r.indicator.code,
                        "title": r.title,
                        "unit": unit_code(r.indicator.unit),
                        "baseline": None if r.indicator.baseline is None else float(r.indicator.baseline),
                        "target": None if r.target is None else float(r.target),
                        **_figure(r.total),
                        "progress_percent": r.progress,
                        "not_disaggregated_by": r.not_disaggregated_by,
                        "tables": [
                            {
                                "dimension": t.dimension,
                                "title": t.title,
                                "columns": [{"sex": sex, "label": label} for sex, label in t.columns],
                                "rows": [
                                    {"category": value, "label": label, "cells": [_figure(c) for c in cells]}
                                    for value, (label, cells) in zip(t.values, t.rows, strict=True)
                                ],
                            }
                            for t in r.tables
                        ],
                    }
                    for r in results
                ],
            }
            for node, results in report.sections
        ],
    }


@dataclass(frozen=True)
class TidyRow:
    """One figure of the long table. Field names are the columns' names (stable codes analysts' scripts
    can rely on, in every language); HXL below gives their hashtags."""

    project: str
    period: str
    period_start: str
    period_end: str
    indicator: str
    indicator_name: str
    unit: str
    dimension: str  # "total", or the breakdown: age_band, disability, province, migrant_status
    category: str  # the breakdown's value: an ISO 3166-2 code, an age band, "unknown"...; "" for the total
    category_name: str
    adm1_code: str  # a province's ISO 3166-2 code (province rows only)
    adm1_name: str
    sex: str  # female, male, other; "" for both sexes together
    sex_name: str
    value: int | float | None  # None when withheld
    suppressed: str  # "", "small_count" or "complementary"


COLUMNS = [f.name for f in fields(TidyRow)]
HXL = {
    "project": "#activity+code",
    "period": "#meta+period",  # a label (2023-H1), not a date: its dates are the next two columns
    "period_start": "#date+start",
    "period_end": "#date+end",
    "indicator": "#indicator+code",
    "indicator_name": "#indicator+name",
    "unit": "#indicator+unit",
    "dimension": "#meta+dimension",
    "category": "#meta+category+code",
    "category_name": "#meta+category+name",
    "adm1_code": "#adm1+code",
    "adm1_name": "#adm1+name",
    "sex": "#meta+sex+code",
    "sex_name": "#meta+sex+name",
    "value": "#indicator+value+num",
    "suppressed": "#indicator+suppressed",
}


def tidy_rows(report: Report) -> list[TidyRow]:
    """Every published figure once: for each indicator the total, then each breakdown's categories, each
    for both sexes together and, where the indicator is by sex, for each sex."""
    period = report.period
    common = (report.project.code, period.label, period.starts_on.isoformat(), period.ends_on.isoformat())
    out = []
    for r in report.results:
        ind = (r.indicator.code, r.title, unit_code(r.indicator.unit))
        tables = [t for t in r.tables if t.dimension != "sex"]
        by_sex = next((t for t in r.tables if t.dimension == "sex"), None)
        columns = tables[0].columns if tables else [("", _("Total"))]
        # The total row of any table is the indicator's total by sex; a table by sex alone holds it as rows.
        total_cells = tables[0].rows[-1][1] if tables else [r.total]
        if by_sex is not None:
            columns = [(v, label) for v, (label, _c) in zip(by_sex.values, by_sex.rows, strict=True)]
            total_cells = [cells[0] for _label, cells in by_sex.rows]
        rows: list[tuple[str, str, str, list[tuple[tuple[str, str], Shown]]]] = [
            ("total", "", str(_("Total")), list(zip(columns, total_cells, strict=True)))
        ]
        for t in tables:
            for value, (label, cells) in zip(t.values[:-1], t.rows[:-1], strict=True):
                rows.append((t.dimension, value, label, list(zip(t.columns, cells, strict=True))))
        for dimension, value, label, pairs in rows:
            province = dimension == "province" and value != "unknown"
            for (sex, sex_label), shown in sorted(pairs, key=lambda pair: pair[0][0] != ""):
                out.append(
                    TidyRow(
                        *common,
                        *ind,
                        dimension,
                        value,
                        label,
                        value if province else "",
                        label if province else "",
                        sex,
                        sex_label if sex else "",
                        shown.value,
                        SUPPRESSED.get(shown.withheld or "", ""),
                    )
                )
    return out


def report_hxl_csv(report: Report) -> str:
    """The long table as CSV, an HXL hashtag row under the header (https://hxlstandard.org)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    writer.writerow(HXL[c] for c in COLUMNS)
    for row in tidy_rows(report):
        writer.writerow(["" if v is None else safe_cell(v) for v in astuple(row)])
    return buf.getvalue()


def report_xlsx(report: Report) -> bytes:
    """A summary sheet with native charts, a sheet per outcome with every disaggregated table, and the long
    table for analysts ("data": one header row, numeric values, `tidy_rows`).

    xlsxwriter cannot embed SVG, so the spreadsheet draws the same data as Excel's own charts.
    """
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#dde6f0", "border": 1})
    cell = book.add_format({"border": 1, "align": "right"})
    title = book.add_format({"bold": True, "font_size": 14})
    summary = book.add_worksheet(_("Summary")[:31])
    summary.set_column(0, 0, 60)
    summary.set_column(1, 6, 14)
    summary.write(0, 0, f"{report.project.code} — {report.period.label}", title)
    summary.write(
        1,
        0,
        _(
            "Counts below %(n)d are shown as <%(n)d; x marks a figure withheld so that a small count "
            "cannot be worked out from a total."
        )
        % {"n": report.threshold},
    )
    headings = [_("Indicator"), _("Unit"), _("Baseline"), _("Target"), _("Result"), _("Withheld")]
    # xgettext:no-python-format
    summary.write_row(3, 0, [*headings, _("% of target")], head)
    row = 4
    for r in report.results:
        summary.write(row, 0, safe_cell(f"{r.indicator.code} {r.title}"), cell)
        summary.write(row, 1, str(UNITS.get(unit_code(r.indicator.unit), r.indicator.unit)), cell)
        summary.write(row, 2, "" if r.indicator.baseline is None else float(r.indicator.baseline), cell)
        summary.write(row, 3, "" if r.target is None else float(r.target), cell)
        _write_figure(summary, row, 4, r.total, cell)
        summary.write(row, 5, r.total.text if r.total.withheld else "", cell)
        summary.write(row, 6, "" if r.progress is None else r.progress, cell)
        row += 1
    chart = book.add_chart({"type": "bar"})
    chart.add_series(
        {
            # xgettext:no-python-format
            "name": _("% of target"),
            "categories": [summary.name, 4, 0, row - 1, 0],
            "values": [summary.name, 4, 6, row - 1, 6],
        }
    )
    # xgettext:no-python-format
    chart.set_title({"name": _("Progress against targets (% of target)")})
    chart.set_legend({"none": True})
    summary.insert_chart(row + 2, 0, chart, {"x_scale": 1.5})
    for n, (node, results) in enumerate(report.sections, start=1):
        sheet = book.add_worksheet(f"{n} {node.code}"[:31])
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 7, 12)
        sheet.write(0, 0, safe_cell(f"{node.code} {localised(node)}"), title)
        r_i = 2
        for r in results:
            sheet.write(r_i, 0, safe_cell(f"{r.indicator.code} {r.title}"), bold)
            sheet.write(r_i + 1, 0, safe_cell(r.indicator.definition))
            sheet.write(r_i + 2, 0, _("Result"))
            _write_figure(sheet, r_i + 2, 1, r.total, cell)
            sheet.write(r_i + 2, 2, str(UNITS.get(unit_code(r.indicator.unit), r.indicator.unit)))
            sheet.write(r_i + 2, 3, _("Target"))
            sheet.write(r_i + 2, 4, "" if r.target is None else float(r.target), cell)
            r_i += 4
            if r.note:
                sheet.write(r_i - 1, 0, r.note)
                r_i += 1
            for table in r.tables:
                # Provinces carry their ISO 3166-2 code beside their name, for maps and joins.
                coded = table.dimension == "province"
                first_cell = 2 if coded else 1
                sheet.write(r_i, 0, table.title, head)
                if coded:
                    sheet.write(r_i, 1, _("Code"), head)
                sheet.write_row(r_i, first_cell, [label for _v, label in table.columns], head)
                r_i += 1
                first = r_i
                for value, (label, cells) in zip(table.values, table.rows, strict=True):
                    sheet.write(r_i, 0, safe_cell(label), cell)
                    if coded:
                        sheet.write(r_i, 1, value if value != "unknown" else "", cell)
                    for c_i, c in enumerate(cells, start=first_cell):
                        _write_figure(sheet, r_i, c_i, c, cell)
                    r_i += 1
                if coded and table.rows:
                    total_column = first_cell + len(table.columns) - 1
                    ch = book.add_chart({"type": "bar"})
                    ch.add_series(
                        {
                            "name": table.title,
                            "categories": [sheet.name, first, 0, r_i - 2, 0],
                            "values": [sheet.name, first, total_column, r_i - 2, total_column],
                        }
                    )
                    ch.set_title({"name": f"{r.indicator.code} — {table.title}"})
                    ch.set_legend({"none": True})
                    sheet.insert_chart(first - 1, total_column + 2, ch)
                r_i += 1
            r_i += 1
    _data_sheet(book, report)
    book.close()
    return out.getvalue()


def _write_figure(sheet, row: int, column: int, shown: Shown, fmt) -> None:
    """A figure as a number; a withheld one as it is published (<5, x), the only text in a figure's place."""
    if shown.withheld is None and isinstance(shown.value, int | float):
        sheet.write_number(row, column, shown.value, fmt)
    else:
        sheet.write_string(row, column, shown.text, fmt)


def _data_sheet(book, report: Report) -> None:
    """The long table: one header row of column codes, then one row per figure; values are numbers, empty
    when withheld (the reason in `suppressed`): pandas.read_excel(path, sheet_name="data") reads it as is."""
    sheet = book.add_worksheet("data")
    sheet.write_row(0, 0, COLUMNS, book.add_format({"bold": True}))
    value_at = COLUMNS.index("value")
    rows = tidy_rows(report)
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(astuple(row)):
            if j == value_at:
                if v is not None:
                    sheet.write_number(i, j, v)
            elif v:
                sheet.write_string(i, j, safe_cell(v))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(COLUMNS) - 1)


def report_html(report: Report, *, language: str) -> str:
    with translation.override(language):
        data = chart_data(report)
        return render_to_string(
            "results/report_pdf.html",
            {"report": report, "charts": svgs(data), "language": language, "generated": timezone.now()},
        )


def report_pdf(report: Report, *, language: str = "en") -> bytes:
    from weasyprint import HTML

    fix_text_extraction()

    return HTML(string=report_html(report, language=language)).write_pdf()


def report_file(report: Report, fmt: str, *, language: str = "en") -> bytes:
    if fmt == "xlsx":
        with translation.override(language):
            return report_xlsx(report)
    if fmt == "pdf":
        return report_pdf(report, language=language)
    if fmt == "json":
        with translation.override(language):
            return json.dumps(report_json(report), ensure_ascii=False, indent=2).encode()
    raise ValueError(f"Unknown format {fmt!r}: use xlsx, pdf or json.")
