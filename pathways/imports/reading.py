"""Open what partners send (CSV in any common encoding, XLSX, KoboToolbox/ODK exports) as rows of cells.

A file that cannot be read at all raises FileRefused with a message for the user; problems of one row are
returned with that row, so the rest of the file can still be checked.
"""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

MAX_BLANK_RUN = 10_000
MAX_FILE_BYTES = 200 * 1024 * 1024
# Limits that keep a hostile or broken file from holding a worker (memory, minutes): each is refused with a
# message before any of it is read further. A 100,000-row registry export is far inside all of them.
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024  # all parts of a workbook, decompressed (zip bombs)
MAX_SHARED_STRINGS_BYTES = 48 * 1024 * 1024  # openpyxl holds the whole shared-strings table in memory
MAX_ZIP_MEMBERS = 2_000
MAX_COLUMNS = 3_000  # a wide Kobo export with one column per choice has some hundreds
MAX_ROWS = 500_000
XML_PROLOG_BYTES = 64 * 1024
# A CSV cell longer than this stops reading (a quote left open swallows the rest of the file); a long cell
# below it refuses only its row (values.MAX_CELL_CHARS).
CSV_FIELD_LIMIT = 4 * 1024 * 1024
HEADER_SEARCH_ROWS = 20
# Keys that identify a submission in KoboToolbox / ODK exports, in order of preference.
SUBMISSION_KEYS = ("_uuid", "meta/instanceID", "meta-instanceID", "instanceID", "KEY", "_id")
csv.field_size_limit(CSV_FIELD_LIMIT)


