import csv
import dataclasses
import io
import json

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from pathways.imports import registry, services
from pathways.imports.models import ImportJob, JobStatus, SavedMapping, SourceRecord
from pathways.imports.tests.files import KOBO_HEADERS, KOBO_ROWS, csv_bytes, kobo_xlsx, xlsx_bytes
from pathways.people.models import Person
from pathways.people.timeline import person_timeline
from pathways.testing.factories import make_person

PARTNER_HEADERS = ["ລຳດັບ", "ຊື່", "ນາມສະກຸນ", "ເພດ", "ວັນເດືອນປີເກີດ", "ແຂວງ", "ເມືອງ", "ເບີໂທ", "ສະຖານະ"]
PARTNER_ROWS = [
    ["1", "ແສງດາວ", "ວົງສາ", "ຍິງ", "05/06/1998", "ສະຫວັນນະເຂດ", "Kaysone", "020 5555 2001", "ຜູ້ກັບຄືນ"],
    ["2", "ບຸນມີ", "ສີຫາລາດ", "ຊາຍ", "1990", "Savanakhet", "", "2055552002", "returnee"],
    ["3", "ນ້ອຍ", "", "2", "31/02/1990", "Nowhere", "", "123", "returnee"],
]


def _create(actor, content, name="intake.xlsx", **kwargs):
    return services.import_job_create(actor=actor, kind="people", filename=name, content=content, **kwargs)


def test_kobo_export_is_mapped_from_its_group_paths_and_keyed_by_uuid(me_officer):
    job = _create(me_officer, kobo_xlsx(), source="kobo returnee intake")
    assert job.mapping["key"] == "_uuid"
    assert job.mapping["columns"] == {
        "respondent/given_name": "given_name_latin",
        "respondent/family_name": "family_name_latin",
        "respondent/sex": "sex",
        "respondent/dob": "birth_date",
        "home/province": "home_province",
        "home/district": "home_district",
        "contact/phone": "phones",
    }


def test_a_dry_run_counts_what_would_happen_and_writes_nothing(me_officer, run_job):
    job = _create(me_officer, kobo_xlsx(), source="kobo", mapping=_people_mapping())
    job = run_job(me_officer, job, dry_run=True)
    assert job.status == JobStatus.CHECKED
    assert job.counts["created"] == 3 and job.counts["rejected"] == 0
    assert Person.objects.count() == 0 and SourceRecord.objects.count() == 0


def _kobo_mapping(**extra):
    columns = {
        "respondent/given_name": "given_name_latin",
        "respondent/family_name": "family_name_latin",
        "respondent/sex": "sex",
        "respondent/dob": "birth_date",
        "home/province": "home_province",
        "home/district": "home_district",
        "contact/phone": "phones",
    }
    return {"columns": columns, "key": "_uuid", **extra}


def _people_mapping(**extra):
    return _kobo_mapping(defaults={"migrant_status": "returnee"}, **extra)


def _returnees(actor, content, run_job, **kwargs):
    job = services.import_job_create(
        actor=actor,
        kind="returnee_intake",
        filename="kobo.xlsx",
        content=content,
        source="kobo",
        mapping=_kobo_mapping(),
        **kwargs,
    )
    return run_job(actor, job)


def test_importing_the_same_file_again_creates_nothing_and_a_corrected_file_updates(me_officer, run_job):
    first = _returnees(me_officer, kobo_xlsx(), run_job)
    assert first.counts["created"] == 3
    assert Person.objects.filter(migrant_status="returnee").count() == 3
    again = _returnees(me_officer, kobo_xlsx(), run_job)
    assert again.counts == {**again.counts, "created": 0, "updated": 0, "unchanged": 3}
    rows = [list(r) for r in KOBO_ROWS]
    rows[1][8] = "020 5555 9999"  # corrected phone
    corrected = xlsx_bytes({"returnee intake": [KOBO_HEADERS, *rows]})
    third = _returnees(me_officer, corrected, run_job)
    assert (third.counts["created"], third.counts["updated"], third.counts["unchanged"]) == (0, 1, 2)
    assert Person.objects.count() == 3
    bounmy = Person.objects.get(given_name_latin="Bounmy")
    assert [p.number for p in bounmy.phones.all()] == ["+8562055559999"]
    assert bounmy.birth_date.isoformat() == "1990-07-12"
    assert Person.objects.get(given_name_latin="Daovone").birth_date.isoformat() == "1992-01-15"


