"""Files shaped like the partners' own: a registry export several partners filled in their own ways (dates,
names, phones), and what each convention becomes."""

import datetime

import pytest

from pathways.imports import services
from pathways.imports.tests.files import csv_bytes, xlsx_bytes
from pathways.people.models import Person
from pathways.people.names import without_title

REGISTRY_HEADERS = ["Partner", "No.", "Given name", "Family name", "Sex", "Date of birth", "Phone", "Status"]


def _registry_rows():
    # One column of birth dates as four partners write them: full dates day first, years alone, Buddhist-era
    # years and dates, Excel serials, month first from a US-set Excel, month names, Lao and Thai digits.
    return [
        ["VWU", 1, "Souksavanh", "Phommachanh", "F", "21/03/1994", "020 5555 1234", "returnee"],
        ["VWU", 2, "Bounmy", "Sihalath", "M", 1990, "020 5555 1235", "returnee"],
        ["MRC", 3, "Daovone", "Keo", "F", "2537", "020 5555 1236", "returnee"],
        ["MRC", 4, "Noy", "Vongsa", "F", "05/06/2541", "", "returnee"],
        ["MRC", 5, "Keo", "Inthavong", "M", 34414, "", "returnee"],
        ["CAMKID", 6, "Phet", "Sayavong", "M", "03/21/1994", "020 1234 5678", "returnee"],
        ["CAMKID", 7, "Manivanh", "Keo", "F", "21 มี.ค. 2537", "", "returnee"],
        ["CAMKID", 8, "Sengdao", "Phan", "F", "໒໑/໐໓/໑໙໙໔", "", "returnee"],
        ["LWU", 9, "Vanh", "Sida", "F", "yesterday", "", "returnee"],
    ]


def _run(actor, run_job, content, name="registry.xlsx", **mapping_changes):
    job = services.import_job_create(actor=actor, kind="people", filename=name, content=content)
    if mapping_changes:
        services.import_job_map(actor=actor, job=job, mapping={**job.mapping, **mapping_changes})
    return run_job(actor, job)


def test_a_multi_partner_registry_keeps_everyone_with_the_dates_as_each_partner_wrote_them(
    me_officer, run_job
):
    content = xlsx_bytes({"registry": [REGISTRY_HEADERS, *_registry_rows()]})
    job = _run(me_officer, run_job, content, key="No.")
    assert job.mapping["columns"]["Date of birth"] == "birth_date"
    assert (job.counts["created"], job.counts["rejected"]) == (9, 0)
    born = {p.given_name_latin: (p.birth_date, p.birth_year) for p in Person.objects.all()}
    march_21 = (datetime.date(1994, 3, 21), None)
    assert born["Souksavanh"] == march_21
    assert born["Bounmy"] == (None, 1990)  # a year alone: an estimated birth year
    assert born["Daovone"] == (None, 1994)  # Buddhist era
    assert born["Noy"] == (datetime.date(1998, 6, 5), None)
    assert born["Keo"] == march_21  # an Excel serial
    assert born["Phet"] == march_21  # month first
    assert born["Manivanh"] == march_21  # Thai month name, Buddhist era
    assert born["Sengdao"] == march_21  # Lao digits
    assert born["Vanh"] == (None, None)
    # A phone outside the allocated ranges and a date that is none: the person is kept, the values are
    # warnings naming row, column and value.
    assert {(i.row, i.column, i.value) for i in job.issues.filter(level="warning")} == {
        (7, "Phone", "020 1234 5678"),
        (10, "Date of birth", "yesterday"),
    }
    assert not Person.objects.get(given_name_latin="Phet").phones.exists()


def test_a_strict_import_refuses_the_rows_with_a_wrong_value(me_officer, run_job):
    content = csv_bytes(REGISTRY_HEADERS, _registry_rows())
    job = _run(me_officer, run_job, content, name="registry.csv", strict=True)
    assert (job.counts["created"], job.counts["rejected"]) == (7, 2)
    assert set(job.issues.filter(level="rejected").values_list("row", "column")) == {
        (7, "Phone"),
        (10, "Date of birth"),
    }


