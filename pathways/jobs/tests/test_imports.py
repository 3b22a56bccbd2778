"""Placement sheets through the import pipeline: the same rules as the placement page, never a duplicate."""

import datetime

import pytest

from pathways.imports import services as imports
from pathways.imports.models import JobStatus, SourceRecord
from pathways.imports.tests.files import csv_bytes
from pathways.jobs import services
from pathways.jobs.conftest import STARTED
from pathways.jobs.models import Placement, RetentionFollowUp, Vacancy
from pathways.testing.factories import make_person

DOB = datetime.date(1995, 4, 2)
HEADERS = [
    "registry id",
    "name",
    "date of birth",
    "employer",
    "position",
    "start date",
    "country",
    "salary",
    "note",
]


@pytest.fixture(autouse=True)
def _imports_inline(settings, tmp_path):
    settings.IMPORTS_BACKGROUND = "inline"
    settings.IMPORTS_DIR = str(tmp_path / "imports")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def go(actor, headers, rows, *, dry_run=False, source="mrc placements", kind="placements"):
        job = imports.import_job_create(
            actor=actor,
            kind=kind,
            filename=f"{kind}.csv",
            content=csv_bytes(headers, rows),
            source=source,
        )
        with django_capture_on_commit_callbacks(execute=True):
            imports.import_job_start(actor=actor, job=job, dry_run=dry_run)
        job.refresh_from_db()
        return job

    return go


@pytest.fixture
def workers(vte_staff):
    return [
        make_person(actor=vte_staff, given_name_latin="Manivanh", family_name_latin="Keo"),
        make_person(
            actor=vte_staff,
            given_name_latin="Daovone",
            family_name_latin="Phet",
            given_name_lo="ດາວວອນ",
            family_name_lo="ເພັດ",
            birth_date=DOB,
        ),
    ]


def _rows(workers, salary="2,500,000"):
    manivanh, _daovone = workers
    return [
        [str(manivanh.pk), "", "", "TRIMAX", "Sewer", "01/06/2564", "", salary, ""],
        [
            "",
            "ດາວວອນ ເພັດ",
            "02/04/1995",
            "Siam Apparel Co., Ltd.",
            "Sewer",
            "2021-07-15",
            "Thailand",
            "9500",
            "",
        ],
    ]


def _issues(job):
    return {(i.row, i.column): i.message for i in job.issues.all()}


def test_the_mapping_is_proposed_from_lao_and_english_headers(vte_staff, employer):
    job = imports.import_job_create(
        actor=vte_staff,
        kind="placements",
        filename="p.csv",
        content=csv_bytes(
            ["ລະຫັດທະບຽນ", "ນາຍຈ້າງ", "ຕຳແໜ່ງ", "ວັນທີເລີ່ມວຽກ", "ເງິນເດືອນ", "ສະກຸນເງິນ", "ແຂວງ"],
            [["x", "TRIMAX", "Sewer", "01/06/2021", "2500000", "ກີບ", "VTE"]],
        ),
    )
    assert job.mapping["columns"] == {
        "ລະຫັດທະບຽນ": "person_id",
        "ນາຍຈ້າງ": "employer",
        "ຕຳແໜ່ງ": "job_title",
        "ວັນທີເລີ່ມວຽກ": "starts_on",
        "ເງິນເດືອນ": "wage_monthly",
        "ສະກຸນເງິນ": "currency",
        "ແຂວງ": "province",
    }