def test_lao_partner_sheet_with_value_maps_rejects_bad_rows_with_column_and_reason(vte_staff, run_job):
    content = csv_bytes(PARTNER_HEADERS, PARTNER_ROWS)
    job = services.import_job_create(
        actor=vte_staff, kind="people", filename="svk.csv", content=content, source="svk"
    )
    assert job.mapping["columns"]["ເພດ"] == "sex" and job.mapping["columns"]["ເບີໂທ"] == "phones"
    mapping = {**job.mapping, "columns": {**job.mapping["columns"], "ວັນເດືອນປີເກີດ": "birth_year"}}
    mapping["columns"].pop("ລຳດັບ", None)
    services.import_job_map(actor=vte_staff, job=job, mapping={**mapping, "strict": True})
    job = run_job(vte_staff, job, dry_run=True)
    # Strict: the row with a wrong optional value is refused.
    assert job.counts["created"] == 2 and job.counts["rejected"] == 1
    problems = {(i.row, i.column) for i in job.issues.all()}
    assert (4, "ວັນເດືອນປີເກີດ") in problems  # 31/02 is not a date
    # By default the row is imported without the value, which is kept as a warning.
    services.import_job_map(actor=vte_staff, job=job, mapping=mapping)
    job = run_job(vte_staff, job)
    assert (job.counts["created"], job.counts["rejected"], job.counts["warned"]) == (3, 0, 1)
    assert {(i.row, i.column, i.value) for i in job.issues.filter(level="warning")} == {
        (4, "ວັນເດືອນປີເກີດ", "31/02/1990"),
        (4, "ແຂວງ", "Nowhere"),
        (4, "ເບີໂທ", "123"),
    }
    noy = Person.objects.get(given_name_lo="ນ້ອຍ")
    assert (noy.birth_year, noy.home_province, noy.phones.count()) == (None, None, 0)
    sengdao = Person.objects.get(given_name_lo="ແສງດາວ")
    assert sengdao.sex == "female" and sengdao.home_province_id == "LA-SV" and sengdao.birth_year == 1998
    assert sengdao.home_district.name_en == "Kaysone Phomvihane"
    assert SavedMapping.objects.get(source="svk").mapping["columns"]["ວັນເດືອນປີເກີດ"] == "birth_year"
    # The next file from the same source gets the saved mapping.
    again = services.import_job_create(
        actor=vte_staff, kind="people", filename="svk2.csv", content=content, source="svk"
    )
    assert again.mapping["columns"]["ວັນເດືອນປີເກີດ"] == "birth_year"


def test_service_refusals_are_reported_against_the_column(vte_staff, run_job):
    content = csv_bytes(
        ["name", "sex", "status", "province", "phone"],
        [
            ["Noy", "F", "returnee", "Atlantis", "020 5555 1234"],
            ["Keo", "F", "returnee", "VTE", "12"],
        ],
    )
    job = _create(vte_staff, content, "x.csv")
    services.import_job_map(actor=vte_staff, job=job, mapping={**job.mapping, "strict": True})
    job = run_job(vte_staff, job, dry_run=True)
    assert job.counts["rejected"] == 2 and Person.objects.count() == 0
    assert {(i.row, i.column) for i in job.issues.all()} == {(2, "province"), (3, "phone")}
    # Not strict: both people are imported; the province and the phone are left out with a warning each,
    # and kept on the record's provenance.
    services.import_job_map(actor=vte_staff, job=job, mapping={**job.mapping, "strict": False})
    job = run_job(vte_staff, job)
    assert (job.counts["created"], job.counts["rejected"], job.counts["warned"]) == (2, 0, 2)
    assert {(i.row, i.column, i.value) for i in job.issues.filter(level="warning")} == {
        (2, "province", "Atlantis"),
        (3, "phone", "12"),
    }
    keo = Person.objects.get(given_name_latin="Keo")
    assert not keo.phones.exists()
    record = SourceRecord.objects.get(object_id=str(keo.pk))
    assert record.row == 3 and record.warnings[0]["value"] == "12" and record.warnings[0]["column"] == "phone"
    entry = next(e for e in person_timeline(actor=vte_staff, person=keo) if e.kind == "imported")
    assert "row 3" in entry.title and "'12'" in entry.detail and entry.url.endswith(f"/{job.pk}/")


def test_likely_duplicates_of_registered_people_are_flagged_in_the_dry_run(me_officer, run_job):
    make_person(
        actor=me_officer, given_name_latin="Bounmy", family_name_latin="Sihalath", phones=["+8562055551235"]
    )
    job = run_job(
        me_officer, _create(me_officer, kobo_xlsx(), mapping=_people_mapping(values={})), dry_run=True
    )
    assert job.counts["duplicates"] == 1
    assert job.issues.get(level="duplicate").row == 3
    assert Person.objects.count() == 1


