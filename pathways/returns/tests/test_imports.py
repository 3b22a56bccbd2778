"""A quarantine centre's list in a return wave: imported as returnee intake (registering the people under the
list's own numbers), then as returns naming them by those numbers; importing it again changes nothing."""

import datetime

import pytest

from pathways.imports import services as imports
from pathways.imports.tests.files import csv_bytes
from pathways.people.models import Person
from pathways.places.models import Country
from pathways.returns.models import Return

HEADERS = [
    "No",
    "Name",
    "Sex",
    "Phone",
    "Province",
    "Return date",
    "Reason",
    "Border",
    "Quarantine",
    "Needs",
    "Debt",
]
ROWS = [
    [
        "1",
        "Bounmy Phommasak",
        "male",
        "020 5555 2001",
        "Savannakhet",
        "02/05/2020",
        "covid",
        "Mukdahan",
        "VTE-QC",
        "job health",
        "3,000,000",
    ],
    [
        "2",
        "ແສງດາວ ວົງສາ",
        "ຍິງ",
        "020 5555 2002",
        "ສະຫວັນນະເຂດ",
        "2020-05-02",
        "ໂຄວິດ",
        "ຂົວມິດຕະພາບ 2",
        "",
        "ຝຶກອົບຮົມ",
        "",
    ],
    [
        "3",
        "Noy Keomany",
        "female",
        "020 5555 2003",
        "Savannakhet",
        "03/05/2099",
        "covid",
        "Mukdahan",
        "",
        "job",
        "",
    ],
    [
        "4",
        "Dao Sisouk",
        "female",
        "020 5555 2004",
        "Savannakhet",
        "04/05/2020",
        "tired",
        "",
        "Nowhere QC",
        "",
        "",
    ],
    ["5", "Keo Sisouk", "male", "020 5555 2005", "Savannakhet", "04/05/2020", "deported", "", "", "", "lots"],
]
INTAKE = {"No": "", "Name": "full_name", "Sex": "sex", "Phone": "phones", "Province": "home_province"}
RETURNS = {
    "No": "person_source_id",
    "Return date": "returned_on",
    "Reason": "reason",
    "Border": "border_point",
    "Quarantine": "quarantine_centre",
    "Needs": "needs",
    "Debt": "debt_lak",
}


@pytest.fixture(autouse=True)
def _imports_inline(settings, tmp_path):
    settings.IMPORTS_BACKGROUND = "inline"
    settings.IMPORTS_DIR = str(tmp_path / "imports")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def go(actor, kind, columns, *, source, dry_run=False, rows=None):
        job = imports.import_job_create(
            actor=actor,
            kind=kind,
            filename="quarantine list.csv",
            content=csv_bytes(HEADERS, rows or ROWS),
            source=source,
            mapping={"columns": {c: f for c, f in columns.items() if f}, "key": "No"},
        )
        with django_capture_on_commit_callbacks(execute=True):
            imports.import_job_start(actor=actor, job=job, dry_run=dry_run)
        job.refresh_from_db()
        return job

    return go


def _issues(job):
    return {(i.row, i.column): i.message for i in job.issues.all()}


def test_a_quarantine_list_registers_returnees_then_records_their_returns(svk_staff, run, quarantine_centre):
    quarantine_centre.acronym = "VTE-QC"
    quarantine_centre.save()
    intake = run(svk_staff, "returnee_intake", INTAKE, source="VTE-QC list 2020-05")
    assert intake.counts["created"] == 5, _issues(intake)

    dry = run(svk_staff, "returns", RETURNS, source="VTE-QC returns 2020-05", dry_run=True)
    assert not Return.objects.exists()
    job = run(svk_staff, "returns", RETURNS, source="VTE-QC returns 2020-05")

    # The wrong debt amount is optional: that return is recorded without it, the amount kept as a warning.
    assert (job.counts["created"], job.counts["rejected"], job.counts["warned"]) == (3, 2, 1), _issues(job)
    assert dry.counts["created"] == 3
    issues = _issues(job)
    assert "in the future" in issues[(4, "Return date")]
    assert "tired" in issues[(5, "Reason")]
    assert "lots" in issues[(6, "Debt")]
    assert job.issues.get(row=6).value == "lots" and job.issues.get(row=6).level == "warning"
    bounmy = Return.objects.get(person__given_name_latin="Bounmy")
    assert (bounmy.returned_on, bounmy.reason, bounmy.border_point) == (
        datetime.date(2020, 5, 2),
        "covid19",
        "friendship_2",
    )
    assert (bounmy.quarantine_centre, bounmy.needs, bounmy.debt_lak) == (
        quarantine_centre,
        ["job", "health"],
        3_000_000,
    )
    assert (bounmy.from_country_id, bounmy.organisation_id) == (
        "TH",
        svk_staff.memberships.get().organisation_id,
    )
    saengdao = Return.objects.get(person__given_name_lo="ແສງດາວ")
    assert (saengdao.reason, saengdao.needs) == ("covid19", ["training"])
    assert set(Person.objects.values_list("migrant_status", flat=True)) == {"returnee"}

    # A return corrected to another country keeps it when the list (no country column) comes again.
    bounmy.from_country = Country.objects.get(code="MM")
    bounmy.save()
    again = run(svk_staff, "returns", RETURNS, source="VTE-QC returns 2020-05")
    assert (again.counts["created"], again.counts["unchanged"]) == (0, 3)
    bounmy.refresh_from_db()
    assert bounmy.from_country_id == "MM"
    assert Return.objects.count() == 3


def test_returns_are_not_imported_by_donors(donor, places):
    with pytest.raises(Exception) as refused:
        imports.import_job_create(
            actor=donor, kind="returns", filename="q.csv", content=csv_bytes(HEADERS, ROWS), source="x"
        )
    assert "may not import" in str(refused.value)


def test_next_months_list_with_the_same_numbers_adds_the_persons_next_return(
    svk_staff, run, quarantine_centre
):
    quarantine_centre.acronym = "VTE-QC"
    quarantine_centre.save()
    run(svk_staff, "returnee_intake", INTAKE, source="VTE-QC list 2020-05")
    run(svk_staff, "returns", RETURNS, source="VTE-QC returns")
    # The same list a month later: row "1" (Bounmy) has come back again.
    next_month = [[*row[:5], "02/06/2020", *row[6:]] if row[0] == "1" else row for row in ROWS]
    later = run(svk_staff, "returns", RETURNS, source="VTE-QC returns", rows=next_month)
    assert later.counts["created"] == 1, _issues(later)
    assert Return.objects.filter(person__given_name_latin="Bounmy").count() == 2