def test_titles_come_off_names_and_full_names_are_split_in_either_script(me_officer, run_job):
    # A partner's list: whole names in Lao and in Latin letters under "Name (Lao)" and "Name (English)",
    # each with the title the office writes before it, and the sex column left empty on some rows.
    headers = ["No.", "Name (Lao)", "Name (English)", "Sex", "Year of birth", "Status"]
    rows = [
        [1, "ນາງ ແສງດາວ ແກ້ວວົງສາ", "Ms Sengdao Keovongsa", "", 1994, "returnee"],
        [2, "ທ້າວບຸນມີ ສີຫາລາດ", "Mr. Bounmy Sihalath", "M", 1990, "returnee"],
        [3, "ນ.ນ້ອຍ ວົງສາ", "PHOMMACHANH, Noy", "", 1998, "returnee"],
        [4, "ສາວິດ ແກ້ວ", "Savit Keo", "M", 1985, "returnee"],
        [5, "ທ່ານ ຄຳ ພົມມະ", "Kham Phomma", "", 1970, "returnee"],
    ]
    job = services.import_job_create(
        actor=me_officer, kind="people", filename="list.csv", content=csv_bytes(headers, rows)
    )
    # The columns hold whole names (several words), so they are proposed as full names, not given names.
    assert job.mapping["columns"]["Name (Lao)"] == "full_name"
    assert job.mapping["columns"]["Name (English)"] == "full_name"
    job = run_job(me_officer, job)
    assert (job.counts["created"], job.counts["rejected"]) == (4, 1)
    people = {
        p.given_name_latin: (p.given_name_lo, p.family_name_lo, p.family_name_latin, p.sex)
        for p in Person.objects.all()
    }
    assert people["Sengdao"] == ("ແສງດາວ", "ແກ້ວວົງສາ", "Keovongsa", "female")  # sex from ນາງ and Ms
    assert people["Bounmy"] == ("ບຸນມີ", "ສີຫາລາດ", "Sihalath", "male")  # a title glued to the name
    assert people["Noy"] == ("ນ້ອຍ", "ວົງສາ", "PHOMMACHANH", "female")  # "FAMILY, Given"
    assert people["Savit"] == ("ສາວິດ", "ແກ້ວ", "Keo", "male")  # ສາວິດ is a name, not ສາວ + ວິດ
    # The sex a title implies is noted against the name's column; ທ່ານ implies none, so that row is refused.
    notes = {(i.row, i.column) for i in job.issues.filter(level="warning")}
    assert (2, "Name (Lao)") in notes and (4, "Name (Lao)") in notes
    assert job.issues.get(level="rejected").row == 6


def test_a_thai_partner_list_with_thai_titles(me_officer, run_job):
    headers = ["ชื่อ-นามสกุล", "เพศ", "ปีเกิด", "สถานะ"]
    rows = [["นางสาว Noy Vongsa", "", "2537", "returnee"], ["นาย Bounmy Keo", "", "2533", "returnee"]]
    job = services.import_job_create(
        actor=me_officer, kind="people", filename="th.csv", content=csv_bytes(headers, rows)
    )
    job = run_job(me_officer, job)
    assert job.counts["created"] == 2, list(job.issues.values_list("row", "column", "message"))
    assert set(Person.objects.values_list("given_name_latin", "sex", "birth_year")) == {
        ("Noy", "female", 1994),
        ("Bounmy", "male", 1990),
    }


@pytest.mark.parametrize(
    "written,name,sex",
    [
        ("นางสาวสมศรี ใจดี", "สมศรี ใจดี", "female"),  # glued, as Thai offices write it
        ("น.ส. สมศรี ใจดี", "สมศรี ใจดี", "female"),
        ("ด.ช.สมชาย ใจดี", "สมชาย ใจดี", "male"),
        ("คุณากร ศรีสุข", "คุณากร ศรีสุข", ""),  # a name beginning like คุณ, not the title
        ("ນາງສາວ ນ້ອຍ ວົງສາ", "ນ້ອຍ ວົງສາ", "female"),
        ("ທ. ບຸນມີ", "ບຸນມີ", "male"),
        ("Mrs Keo Vongsa", "Keo Vongsa", "female"),
        ("Nang Keo", "Nang Keo", ""),  # Nang alone before one word may be the given name
        ("Miss", "Miss", ""),
    ],
)
def test_titles_partners_write(written, name, sex):
    assert without_title(written) == (name, sex)