@pytest.mark.parametrize("home_province, flagged", [("LA-VT", True), ("LA-SV", False)])
def test_only_records_the_importer_may_see_are_named_as_likely_duplicates(
    home_province, flagged, me_officer, vte_staff, run_job
):
    """A Vientiane partner sees Vientiane's people and its own: a likely match in Savannakhet, registered by
    someone else, is neither flagged nor named (its ID would tell them the person is registered)."""
    match = make_person(
        actor=me_officer,
        given_name_latin="Bounmy",
        family_name_latin="Sihalath",
        phones=["+8562055551235"],
        home_province=home_province,
    )
    job = run_job(
        vte_staff, _create(vte_staff, kobo_xlsx(), mapping=_people_mapping(values={})), dry_run=True
    )
    assert job.counts["duplicates"] == int(flagged)
    messages = " ".join(job.issues.values_list("message", flat=True))
    assert (str(match.pk) in messages) is flagged


def test_skip_duplicates_leaves_the_flagged_row_out(me_officer, run_job):
    make_person(
        actor=me_officer, given_name_latin="Bounmy", family_name_latin="Sihalath", phones=["+8562055551235"]
    )
    job = _create(me_officer, kobo_xlsx(), mapping={**_people_mapping(on_duplicate="skip"), "values": {}})
    job = run_job(me_officer, job)
    assert (job.counts["created"], job.counts["skipped"]) == (2, 1)


def test_an_import_that_dies_midway_writes_nothing_and_running_it_again_finishes(
    me_officer, run_job, monkeypatch
):
    people = registry.get("people")

    def dying(**kwargs):
        people.apply_many(**kwargs)  # the rows are written ... and then the power goes
        raise RuntimeError("power cut")

    content = csv_bytes(["name", "sex", "status"], [[f"Person{i}", "F", "returnee"] for i in range(5)])
    job = _create(me_officer, content, "x.csv")
    monkeypatch.setitem(registry._KINDS, "people", dataclasses.replace(people, apply_many=dying))
    with pytest.raises(RuntimeError):
        run_job(me_officer, job)
    assert Person.objects.count() == 0 and SourceRecord.objects.count() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    monkeypatch.setitem(registry._KINDS, "people", people)
    job = run_job(me_officer, job)
    assert job.status == JobStatus.DONE and Person.objects.count() == 5


def test_rows_written_one_by_one_give_the_same_result_as_the_bulk_path(me_officer, run_job, monkeypatch):
    people = registry.get("people")
    monkeypatch.setitem(registry._KINDS, "people", dataclasses.replace(people, apply_many=None))
    content = csv_bytes(PARTNER_HEADERS, PARTNER_ROWS)
    job = run_job(
        me_officer,
        services.import_job_create(actor=me_officer, kind="people", filename="a.csv", content=content),
    )
    assert (job.counts["created"], job.counts["rejected"], job.counts["warned"]) == (3, 0, 1)
    assert Person.objects.get(given_name_lo="ບຸນມີ").birth_year == 1990  # a year alone in the date column
    assert sorted(job.issues.values_list("row", "column")) == [
        (4, "ວັນເດືອນປີເກີດ"),
        (4, "ເບີໂທ"),
        (4, "ແຂວງ"),
    ]


def test_xlsform_labels_and_choices_propose_the_mapping_and_value_map(me_officer, run_job):
    form = xlsx_bytes(
        {
            "survey": [
                ["type", "name", "label::English (en)", "label::Lao (lo)"],
                ["text", "q1", "Given name", "ຊື່"],
                ["select_one gender", "q2", "Respondent sex", "ເພດ"],
                ["text", "q3", "Status", "ສະຖານະ"],
            ],
            "choices": [
                ["list_name", "name", "label::English (en)"],
                ["gender", "1", "Man"],
                ["gender", "2", "Woman"],
            ],
        }
    )
    content = csv_bytes(
        ["grp/q1", "grp/q2", "grp/q3", "_uuid"],
        [["Noy", "2", "returnee", "u1"], ["Keo", "1", "returnee", "u2"]],
    )
    job = services.import_job_create(
        actor=me_officer, kind="people", filename="k.csv", content=content, xlsform=form
    )
    assert job.mapping["columns"] == {
        "grp/q1": "given_name_latin",
        "grp/q2": "sex",
        "grp/q3": "migrant_status",
    }
    assert job.mapping["values"]["sex"]["1"] == "male" and job.mapping["values"]["sex"]["Woman"] == "female"
    run_job(me_officer, job)
    assert Person.objects.get(given_name_latin="Noy").sex == "female"


