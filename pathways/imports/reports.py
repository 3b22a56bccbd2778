"""The downloadable report of rejected rows, values left out (warnings) and flagged rows, in the user's
language, as CSV or XLSX."""

import io

from django.utils.translation import gettext as _

from pathways.core.exports import safe_cell
from pathways.imports.models import ImportJob, RowIssue


def rejection_rows(job: ImportJob) -> list[list]:
    """Header and one line per problem: row number, column, what is wrong (formula-safe cells)."""
    labels = {
        RowIssue.REJECTED: _("rejected"),
        RowIssue.WARNING: _("imported without this value"),
        RowIssue.DUPLICATE: _("likely duplicate"),
        RowIssue.EXCLUDED: _("not imported: not approved"),
    }
    rows: list[list] = [[_("Row"), _("Column"), _("Value"), _("Outcome"), _("Reason")]]
    for issue in job.issues.all().iterator(chunk_size=2000):
        rows.append(
            [
                issue.row,
                safe_cell(issue.column),
                safe_cell(issue.value),
                labels.get(issue.level, issue.level),
                safe_cell(issue.message),
            ]
        )
    return rows


def as_xlsx(rows: list[list], sheet: str) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    # strings_to_formulas off: a cell is never turned into a formula, whatever it starts with.
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            worksheet.write(r, c, value, bold if r == 0 else None)
    workbook.close()
    return buffer.getvalue()
