import datetime

import pytest
from django.core.exceptions import ValidationError

from pathways.imports import values
from pathways.imports.reading import FileRefused, open_table
from pathways.imports.tests.files import csv_bytes, xlsx_bytes

HEADERS = ["Name", "Sex", "Village"]


def _rows(tmp_path, content: bytes, name="f.csv", sheet=""):
    path = tmp_path / name
    path.write_bytes(content)
    table = open_table(path, name)
    return table, [r.values for r in table.sheet(sheet).rows()]


@pytest.mark.parametrize(
    "encoding,text",
    [
        ("utf-8", "ສຸກສະຫວັນ"),
        ("utf-8-sig", "ສຸກສະຫວັນ"),
        ("utf-16", "ສຸກສະຫວັນ"),
        ("utf-16-le", "ສຸກສະຫວັນ"),
        ("cp1252", "Hélène Façade"),
        ("cp874", "สมชาย ใจดี"),
    ],
)
def test_csv_in_common_encodings_reads_the_same_text(tmp_path, encoding, text):
    content = csv_bytes(HEADERS, [[text, "F", "Ban Nong"]] * 30, encoding=encoding)
    _table, rows = _rows(tmp_path, content)
    assert rows[0]["Name"] == text and len(rows) == 30


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_sniffed(tmp_path, delimiter):
    table, rows = _rows(tmp_path, csv_bytes(HEADERS, [["Noy, Keo", "F", "Ban Nong"]], delimiter=delimiter))
    assert table.delimiter == delimiter and rows[0]["Name"] == "Noy, Keo"


def test_xlsx_merged_group_headers_become_paths_and_date_cells_stay_dates(tmp_path):
    content = xlsx_bytes(
        {
            "Sheet1": [
                ["Name", "Contact", None, "Born"],
                [None, "Phone", "Email", None],
                ["Noy", 2055551234, "n@example.org", datetime.datetime(1994, 3, 21)],
                ["Keo", "020 5555 1235", "", 34414],
            ]
        },
        merges={"Sheet1": ["B1:C1", "A1:A2", "D1:D2"]},
    )
    table, rows = _rows(tmp_path, content, "f.xlsx")
    assert table.sheets[0].headers == ["Name", "Contact/Phone", "Contact/Email", "Born"]
    assert rows[0]["Contact/Phone"] == 2055551234
    assert values.parse_date(rows[0]["Born"]) == datetime.date(1994, 3, 21)
    assert values.parse_date(rows[1]["Born"]) == datetime.date(1994, 3, 21)  # an Excel serial


def test_xlsx_formulas_are_read_as_their_text_never_evaluated(tmp_path):
    content = xlsx_bytes({"s": [["Name", "Total"], ["Noy", "=1+1"], ["Keo", '=HYPERLINK("http://x","y")']]})
    _table, rows = _rows(tmp_path, content, "f.xlsx")
    assert [r["Total"] for r in rows] == ["=1+1", '=HYPERLINK("http://x","y")']
    with pytest.raises(ValidationError, match="formula"):
        values.clean_text(rows[0]["Total"])


def test_kobo_repeat_groups_are_attached_to_their_parent_row(tmp_path):
    content = xlsx_bytes(
        {
            "intake": [["name", "_uuid", "_index"], ["Noy", "u1", 1], ["Keo", "u2", 2]],
            "phones": [
                ["phone", "_index", "_parent_index", "_parent_table_name"],
                ["020 5555 1234", 1, 1, "intake"],
                ["020 5555 1299", 2, 1, "intake"],
            ],
        }
    )
    table, rows = _rows(tmp_path, content, "f.xlsx")
    assert [s.name for s in table.sheets] == ["intake"]
    assert "phones/phone" in table.sheets[0].all_headers
    assert rows[0]["phones/phone"] == ["020 5555 1234", "020 5555 1299"]
    assert "phones/phone" not in rows[1]


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("21/03/1994", datetime.date(1994, 3, 21)),
        ("1994-03-21", datetime.date(1994, 3, 21)),
        ("21-03-2537", datetime.date(1994, 3, 21)),  # Buddhist era
        ("2564-01-02", datetime.date(2021, 1, 2)),
        ("34414", datetime.date(1994, 3, 21)),  # Excel serial as text
        (34414.0, datetime.date(1994, 3, 21)),
        (datetime.datetime(2564, 1, 2), datetime.date(2021, 1, 2)),
        ("", None),
        ("03/21/1994", datetime.date(1994, 3, 21)),  # month first: 21 cannot be a month
        ("21.03.94", datetime.date(1994, 3, 21)),
        ("34414.5", datetime.date(1994, 3, 21)),  # a serial with a time of day
        ("๒๑/๐๓/๒๕๓๗", datetime.date(1994, 3, 21)),  # Thai digits, Buddhist era
        ("໒໑/໐໓/໑໙໙໔", datetime.date(1994, 3, 21)),  # Lao digits
        ("21 มี.ค. 2537", datetime.date(1994, 3, 21)),
        ("21 มีนาคม 2537", datetime.date(1994, 3, 21)),
        ("21 ມີນາ 1994", datetime.date(1994, 3, 21)),
        ("21-Mar-1994", datetime.date(1994, 3, 21)),
        ("March 21, 1994", datetime.date(1994, 3, 21)),
    ],
)
def test_dates_in_the_shapes_partners_send(raw, expected):
    assert values.parse_date(raw) == expected


@pytest.mark.parametrize(
    "raw,expected",
    [("1994", 1994), ("2537", 1994), (1994.0, 1994), ("๒๕๓๗", 1994), ("05/1994", 1994), ("1994-05", 1994)],
)
def test_a_year_alone_is_read_as_a_year(raw, expected):
    assert values.read_date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/1994", "1994", "yesterday"])
def test_impossible_dates_are_refused_with_the_expected_shape(raw):
    with pytest.raises(ValidationError, match=r"date|year"):
        values.parse_date(raw)


def test_buddhist_era_birth_year_is_converted():
    assert values.parse_year("2564") == 2021 and values.parse_year(1990.0) == 1990


def test_zawgyi_burmese_is_converted_to_unicode_and_unicode_left_alone():
    assert values.clean_text("ျမန္မာ") == "မြန်မာ"
    assert values.clean_text("မြန်မာ") == "မြန်မာ"


def test_a_file_that_is_not_a_spreadsheet_is_refused_by_content_not_name(tmp_path):
    path = tmp_path / "people.xlsx"
    path.write_bytes(b"%PDF-1.4 nothing here")
    with pytest.raises(FileRefused, match="PDF"):
        open_table(path)
