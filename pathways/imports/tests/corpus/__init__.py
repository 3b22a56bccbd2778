"""A corpus of bad input, generated rather than stored: each file, and the message it must get.

    python -m pathways.imports.tests.corpus OUT_DIR    # write the files to look at them

`when` says where the refusal happens: "upload" (the file is refused before any job exists), "run" (the
job fails with the message), or "rows" (every row is rejected with the message in the report).
"""

import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pathways.imports.tests.files import csv_bytes, xlsx_bytes

HEADERS = ["name", "sex", "status", "phone"]
GOOD = [["Noy", "F", "returnee", "020 5555 1234"], ["Keo", "M", "returnee", "020 5555 1235"]]


@dataclass
class Bad:
    name: str
    content: bytes
    when: str
    message: str


def _xlsx_without_shared_parts() -> bytes:
    data = io.BytesIO(xlsx_bytes({"s": [HEADERS, *GOOD]}))
    out = io.BytesIO()
    with zipfile.ZipFile(data) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            if item.filename != "xl/workbook.xml":
                dst.writestr(item, src.read(item))
    return out.getvalue()


def corpus() -> list[Bad]:
    good_xlsx = xlsx_bytes({"s": [HEADERS, *GOOD]})
    good_csv = csv_bytes(HEADERS, GOOD)
    return [
        Bad("empty.csv", b"", "upload", "The file is empty"),
        Bad("only-spaces.csv", b"  \r\n \r\n", "upload", "The file is empty"),
        Bad("header-only.csv", csv_bytes(HEADERS, []), "run", "no data rows"),
        Bad("truncated.xlsx", good_xlsx[: len(good_xlsx) // 2], "upload", "damaged or incomplete"),
        Bad("no-workbook-part.xlsx", _xlsx_without_shared_parts(), "upload", "damaged or incomplete"),
        Bad("truncated.csv", good_csv[:-20], "upload", "cut short"),
        Bad("truncated-utf16.csv", csv_bytes(HEADERS, GOOD, encoding="utf-16")[:-1], "upload", "cut short"),
        Bad("csv-named.xlsx", good_csv, "upload", "not an Excel workbook"),
        Bad("pdf-named.xlsx", b"%PDF-1.7\n%binary\n", "upload", "PDF document"),
        Bad("old-excel.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "upload", "Excel 97-2003"),
        Bad("binary.csv", bytes(range(256)) * 20, "upload", "not a text (CSV) file"),
        Bad(
            "duplicated-headers.csv",
            csv_bytes(["name", "sex", "Name", "status"], [["a", "F", "b", "returnee"]]),
            "upload",
            "both named",
        ),
        Bad(
            "duplicated-headers.xlsx",
            xlsx_bytes({"s": [["name", "phone", "sex", "phone"], ["a", "1", "F", "2"]]}),
            "upload",
            "both named",
        ),
        Bad(
            "unclosed-quote.csv",
            csv_bytes(HEADERS, GOOD) + b'Noy,F,returnee,"020' + b" 5555" * 1_000_000,
            "upload",
            "longer than 4,194,304 characters",
        ),
        Bad(
            "megabyte-cell.csv",
            csv_bytes(HEADERS, [["N" * 1_048_576, "F", "returnee", ""]]),
            "rows",
            "1,048,576 characters",
        ),
        Bad(
            "formulas.xlsx",
            xlsx_bytes({"s": [HEADERS, *[[f"=A{i}&B{i}", "F", "returnee", ""] for i in range(2, 30)]]}),
            "rows",
            "formula",
        ),
    ]


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-out")
    out.mkdir(parents=True, exist_ok=True)
    for bad in corpus():
        (out / bad.name).write_bytes(bad.content)
        print(f"{bad.name:28} {len(bad.content):>9} bytes  {bad.when:6} {bad.message}")
