"""Small files made on the fly for the tests (no binary blobs in the repository)."""

import io

import openpyxl

KOBO_HEADERS = [
    "start",
    "end",
    "respondent/given_name",
    "respondent/family_name",
    "respondent/sex",
    "respondent/dob",
    "home/province",
    "home/district",
    "contact/phone",
    "services_needed",
    "_id",
    "_uuid",
    "_submission_time",
    "_index",
]
KOBO_ROWS = [
    [
        "2024-05-01T09:00",
        "2024-05-01T09:10",
        "Souksavanh",
        "Phommachanh",
        "female",
        "1994-03-21",
        "Savannakhet",
        "Kaysone",
        "020 5555 1234",
        "training jobs",
        101,
        "uuid-aaa-1",
        "2024-05-01T09:11:00",
        1,
    ],
    [
        "2024-05-01T10:00",
        "2024-05-01T10:10",
        "Bounmy",
        "Sihalath",
        "male",
        "12/07/1990",
        "VTE",
        "Chanthabouly",
        "+856 20 5555 1235",
        "jobs",
        102,
        "uuid-aaa-2",
        "2024-05-01T10:11:00",
        2,
    ],
    [
        "2024-05-02T10:00",
        "2024-05-02T10:10",
        "Daovone",
        "",
        "female",
        "2535-01-15",
        "Champasack",
        "Pakse",
        "",
        "",
        103,
        "uuid-aaa-3",
        "2024-05-02T10:11:00",
        3,
    ],
]


def csv_bytes(headers, rows, *, encoding="utf-8", delimiter=",") -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        ws = workbook.create_sheet(name)
        for row in rows:
            ws.append(row)
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def kobo_xlsx() -> bytes:
    return xlsx_bytes({"returnee intake": [KOBO_HEADERS, *KOBO_ROWS]})