class FileRefused(Exception):
    """The file as a whole cannot be imported; `message` says why and what to do, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Row:
    number: int  # as the user sees it in a spreadsheet (header is row 1)
    values: dict[str, object]
    problem: str = ""


@dataclass
class Sheet:
    name: str
    headers: list[str]
    first_data_row: int
    _rows: Any = None  # callable returning an iterator of (row_number, list of cells)
    repeats: dict[str, "Sheet"] = field(default_factory=dict)
    ended_early_at: int | None = None
    estimated_rows: int = 0

    def rows(self) -> Iterator[Row]:
        """Yield the non-blank data rows, Kobo repeat groups attached as lists under 'group/field'."""
        attached = {name: _group_by_parent(sheet) for name, sheet in self.repeats.items()}
        index_col = self.headers.index("_index") if "_index" in self.headers else None
        width = len(self.headers)
        blank_run = 0
        last_row = self.first_data_row + MAX_ROWS
        for number, cells, *noted in self._rows():  # type: ignore[operator]
            if number >= last_row:
                _check_length(number - self.first_data_row + 1)
            if not any(c not in (None, "") for c in cells):
                blank_run += 1
                if blank_run >= MAX_BLANK_RUN:
                    self.ended_early_at = number
                    return
                continue
            blank_run = 0
            problem = noted[0] if noted else ""
            if len(cells) > width and any(c not in (None, "") for c in cells[width:]):
                problem = _(
                    "This row has %(n)d cells but the header has %(w)d columns; check the separator "
                    "or quotes in the row above."
                ) % {"n": len(cells), "w": width}
            values = dict(zip(self.headers, cells, strict=False))
            if index_col is not None and attached:
                parent = str(cells[index_col]).removesuffix(".0") if index_col < len(cells) else ""
                for group, by_parent in attached.items():
                    for column, items in by_parent.get(parent, {}).items():
                        values[f"{group}/{column}"] = items
            yield Row(number, values, problem)

    @property
    def all_headers(self) -> list[str]:
        extra = [
            f"{name}/{h}"
            for name, sheet in self.repeats.items()
            for h in sheet.headers
            if not h.startswith("_")
        ]
        return self.headers + extra


def _group_by_parent(sheet: Sheet) -> dict[str, dict[str, list]]:
    parent_col = sheet.headers.index("_parent_index")
    grouped: dict[str, dict[str, list]] = {}
    for _number, cells, *_noted in sheet._rows():  # type: ignore[misc]
        if parent_col >= len(cells) or cells[parent_col] in (None, ""):
            continue
        parent = str(cells[parent_col]).removesuffix(".0")
        target = grouped.setdefault(parent, {})
        for header, value in zip(sheet.headers, cells, strict=False):
            if not header.startswith("_") and value not in (None, ""):
                target.setdefault(header, []).append(value)
    return grouped


@dataclass
class Table:
    format: str
    sheets: list[Sheet]
    encoding: str = ""
    delimiter: str = ""

    def sheet(self, name: str = "") -> Sheet:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        return self.sheets[0]


def _check_headers(headers: list, row_number: int) -> list[str]:
    names = [("" if h is None else str(h)).strip() for h in headers]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise FileRefused(_("The file has no header row; the first row must name the columns."))
    _check_width(len(names))
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if not name:
            names[position - 1] = f"column {_column_letter(position)}"
            continue
        key = name.casefold()
        if key in seen:
            raise FileRefused(
                _(
                    "Columns %(a)s and %(b)s of row %(row)d are both named %(name)s; "
                    "rename one of them so each column has its own name."
                )
                % {
                    "a": _column_letter(seen[key]),
                    "b": _column_letter(position),
                    "row": row_number,
                    "name": repr(name),
                }
            )
        seen[key] = position
    return names


def _check_width(columns: int) -> None:
    if columns > MAX_COLUMNS:
        raise FileRefused(
            _(
                "The file has %(n)s columns; at most %(max)s can be imported. Remove the columns that are "
                "not needed, or check that it is the right file."
            )
            % {"n": f"{columns:,}", "max": f"{MAX_COLUMNS:,}"}
        )


def _check_length(rows: int) -> None:
    if rows > MAX_ROWS:
        raise FileRefused(
            _("The file has more than %(max)s rows; at most %(max)s can be imported at once. Split it.")
            % {"max": f"{MAX_ROWS:,}"}
        )


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# ---- CSV -------------------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding): BOMs first, then UTF-16 without BOM, strict UTF-8, then detection."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _strict(data, encoding), encoding
    sample = data[:4000]
    if len(sample) >= 4 and sample.count(0) > len(sample) // 4:
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return _strict(data, encoding), encoding
    if b"\x00" in sample:
        raise FileRefused(_("This is not a text (CSV) file. Upload a CSV or an Excel .xlsx workbook."))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if error.start > len(data) - 4:
            raise FileRefused(
                _("The file ends in the middle of a character: it was cut short. Export or copy it again.")
            ) from None
    from charset_normalizer import from_bytes

    # Windows-1252 for Latin-script sheets from Excel; cp874/TIS-620 for Thai sheets saved on Thai Windows.
    best = from_bytes(data[:200_000], cp_isolation=["cp1252", "cp874", "tis_620", "latin_1"]).best()
    if best is None:
        raise FileRefused(
            _(
                "The text encoding of this file could not be recognised. "
                "Save it as 'CSV UTF-8' and upload it again."
            )
        )
    encoding = str(best.encoding)
    return _strict(data, encoding), encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise FileRefused(
            _("The file is not valid %(enc)s text: it may be cut short or damaged. Export it again.")
            % {"enc": encoding}
        ) from None


def _sniff(text: str) -> str:
    lines = text[:20000].splitlines()[:20]
    sample = "\n".join(lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: lines[0].count(d) if lines else 0 for d in ",;\t|"}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _csv_refusal(error: csv.Error, row: int) -> FileRefused:
    if "field larger than field limit" in str(error):
        return FileRefused(
            _(
                "Row %(n)d has a cell longer than %(max)s characters (more than a spreadsheet cell can "
                "hold): a quote may be missing, or it is not a spreadsheet."
            )
            % {"n": row, "max": f"{CSV_FIELD_LIMIT:,}"}
        )
    return FileRefused(
        _("Row %(n)d cannot be read (%(e)s); the file may be damaged.") % {"n": row, "e": error}
    )


def open_csv(data: bytes) -> Table:
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    text, encoding = decode(data)
    first_line = text[: text.find("\n") if "\n" in text else len(text)]
    # Refused before sniffing: the sniffer's patterns take minutes over a header of 100,000 columns.
    _check_width(max(first_line.count(d) for d in ",;\t|") + 1)
    _check_length(text.count("\n") - 1)
    delimiter = _sniff(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header_row = 0
    try:
        for header_row, cells in enumerate(reader, start=1):
            if any(c.strip() for c in cells):
                headers = _check_headers(cells, header_row)
                break
            if header_row >= HEADER_SEARCH_ROWS:
                raise FileRefused(
                    _("The first %(n)d rows are empty; the file has no header row.")
                    % {"n": HEADER_SEARCH_ROWS}
                )
        else:
            raise FileRefused(_("The file is empty."))
    except csv.Error as error:
        raise _csv_refusal(error, header_row) from None
    cut_short = not text.endswith(("\n", "\r"))
    if cut_short and header_row:
        try:
            last = next(csv.reader([text.rsplit("\n", 1)[-1]], delimiter=delimiter), [])
        except csv.Error as error:
            raise _csv_refusal(error, text.count("\n") + 1) from None
        if 0 < len(last) < len(headers) and text.count("\n") >= header_row:
            # The last line is shorter than the header and has no line end: the file was cut off, and
            # whatever followed is missing too, so none of it is imported.
            raise FileRefused(
                _("The file ends in the middle of a row: it was cut short. Export or copy it again.")
            )

    def rows() -> Iterator[tuple]:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        number = 0
        pending = None
        try:
            for number, cells in enumerate(reader, start=1):
                if number <= header_row:
                    continue
                if pending:
                    yield pending
                pending = (number, cells)
        except csv.Error as error:
            raise _csv_refusal(error, number + 1) from None
        if pending:
            number, cells = pending
            if cut_short and 0 < len(cells) < len(headers):
                # The last line is shorter than the header and has no line end: the file was cut off.
                yield (
                    number,
                    cells,
                    _("The file ends in the middle of this row: it was cut short. Export it again."),
                )
                return
            yield number, cells

    sheet = Sheet("", headers, header_row + 1, rows, estimated_rows=max(0, text.count("\n") - header_row))
    return Table("csv", [sheet], encoding=encoding, delimiter=delimiter)


# ---- XLSX ------------------------------------------------------------------------------------------------

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _merged_ranges(archive: zipfile.ZipFile, path: str, upto_row: int) -> list[tuple[int, int, int, int]]:
    """Merged ranges touching the first rows; read from the end of the sheet XML without loading it."""
    ranges = []
    tail = b""
    with archive.open(path) as handle:
        while chunk := handle.read(1 << 20):
            buffer = tail + chunk
            if b"mergeCell" in buffer:
                for m in _MERGE.finditer(buffer):
                    r1 = int(m[2])
                    if r1 <= upto_row:
                        ranges.append((r1, _col_number(m[1]), int(m[4]), _col_number(m[3])))
            tail = buffer[-200:]
    return sorted(set(ranges))


def _damaged() -> FileRefused:
    return FileRefused(
        _("The Excel file is damaged or incomplete (it may have been cut short). Save or download it again.")
    )


def check_workbook(path: Path) -> None:
    """Refuse a workbook before any XML of it is parsed: too many parts, parts that expand beyond the limits
    (zip bombs, a shared-strings table of gigabytes), or XML declaring a DTD or entities (external entities,
    "billion laughs"). Only the zip directory and the first bytes of each XML part are read."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _damaged() from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_ZIP_MEMBERS:
            raise FileRefused(
                _("The workbook has %(n)s parts, more than a spreadsheet has; it is not imported.")
                % {"n": f"{len(parts):,}"}
            )
        unzipped = sum(part.file_size for part in parts)
        if unzipped > MAX_UNZIPPED_BYTES:
            raise FileRefused(
                _(
                    "The workbook expands to %(mb)s MB when opened; at most %(max)s MB can be imported. "
                    "Split it, or save it as CSV."
                )
                % {"mb": f"{unzipped // 2**20:,}", "max": f"{MAX_UNZIPPED_BYTES // 2**20:,}"}
            )
        for part in parts:
            name = part.filename.lower()
            if name.endswith("sharedstrings.xml") and part.file_size > MAX_SHARED_STRINGS_BYTES:
                raise FileRefused(
                    _(
                        "The workbook's table of texts expands to %(mb)s MB; at most %(max)s MB can be "
                        "imported. Split it, or save it as CSV."
                    )
                    % {"mb": f"{part.file_size // 2**20:,}", "max": MAX_SHARED_STRINGS_BYTES // 2**20}
                )
            if name.endswith((".xml", ".rels", ".vml")):
                try:
                    with archive.open(part) as handle:
                        prolog = handle.read(XML_PROLOG_BYTES)
                except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
                    raise _damaged() from None
                _check_prolog(prolog)


_ROOT = re.compile(rb"<[A-Za-z_]")


def _check_prolog(prolog: bytes) -> None:
    """Spreadsheet XML never declares a DTD: one that does is refused before a parser sees it, whatever the
    parser would do with its entities."""
    root = _ROOT.search(prolog)
    head = prolog if root is None else prolog[: root.start()]
    if (root is None and prolog.strip()) or b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
        raise FileRefused(
            _(
                "The workbook contains XML declarations (DTD or entities) that spreadsheets never use; "
                "it is not imported. Save it again from Excel or LibreOffice."
            )
        )


def open_xlsx(path: Path) -> Table:
    import openpyxl

    check_workbook(path)
    if not openpyxl.DEFUSEDXML:
        # openpyxl parses with defusedxml (no entity expansion, no external entities) when it is installed.
        raise ImproperlyConfigured("defusedxml must be installed for openpyxl to read uploaded workbooks.")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # anything openpyxl or the XML parser raises about a broken workbook
        raise _damaged() from None
    sheets = []
    for ws in workbook.worksheets:
        if (ws.max_column or 0) > MAX_COLUMNS:
            # A declared size (formatting applied to whole rows) wider than what can be imported: rows are
            # then read as wide as their cells, not padded to the declared width.
            ws.reset_dimensions()
        _check_length(max(0, (ws.max_row or 0) - 1))
        head = []
        number = 0
        try:
            for number, cells in enumerate(  # noqa: B007
                ws.iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS), start=1
            ):
                head.append(list(cells))
                if any(c not in (None, "") for c in cells):
                    break
            else:
                continue  # an empty sheet
        except Exception:
            raise _damaged() from None
        header_row = number
        header_cells = list(head[-1])
        first_data_row = header_row + 1
        merged = _merged_ranges(workbook._archive, ws._worksheet_path, header_row + 1)  # type: ignore[attr-defined]
        spanning = [m for m in merged if m[0] == header_row and m[3] > m[1]]
        if spanning:
            # A merged group header over sub-headers (Kobo and hand-made sheets): "contact" over
            # "phone" and "email" becomes "contact/phone", "contact/email".
            sub = list(next(ws.iter_rows(values_only=True, min_row=header_row + 1, max_row=header_row + 1)))
            width = max(len(header_cells), len(sub))
            header_cells += [None] * (width - len(header_cells))
            sub += [None] * (width - len(sub))
            for _r1, c1, _r2, c2 in spanning:
                for c in range(c1, c2 + 1):
                    if c - 1 < width:
                        header_cells[c - 1] = header_cells[c1 - 1]
            header_cells = [
                f"{top}/{below}" if top not in (None, "") and below not in (None, "") else (top or below)
                for top, below in zip(header_cells, sub, strict=True)
            ]
            first_data_row = header_row + 2
        headers = _check_headers(header_cells, header_row)

        def rows(ws=ws, start=first_data_row) -> Iterator[tuple[int, list]]:
            try:
                for number, cells in enumerate(ws.iter_rows(values_only=True, min_row=start), start=start):
                    yield number, list(cells)
            except FileRefused:
                raise
            except Exception:  # the sheet's XML breaks off or is not what a spreadsheet writes
                raise _damaged() from None

        estimate = max(0, (ws.max_row or 0) - first_data_row + 1)
        sheets.append(Sheet(ws.title, headers, first_data_row, rows, estimated_rows=estimate))
    if not sheets:
        raise FileRefused(_("The workbook has no data: every sheet is empty."))
    # KoboToolbox exports repeat groups as extra sheets pointing at the main sheet's _index.
    main = [s for s in sheets if "_parent_index" not in s.headers]
    repeats = [s for s in sheets if "_parent_index" in s.headers]
    for sheet in main:
        if "_index" in sheet.headers:
            sheet.repeats = {r.name: r for r in repeats}
    return Table("xlsx", main or sheets)


