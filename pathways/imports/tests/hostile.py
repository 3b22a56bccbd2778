"""Hostile files, generated in the tests (nothing binary is stored): each must be refused at upload within
seconds and a bounded amount of memory, with a message a person can act on, and leave nothing behind.

    python -m pathways.imports.tests.hostile OUT_DIR    # write the files to look at them
"""

import io
import sys
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pathways.imports.tests.files import csv_bytes, xlsx_bytes

HEADERS = ["name", "sex", "status", "phone"]
GOOD = [["Noy", "F", "returnee", "020 5555 1234"], ["Keo", "M", "returnee", "020 5555 1235"]]
MB = 1 << 20


@dataclass
class Hostile:
    name: str
    content: bytes
    message: str


class _RepeatingDeflate:
    """A deflate compressor that compresses a repeated block once: after a full flush the compressor starts
    afresh, so the same input gives the same bytes. Writes a genuine (CRC-correct) bomb in a second."""

    def __init__(self, block: bytes):
        self.block = block
        self.compressed: bytes | None = None
        self.zlib = zlib.compressobj(9, zlib.DEFLATED, -15)

    def compress(self, data: bytes) -> bytes:
        if data is self.block and self.compressed is not None:
            return self.compressed
        out = self.zlib.compress(data) + self.zlib.flush(zlib.Z_FULL_FLUSH)
        if data is self.block:
            self.compressed = out
        return out

    def flush(self) -> bytes:
        return self.zlib.flush()


@contextmanager
def _repeating(block: bytes):
    original = zipfile._get_compressor  # type: ignore[attr-defined]
    zipfile._get_compressor = lambda *args, **kwargs: _RepeatingDeflate(block)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        zipfile._get_compressor = original  # type: ignore[attr-defined]


def _workbook(replace: dict[str, tuple[bytes, bytes, bytes, int]] | None = None, add=None) -> bytes:
    """A good workbook with parts replaced (or added): name -> (head, block, tail, times the block)."""
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes({"s": [HEADERS, *GOOD]})))
    parts = {**(replace or {}), **(add or {})}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as workbook:
        for item in good.infolist():
            if item.filename not in parts:
                workbook.writestr(item.filename, good.read(item))
        for name, (head, block, tail, times) in parts.items():
            with _repeating(block), workbook.open(name, "w", force_zip64=True) as part:
                part.write(head)
                for _time in range(times):
                    part.write(block)
                part.write(tail)
    return out.getvalue()


def _sheet_with_prolog(prolog: bytes) -> bytes:
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes({"s": [HEADERS, *GOOD]})))
    sheet = good.read("xl/worksheets/sheet1.xml")
    if sheet.startswith(b"<?xml"):
        sheet = sheet.partition(b"?>")[2]
    head = b'<?xml version="1.0" encoding="UTF-8"?>' + prolog
    return _workbook(replace={"xl/worksheets/sheet1.xml": (head, b"", sheet, 0)})


BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def hostile_files() -> list[Hostile]:
    sst_block = b"<si><t>x</t></si>" * (MB // 17)
    return [
        Hostile(
            "zip-bomb.xlsx",
            _workbook(add={"xl/media/image1.bin": (b"", b"\0" * MB, b"", 600)}),
            "expands to 600 MB",
        ),
        Hostile(
            "shared-strings-bomb.xlsx",
            _workbook(
                replace={
                    "xl/sharedStrings.xml": (
                        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main">',
                        sst_block,
                        b"</sst>",
                        60,
                    )
                }
            ),
            "table of texts expands",
        ),
        Hostile(
            "external-entity.xlsx",
            _sheet_with_prolog(b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
            "DTD or entities",
        ),
        Hostile("billion-laughs.xlsx", _sheet_with_prolog(BILLION_LAUGHS), "DTD or entities"),
        Hostile(
            "dtd-after-padding.xlsx",
            _sheet_with_prolog(b"<!--" + b" " * 70_000 + b"-->" + BILLION_LAUGHS),
            "DTD or entities",
        ),
        Hostile(
            "100000-columns.csv",
            csv_bytes([f"c{i}" for i in range(100_000)], [["x"] * 100_000]),
            "100,000 columns",
        ),
        Hostile(
            "too-many-rows.csv",
            b"name,sex,status\r\n" + b"Noy,F,returnee\r\n" * 500_001,
            "more than 500,000 rows",
        ),
    ]


if __name__ == "__main__":
    import django

    django.setup()
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    for hostile in hostile_files():
        (folder / hostile.name).write_bytes(hostile.content)