def test_a_dry_run_counts_and_writes_nothing_then_the_import_records_and_a_reimport_changes_nothing(
    vte_staff, workers, employer, thai_employer, run
):
    job = run(vte_staff, HEADERS, _rows(workers), dry_run=True)
    assert job.status == JobStatus.CHECKED, _issues(job)
    assert (job.counts["created"], job.counts["rejected"]) == (2, 0)
    assert Placement.objects.count() == 0 and SourceRecord.objects.count() == 0

    job = run(vte_staff, HEADERS, _rows(workers))
    assert job.counts["created"] == 2, _issues(job)
    placements = {p.person.given_name_latin: p for p in Placement.objects.select_related("person")}
    manivanh, daovone = placements["Manivanh"], placements["Daovone"]
    assert (manivanh.starts_on, manivanh.wage_monthly, manivanh.currency) == (
        datetime.date(2021, 6, 1),  # Buddhist-era 2564
        2_500_000,
        "LAK",
    )
    assert (manivanh.country_id, manivanh.province_id) == ("LA", "LA-VT")  # the employer's
    assert (daovone.country_id, daovone.province_id, daovone.currency) == ("TH", None, "THB")
    assert manivanh.recorded_by_organisation.name_en == "Vientiane Skills Centre"  # the importer's own

    again = run(vte_staff, HEADERS, _rows(workers))
    assert (again.counts["unchanged"], again.counts["created"]) == (2, 0)
    # Another partner's sheet with the same people, employers and start dates: the same placements.
    other = run(vte_staff, HEADERS, _rows(workers, salary="2,600,000"), source="employer sheet")
    assert (other.counts["updated"], other.counts["unchanged"], other.counts["created"]) == (1, 1, 0)
    assert Placement.objects.count() == 2
    manivanh.refresh_from_db()
    assert manivanh.wage_monthly == 2_600_000