# ---- any file --------------------------------------------------------------------------------------------


def open_table(path: Path, filename: str = "") -> Table:
    """Open a CSV or XLSX file by what its bytes are, whatever its name says."""
    filename = filename or path.name
    size = path.stat().st_size
    if size == 0:
        raise FileRefused(_("The file is empty."))
    if size > MAX_FILE_BYTES:
        raise FileRefused(
            _("The file is %(mb)d MB; at most %(max)d MB can be imported at once. Split it.")
            % {"mb": size // 2**20, "max": MAX_FILE_BYTES // 2**20}
        )
    with open(path, "rb") as handle:
        magic = handle.read(8)
    named_excel = filename.lower().endswith((".xlsx", ".xlsm", ".xls"))
    if magic.startswith(b"PK"):
        return open_xlsx(path)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            _(
                "This is an old Excel 97-2003 (.xls) file. "
                "Open it in Excel or LibreOffice and save it as .xlsx."
            )
        )
    if magic.startswith(b"%PDF"):
        raise FileRefused(_("This is a PDF document, not a spreadsheet. Upload the CSV or .xlsx file."))
    if named_excel:
        raise FileRefused(
            _(
                "The file is named %(name)s but is not an Excel workbook. Open it in Excel and save it "
                "as .xlsx, or upload it as CSV."
            )
            % {"name": filename}
        )
    return open_csv(path.read_bytes())