def test_the_rejection_report_downloads_as_csv_and_xlsx_in_the_users_language(client, vte_staff, run_job):
    content = csv_bytes(["name", "sex", "status"], [["Noy", "X", "returnee"], ["=cmd()", "F", "returnee"]])
    job = run_job(
        vte_staff,
        services.import_job_create(
            actor=vte_staff, kind="people", filename="x.csv", content=content, language="lo"
        ),
    )
    client.force_login(vte_staff)
    client.cookies["django_language"] = "lo"
    text = client.get(f"/imports/{job.pk}/report.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "ແຖວ" and {r[0] for r in rows[1:]} == {"2", "3"}
    assert all(not cell.startswith("=") for r in rows for cell in r)
    assert "ບໍ່ແມ່ນຄ່າທີ່ຮູ້ຈັກ" in text  # the reason, in Lao as the user uploaded in Lao
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/imports/{job.pk}/report.xlsx").content)).active
    assert sheet.cell(1, 1).value == "ແຖວ" and sheet.max_row == 3


def test_the_command_imports_and_the_second_run_changes_nothing(tmp_path, admin_user, capsys):
    path = tmp_path / "kobo.xlsx"
    path.write_bytes(kobo_xlsx())
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({**_kobo_mapping(), "values": {}}))
    extra = tmp_path / "status.json"
    call_command("import_file", str(path), kind="returnee_intake", mapping=str(mapping), dry_run=True)
    assert Person.objects.count() == 0
    call_command("import_file", str(path), kind="returnee_intake", mapping=str(mapping))
    call_command("import_file", str(path), kind="returnee_intake", mapping=str(mapping), report=str(extra))
    out = capsys.readouterr().out
    assert "created 3" in out and "unchanged 3" in out and Person.objects.count() == 3


def test_the_api_uploads_runs_and_reports_status(client, me_officer):
    headers = _token_headers(me_officer)
    kinds = client.get("/api/v1/imports/kinds", **headers).json()["results"]
    assert {"people", "returnee_intake"} <= {k["name"] for k in kinds}
    upload = SimpleUploadedFile("kobo.xlsx", kobo_xlsx())
    response = client.post(
        "/api/v1/imports/",
        {
            "file": upload,
            "kind": "people",
            "source": "api",
            "mapping": json.dumps(_people_mapping(values={})),
            "run": "dry_run",
        },
        **headers,
    )
    assert response.status_code == 201, response.content
    job_id = response.json()["id"]
    status = client.get(f"/api/v1/imports/{job_id}", **headers).json()
    assert status["status"] in ("queued", "running", "checked")


def _token_headers(user):
    from pathways.accounts.services import api_token_issue

    raw = api_token_issue(actor=user, user=user, name="imports test", scopes=["write"])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_an_actor_who_may_not_write_cannot_import(donor):
    with pytest.raises(PermissionDenied):
        _create(donor, kobo_xlsx())
    assert ImportJob.objects.count() == 0


def test_a_bad_mapping_names_the_problem(me_officer):
    with pytest.raises(ValidationError, match="no column"):
        _create(me_officer, kobo_xlsx(), mapping={"columns": {"nope": "sex"}})


def _outcome(job):
    return job.counts, sorted((i.row, i.level, i.column, i.message) for i in job.issues.all())


def test_rows_validated_in_worker_processes_give_the_same_result(me_officer, run_job, settings, monkeypatch):
    from pathways.imports import workers

    make_person(
        actor=me_officer, given_name_latin="Bounmy", family_name_latin="Sihalath", phones=["+8562055551235"]
    )
    rows = [*PARTNER_ROWS, ["4", "ບຸນມີ", "", "ຊາຍ", "12/07/1990", "VTE", "", "020 5555 1235", "returnee"]]
    rows += [
        [str(n), f"ນາງ{n}", "ວົງສາ", "F", "", "Savanakhet", "Kaysone", "", "returnee"] for n in range(5, 40)
    ]
    content = csv_bytes(PARTNER_HEADERS, rows)

    def run(workers_setting: str, dry_run: bool = True):
        settings.IMPORTS_WORKERS = workers_setting
        job = services.import_job_create(actor=me_officer, kind="people", filename="a.csv", content=content)
        return run_job(me_officer, job, dry_run=dry_run)

    monkeypatch.setattr(workers, "MIN_ROWS", 0)
    in_process = run("0")
    in_workers = run("1")
    assert _outcome(in_workers) == _outcome(in_process)
    assert in_workers.counts["created"] == 39 and in_workers.counts["duplicates"] == 1
    assert in_workers.counts["warned"] == 1
    assert Person.objects.count() == 1

    done = run("1", dry_run=False)
    assert done.status == JobStatus.DONE and Person.objects.count() == 40
    assert Person.objects.get(given_name_lo="ນາງ7").home_district.name_en == "Kaysone Phomvihane"


def test_worker_processes_refuse_database_queries():
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from pathways.imports import workers

    start = (b"",)  # no import to serve: just the worker set-up
    with (
        ProcessPoolExecutor(1, get_context("spawn"), workers._start_worker, start) as pool,
        pytest.raises(RuntimeError, match="must not use the database"),
    ):
        pool.submit(_count_people).result()


def _count_people():
    return Person.objects.count()