def test_rows_the_page_would_refuse_are_refused_with_the_reason_and_nothing_else_stops(
    vte_staff, workers, employer, vte_org, run
):
    manivanh, _daovone = workers
    future = (datetime.date.today() + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    rows = [
        [str(manivanh.pk), "", "", "Vientiane Skills Centre", "Sewer", "01/06/2021", "", "", ""],
        [str(manivanh.pk), "", "", "TRIMAX", "Sewer", future, "", "", ""],
        [str(manivanh.pk), "", "", "Nobody Ltd", "Sewer", "01/06/2021", "", "", ""],
        ["", "Someone Else", "02/04/1995", "TRIMAX", "Sewer", "01/06/2021", "", "", ""],
        [str(manivanh.pk), "", "", "TRIMAX", "Sewer", "01/06/2021", "Atlantis", "", ""],
        [str(manivanh.pk), "", "", "TRIMAX", "Sewer", "01/06/2021", "", "lots", ""],
        [str(manivanh.pk), "", "", "TRIMAX", "Sewer", "02/06/2021", "", "", ""],
    ]
    job = run(vte_staff, HEADERS, rows)
    issues = _issues(job)  # rows are numbered as in the sheet, the header being row 1
    assert "No employer is called 'Vientiane Skills Centre'" in issues[(2, "employer")]
    assert "in the future" in issues[(3, "start date")]
    assert "No employer is called 'Nobody Ltd'" in issues[(4, "employer")]
    assert "No one among the people you can see" in issues[(5, "name")]
    assert "not a country" in issues[(6, "country")]
    assert "not a whole amount" in issues[(7, "salary")]
    assert (job.counts["created"], job.counts["rejected"]) == (1, 6)


def test_people_outside_the_importers_scope_are_not_found(svk_staff, workers, employer, run):
    job = run(svk_staff, HEADERS, [_rows(workers)[0]])
    assert job.counts["rejected"] == 1
    assert "No one with registry ID" in _issues(job)[(2, "registry id")]
    assert Placement.objects.count() == 0


def test_donors_and_case_workers_cannot_import_placements(donor, places):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        imports.import_job_create(
            actor=donor, kind="placements", filename="p.csv", content=csv_bytes(["a"], [["b"]])
        )


def test_the_kinds_api_lists_placements(client, officer):
    from pathways.accounts.services import api_token_issue

    token = api_token_issue(actor=None, user=officer, name="t", scopes=["write"])
    kinds = client.get("/api/v1/imports/kinds", HTTP_AUTHORIZATION=f"Bearer {token}").json()["results"]
    placements = next(k for k in kinds if k["name"] == "placements")
    assert {"employer", "starts_on", "person_id", "wage_monthly"} <= {f["name"] for f in placements["fields"]}


FOLLOW_UP_HEADERS = [
    "registry id",
    "employer",
    "start date",
    "follow-up",
    "date of call",
    "still working",
    "wage",
]


def test_follow_up_headers_are_recognised_in_lao_and_english(vte_staff, employer):
    job = imports.import_job_create(
        actor=vte_staff,
        kind="follow_ups",
        filename="f.csv",
        content=csv_bytes(
            ["ລະຫັດທະບຽນ", "ນາຍຈ້າງ", "ຈຸດຕິດຕາມ", "ວັນທີຕິດຕາມ", "ຍັງເຮັດວຽກຢູ່ບໍ", "ເງິນເດືອນ"],
            [["x", "TRIMAX", "3 ເດືອນ", "05/09/2021", "ແມ່ນ", "2500000"]],
        ),
    )
    assert job.mapping["columns"] == {
        "ລະຫັດທະບຽນ": "person_id",
        "ນາຍຈ້າງ": "employer",
        "ຈຸດຕິດຕາມ": "checkpoint",
        "ວັນທີຕິດຕາມ": "checked_on",
        "ຍັງເຮັດວຽກຢູ່ບໍ": "answer",
        "ເງິນເດືອນ": "current_wage",
    }


def test_a_follow_up_sheet_records_answers_and_people_not_reached_and_a_reimport_changes_nothing(
    vte_staff, placement, run
):
    person = str(placement.person_id)
    rows = [
        [person, "TRIMAX", "", "3 months", "05/09/2021", "ຍັງເຮັດວຽກ", "2,600,000"],
        [person, "Trimax Garment Factory", "01/06/2021", "6", "2021-12-20", "no answer", ""],
    ]
    job = run(vte_staff, FOLLOW_UP_HEADERS, rows, kind="follow_ups")
    assert (job.counts["created"], job.counts["rejected"]) == (2, 0), _issues(job)
    at_3, at_6 = placement.follow_ups.order_by("checkpoint")
    assert (at_3.checked_on, at_3.still_employed, at_3.current_wage) == (
        datetime.date(2021, 9, 5),
        True,
        2_600_000,
    )
    assert (at_6.checkpoint, at_6.still_employed, at_6.current_wage) == (6, None, None)

    again = run(vte_staff, FOLLOW_UP_HEADERS, rows, kind="follow_ups")
    assert (again.counts["unchanged"], again.counts["created"]) == (2, 0)
    # The employer's sheet corrects the 3-month answer: the same follow-up, corrected (its wage kept, as
    # the sheet leaves the column empty), and a not-reached one cannot be given a wage.
    other = run(
        vte_staff,
        FOLLOW_UP_HEADERS,
        [
            [person, "TRIMAX", "", "3", "10/09/2021", "no", ""],
            [person, "TRIMAX", "", "6", "2021-12-20", "not reached", "100"],
        ],
        kind="follow_ups",
        source="employer sheet",
    )
    assert (other.counts["updated"], other.counts["rejected"]) == (1, 1), _issues(other)
    assert "leave the wage empty" in _issues(other)[(3, "wage")]
    at_3.refresh_from_db()
    assert (at_3.checked_on, at_3.still_employed, at_3.current_wage) == (
        datetime.date(2021, 9, 10),
        False,
        2_600_000,
    )
    assert RetentionFollowUp.objects.count() == 2


def test_follow_up_rows_the_page_would_refuse_are_refused_with_the_reason(
    vte_staff, officer, placement, thai_employer, vte_org, run
):
    person = str(placement.person_id)
    services.placement_create(  # a second job at the same employer: rows must say which
        actor=officer,
        person=placement.person,
        employer=placement.employer,
        recorded_by_organisation=vte_org,
        job_title="Cutter",
        starts_on=datetime.date(2022, 3, 1),
    )
    rows = [
        [person, "TRIMAX", "01/06/2021", "3", "20/08/2021", "yes", ""],  # before the due date
        [person, "TRIMAX", "01/06/2021", "3", "05/09/2021", "not reached", "2500000"],  # a wage, not reached
        [person, "SIAM-APP", "", "3", "05/09/2021", "yes", ""],  # no job there
        [person, "TRIMAX", "", "3", "05/09/2021", "yes", ""],  # two jobs there: which?
        [person, "TRIMAX", "01/06/2021", "3", "05/09/2021", "maybe", ""],
        [person, "TRIMAX", STARTED.isoformat(), "3", "05/09/2021", "yes", "2,500,000"],
    ]
    job = run(vte_staff, FOLLOW_UP_HEADERS, rows, kind="follow_ups")
    issues = _issues(job)
    assert "due on 2021-09-01" in issues[(2, "date of call")]
    assert "leave the wage empty" in issues[(3, "wage")]
    assert (
        "No placement of ມະນີວັນ ແກ້ວ (Manivanh Keo) at SIAM-APP" in issues[(4, "employer")]
        and "record the placement first" in issues[(4, "employer")]
    )
    assert (
        "several jobs at" in issues[(5, "start date")]
        and "2021-06-01, 2022-03-01" in issues[(5, "start date")]
    )
    assert "not a known value" in issues[(6, "still working")]
    assert (job.counts["created"], job.counts["rejected"]) == (1, 5)
    assert placement.follow_ups.get().still_employed is True


VACANCY_HEADERS = ["employer", "job title", "isco", "sector", "openings", "opening date", "salary", "status"]


def test_a_vacancy_list_is_posted_then_corrected_by_importing_it_again_never_duplicated(
    vte_staff, employer, thai_employer, run
):
    rows = [
        ["TRIMAX", "Sewing machine operator", "7533", "ຕັດຫຍິບ", "3", "01/05/2021", "2,500,000", ""],
        ["SIAM-APP", "Packer", "9321", "garment", "10", "2021-05-15", "9500", "เปิดรับสมัคร"],
    ]
    job = run(vte_staff, VACANCY_HEADERS, rows, kind="vacancies", source="job centre list")
    assert (job.counts["created"], job.counts["rejected"]) == (2, 0), _issues(job)
    sewing = Vacancy.objects.get(title_en="Sewing machine operator")
    packer = Vacancy.objects.get(title_en="Packer")
    assert (sewing.sector, sewing.openings, sewing.wage_monthly, sewing.currency) == (
        "garment",
        3,
        2_500_000,
        "LAK",
    )
    assert (sewing.country_id, sewing.province_id) == ("LA", "LA-VT")  # the employer's
    assert (packer.country_id, packer.currency, packer.status) == ("TH", "THB", "open")
    assert sewing.posted_by.name_en == "Vientiane Skills Centre"  # the importer's own organisation

    again = run(vte_staff, VACANCY_HEADERS, rows, kind="vacancies")
    corrected = run(  # the title as another partner spaces and capitalises it: the same vacancy
        vte_staff,
        VACANCY_HEADERS,
        [["TRIMAX", "sewing  machine operator ", "7533", "garment", "5", "01/05/2021", "", "closed"]],
        kind="vacancies",
    )

    assert (again.counts["unchanged"], again.counts["created"]) == (2, 0), _issues(again)
    assert corrected.counts["updated"] == 1, _issues(corrected)
    sewing.refresh_from_db()
    assert (sewing.openings, sewing.wage_monthly, sewing.status) == (5, 2_500_000, "closed")
    assert Vacancy.objects.count() == 2


def test_vacancy_rows_the_page_would_refuse_are_refused_with_the_reason(vte_staff, employer, run):
    rows = [
        ["Nobody Ltd", "Sewer", "7533", "garment", "1", "01/05/2021", "", ""],
        ["TRIMAX", "Sewer", "753", "garment", "1", "01/05/2021", "", ""],
        ["TRIMAX", "Sewer", "7533", "fishing", "1", "01/05/2021", "", ""],
        ["TRIMAX", "Sewer", "7533", "garment", "a few", "01/05/2021", "", ""],
        ["TRIMAX", "Sewer", "7533", "garment", "0", "01/05/2021", "", ""],
        ["TRIMAX", "Sewer", "7533", "garment", "2", "01/05/2021", "", ""],
    ]

    job = run(vte_staff, VACANCY_HEADERS, rows, kind="vacancies")

    issues = _issues(job)
    assert "No employer is called 'Nobody Ltd'" in issues[(2, "employer")]
    assert "exactly 4 digits" in issues[(3, "isco")]
    assert "fishing" in issues[(4, "sector")]
    assert "not a number of openings" in issues[(5, "openings")]
    assert "at least one opening" in issues[(6, "openings")]
    assert (job.counts["created"], job.counts["rejected"]) == (1, 5)
