"""Files that leave the system: the donor report (XLSX, PDF, JSON) and HXL CSV (DHIS2: results/dhis2/).

Every one is built from a *published* report, so small cells are always suppressed in them.
"""

import csv
import io
import json

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pathways.core.exports import safe_cell
from pathways.results.dashboard import chart_data, svgs
from pathways.results.reporting import Report, localised

LANGUAGES = ("en", "lo")


def report_json(report: Report) -> dict:
    return {
        "project": report.project.code,
        "period": report.period.label,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "small_cell_threshold": report.threshold,
        "outcomes": [
            {
                "code": node.code,
                "title": localised(node),
                "indicators": [
                    {
                        "code": r.indicator.code,
                        "title": r.title,
                        "unit": r.indicator.unit,
                        "baseline": None if r.indicator.baseline is None else float(r.indicator.baseline),
                        "target": None if r.target is None else float(r.target),
                        "value": r.total.text,
                        "not_disaggregated_by": r.not_disaggregated_by,
                        "tables": [
                            {
                                "dimension": t.dimension,
                                "columns": [label for _v, label in t.columns],
                                "rows": [
                                    {"label": label, "cells": [c.text for c in cells]}
                                    for label, cells in t.rows
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


def report_xlsx(report: Report) -> bytes:
    """A summary sheet with native charts, then a sheet per outcome with every disaggregated table.

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
    summary.set_column(1, 5, 14)
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
    # xgettext:no-python-format
    summary.write_row(3, 0, [_("Indicator"), _("Baseline"), _("Target"), _("Result"), _("% of target")], head)
    row = 4
    for r in report.results:
        summary.write(row, 0, safe_cell(f"{r.indicator.code} {r.title}"), cell)
        summary.write(row, 1, "" if r.indicator.baseline is None else float(r.indicator.baseline), cell)
        summary.write(row, 2, "" if r.target is None else float(r.target), cell)
        summary.write(
            row,
            3,
            r.total.value if r.total.withheld is None and r.total.value is not None else r.total.text,
            cell,
        )
        summary.write(row, 4, "" if r.progress is None else r.progress, cell)
        row += 1
    chart = book.add_chart({"type": "bar"})
    chart.add_series(
        {
            # xgettext:no-python-format
            "name": _("% of target"),
            "categories": [summary.name, 4, 0, row - 1, 0],
            "values": [summary.name, 4, 4, row - 1, 4],
        }
    )
    # xgettext:no-python-format
    chart.set_title({"name": _("Progress against targets (% of target)")})
    chart.set_legend({"none": True})
    summary.insert_chart(row + 2, 0, chart, {"x_scale": 1.5})
    for n, (node, results) in enumerate(report.sections, start=1):
        sheet = book.add_worksheet(f"{n} {node.code}"[:31])
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 6, 12)
        sheet.write(0, 0, safe_cell(f"{node.code} {localised(node)}"), title)
        r_i = 2
        for r in results:
            sheet.write(r_i, 0, safe_cell(f"{r.indicator.code} {r.title}"), bold)
            sheet.write(r_i + 1, 0, safe_cell(r.indicator.definition))
            sheet.write(r_i + 2, 0, _("Result"))
            sheet.write(r_i + 2, 1, r.total.text, cell)
            sheet.write(r_i + 2, 2, _("Target"))
            sheet.write(r_i + 2, 3, "" if r.target is None else float(r.target), cell)
            r_i += 4
            if r.note:
                sheet.write(r_i - 1, 0, r.note)
                r_i += 1
            for table in r.tables:
                sheet.write(r_i, 0, table.title, head)
                sheet.write_row(r_i, 1, [label for _v, label in table.columns], head)
                r_i += 1
                first = r_i
                for label, cells in table.rows:
                    sheet.write(r_i, 0, safe_cell(label), cell)
                    for c_i, c in enumerate(cells, start=1):
                        numeric = c.withheld is None and isinstance(c.value, int | float)
                        sheet.write(r_i, c_i, c.value if numeric else c.text, cell)
                    r_i += 1
                if table.dimension == "province" and table.rows:
                    ch = book.add_chart({"type": "bar"})
                    ch.add_series(
                        {
                            "name": table.title,
                            "categories": [sheet.name, first, 0, r_i - 2, 0],
                            "values": [sheet.name, first, len(table.columns), r_i - 2, len(table.columns)],
                        }
                    )
                    ch.set_title({"name": f"{r.indicator.code} — {table.title}"})
                    ch.set_legend({"none": True})
                    sheet.insert_chart(first - 1, len(table.columns) + 2, ch)
                r_i += 1
            r_i += 1
    book.close()
    return out.getvalue()


def report_html(report: Report, *, language: str) -> str:
    with translation.override(language):
        data = chart_data(report)
        return render_to_string(
            "results/report_pdf.html",
            {"report": report, "charts": svgs(data), "language": language, "generated": timezone.now()},
        )


def report_pdf(report: Report, *, language: str = "en") -> bytes:
    from weasyprint import HTML

    return HTML(string=report_html(report, language=language)).write_pdf()


HXL = {
    "project": "#activity+project+code",
    "period": "#date+period",
    "indicator": "#indicator+code",
    "title": "#indicator+name",
    "dimension": "#meta+dimension",
    "value_label": "#meta+value",
    "sex": "#meta+sex",
    "figure": "#indicator+value+num",
}


def report_hxl_csv(report: Report) -> str:
    """Every published figure as a long CSV with an HXL hashtag row under the header."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(list(HXL))
    writer.writerow(list(HXL.values()))
    for r in report.results:
        writer.writerow(
            [
                report.project.code,
                report.period.label,
                r.indicator.code,
                safe_cell(r.title),
                "total",
                "",
                "",
                r.total.text,
            ]
        )
        for table in r.tables:
            for label, cells in table.rows[:-1]:
                for (sex, sex_label), c in zip(table.columns, cells, strict=True):
                    writer.writerow(
                        [
                            report.project.code,
                            report.period.label,
                            r.indicator.code,
                            safe_cell(r.title),
                            table.dimension,
                            safe_cell(label),
                            sex_label if sex else "",
                            c.text,
                        ]
                    )
    return buf.getvalue()


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
