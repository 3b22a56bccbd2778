"""Enrolment and attendance sheets through the import pipeline: the same rules as the cohort pages."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import ValidationError

from pathways.imports import registry
from pathways.imports import services as imports
from pathways.imports.models import JobStatus, SourceRecord
from pathways.imports.tests.files import csv_bytes
from pathways.people.models import Person
from pathways.testing.factories import make_person
from pathways.training import services
from pathways.training.conftest import START
from pathways.training.models import Attendance, Cohort, Enrolment

DOB = datetime.date(1995, 4, 2)


@pytest.fixture(autouse=True)
def _imports_inline(settings, tmp_path):
    settings.IMPORTS_BACKGROUND = "inline"
    settings.IMPORTS_DIR = str(tmp_path / "imports")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Upload a CSV and run it (dry or real), executing what on_commit queued."""

    def go(actor, kind, headers, rows, *, dry_run=False, source="lksdi sheet", mapping=None):
        job = imports.import_job_create(
            actor=actor,
            kind=kind,
            filename=f"{kind}.csv",
            content=csv_bytes(headers, rows),
            source=source,
            mapping=mapping,
        )
        with django_capture_on_commit_callbacks(execute=True):
            imports.import_job_start(actor=actor, job=job, dry_run=dry_run)
        job.refresh_from_db()
        return job

    return go


@pytest.fixture
def trainees(vte_staff, cohort):
    """Three enrolled returnees, each identifiable in one of the three supported ways."""
    people = [
        make_person(actor=vte_staff, given_name_latin="Manivanh", family_name_latin="Keo"),
        make_person(actor=vte_staff, given_name_latin="Noy", family_name_latin="Sisouk"),
        make_person(
            actor=vte_staff,
            given_name_latin="Daovone",
            family_name_latin="Phet",
            given_name_lo="ດາວວອນ",
            family_name_lo="ເພັດ",
            birth_date=DOB,
            phones=["+8562055551111"],
        ),
    ]
    for person in people:
        services.enrolment_create(actor=vte_staff, cohort=cohort, person=person, enrolled_on=START)
    return people


def _issues(job):
    return {(i.row, i.column): i.message for i in job.issues.all()}


ATT_HEADERS = ["cohort", "registry id", "name", "date of birth", "phone", "date", "attendance"]


def _att_rows(cohort, people, status="present", day="01/03/2021"):
    manivanh, noy, _daovone = people
    return [
        [cohort.code, str(manivanh.pk), "", "", "", day, status],
        [cohort.code, str(noy.pk), "", "", "", day, "ບໍ່ມາ"],
        [cohort.code, "", "Daovone Phet", DOB.strftime("%d/%m/%Y"), "020 5555 1111", day, "P"],
    ]


def test_the_mapping_is_proposed_from_lao_and_english_headers(vte_staff, cohort, trainees):
    job = imports.import_job_create(
        actor=vte_staff,
        kind="attendance",
        filename="a.csv",
        content=csv_bytes(
            ["ລຸ້ນ", "ລະຫັດທະບຽນ", "ຊື່ ແລະ ນາມສະກຸນ", "ວັນເດືອນປີເກີດ", "ເບີໂທ", "ວັນທີ", "ການມາຮຽນ"],
            [[cohort.code, "", "Daovone Phet", "02/04/1995", "020 5555 1111", "01/03/2021", "ມາ"]],
        ),
    )
    assert job.mapping["columns"] == {
        "ລຸ້ນ": "cohort",
        "ລະຫັດທະບຽນ": "person_id",
        "ຊື່ ແລະ ນາມສະກຸນ": "full_name",
        "ວັນເດືອນປີເກີດ": "birth_date",
        "ເບີໂທ": "phone",
        "ວັນທີ": "day",
        "ການມາຮຽນ": "status",
    }
    enrolments = imports.import_job_create(
        actor=vte_staff,
        kind="enrolments",
        filename="e.csv",
        content=csv_bytes(["Cohort code", "Participant ID", "Status", "Dropout date", "Reason"], [["x"] * 5]),
    )
    assert enrolments.mapping["columns"] == {
        "Cohort code": "cohort",
        "Participant ID": "person_source_id",
        "Status": "status",
        "Dropout date": "dropped_out_on",
        "Reason": "dropout_reason",
    }


def test_upload_page_offers_the_training_kinds(client, vte_staff):
    client.force_login(vte_staff)
    page = client.get("/imports/").content.decode()
    assert 'value="attendance"' in page and 'value="enrolments"' in page


def test_a_dry_run_counts_every_way_of_naming_a_person_and_writes_nothing(vte_staff, cohort, trainees, run):
    job = run(vte_staff, "attendance", ATT_HEADERS, _att_rows(cohort, trainees), dry_run=True)
    assert job.status == JobStatus.CHECKED
    assert (job.counts["created"], job.counts["rejected"]) == (3, 0)
    assert Attendance.objects.count() == 0 and SourceRecord.objects.count() == 0
    job = run(vte_staff, "attendance", ATT_HEADERS, _att_rows(cohort, trainees))
    marks = dict(Attendance.objects.values_list("enrolment__person__given_name_latin", "status"))
    assert marks == {"Manivanh": "present", "Noy": "absent", "Daovone": "present"}
    assert job.counts["created"] == 3


def test_the_finished_import_page_speaks_of_cohorts_not_people(client, vte_staff, cohort, trainees, run):
    job = run(vte_staff, "attendance", ATT_HEADERS, _att_rows(cohort, trainees))
    client.force_login(vte_staff)
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert 'href="/training/"' in page and "See the cohorts" in page
    assert "See the people" not in page and "Likely duplicates" not in page


def test_the_same_file_again_changes_nothing_and_a_corrected_file_updates_the_changed_mark(
    vte_staff, cohort, trainees, run
):
    run(vte_staff, "attendance", ATT_HEADERS, _att_rows(cohort, trainees))
    again = run(vte_staff, "attendance", ATT_HEADERS, _att_rows(cohort, trainees))
    assert (again.counts["created"], again.counts["updated"], again.counts["unchanged"]) == (0, 0, 3)
    corrected = run(vte_staff, "attendance", ATT_HEADERS, _att_rows(cohort, trainees, status="excused"))
    assert (corrected.counts["created"], corrected.counts["updated"], corrected.counts["unchanged"]) == (
        0,
        1,
        2,
    )
    assert Attendance.objects.count() == 3
    assert Attendance.objects.get(enrolment__person=trainees[0]).status == "excused"


def test_bad_rows_are_refused_with_row_column_and_reason_and_the_good_ones_imported(
    vte_staff, svk_staff, cohort, trainees, run
):
    twin = make_person(actor=vte_staff, given_name_latin="Daovone", family_name_latin="Phet", birth_date=DOB)
    services.enrolment_create(actor=vte_staff, cohort=cohort, person=twin, enrolled_on=START)
    outsider = make_person(actor=vte_staff, given_name_latin="Bounmy", family_name_latin="Vong")
    hidden = make_person(actor=svk_staff, given_name_latin="Khamla", home_province="LA-SV")
    manivanh = str(trainees[0].pk)
    rows = [
        [cohort.code, manivanh, "", "", "", "01/03/2021", "present"],  # 2: fine
        [cohort.code, "", "Daovone Phet", "02/04/1995", "", "01/03/2021", "present"],  # 3: two match
        [cohort.code, "", "Daovone Phet", "02/04/1995", "020 5555 9999", "01/03/2021", "present"],  # 4: none
        [cohort.code, str(outsider.pk), "", "", "", "01/03/2021", "present"],  # 5: not enrolled
        [cohort.code, manivanh, "", "", "", "20/03/2021", "present"],  # 6: after the cohort
        [cohort.code, manivanh, "", "", "", "02/03/2021", "late"],  # 7: unknown mark
        ["NO-SUCH-COHORT", manivanh, "", "", "", "02/03/2021", "present"],  # 8
        [cohort.code, str(hidden.pk), "", "", "", "02/03/2021", "present"],  # 9: outside scope
        [
            cohort.code,
            str(trainees[2].pk),
            "",
            "01/01/1980",
            "",
            "03/03/2021",
            "present",
        ],  # 10: ID vs birth date
        [cohort.code, "", "", "", "", "03/03/2021", "present"],  # 11: nobody named
    ]
    job = run(vte_staff, "attendance", ATT_HEADERS, rows)
    assert (job.counts["created"], job.counts["rejected"]) == (1, 9)
    issues = _issues(job)
    assert "2 people you can see are Daovone Phet born 1995-04-02" in issues[(3, "name")]
    assert "No one among the people you can see is Daovone Phet" in issues[(4, "name")]
    assert "+8562055559999" in issues[(4, "name")]
    assert "is not enrolled in cohort" in issues[(5, "registry id")]
    assert "outside this cohort's dates" in issues[(6, "date")]
    assert "'late' is not a known value" in issues[(7, "attendance")]
    assert "No cohort with code 'NO-SUCH-COHORT'" in issues[(8, "cohort")]
    assert "No one with registry ID" in issues[(9, "registry id")]
    assert "born 1995-04-02, but the row gives 1980-01-01" in issues[(10, "registry id")]
    assert "Say who this row is about" in issues[(11, "name")]
    assert Attendance.objects.count() == 1


def test_a_partner_cannot_import_into_a_cohort_outside_their_scope(svk_staff, cohort, trainees, run):
    job = run(svk_staff, "attendance", ATT_HEADERS, _att_rows(cohort, trainees))
    assert job.counts["rejected"] == 3 and Attendance.objects.count() == 0
    assert all("No cohort with code" in m for m in _issues(job).values())


def test_an_import_that_dies_midway_writes_nothing_and_running_it_again_finishes(
    vte_staff, cohort, trainees, run, monkeypatch, django_capture_on_commit_callbacks
):
    kind = registry.get("attendance")
    calls = []

    def dying(**kwargs):
        calls.append(1)
        result = kind.apply_row(**kwargs)
        if len(calls) == 3:
            raise RuntimeError("power cut")
        return result

    monkeypatch.setitem(registry._KINDS, "attendance", dataclasses.replace(kind, apply_row=dying))
    with pytest.raises(RuntimeError):
        run(vte_staff, "attendance", ATT_HEADERS, _att_rows(cohort, trainees))
    assert Attendance.objects.count() == 0 and SourceRecord.objects.count() == 0
    monkeypatch.setitem(registry._KINDS, "attendance", kind)
    job = run(vte_staff, "attendance", ATT_HEADERS, _att_rows(cohort, trainees))
    assert job.status == JobStatus.DONE and Attendance.objects.count() == 3


def test_partners_own_ids_from_an_earlier_people_import_name_the_people(vte_staff, cohort, run):
    people = run(
        vte_staff,
        "people",
        ["ID", "name", "sex", "status"],
        [["LK-001", "Souk Chan", "F", "returnee"], ["LK-002", "Keo Mala", "M", "returnee"]],
        source="lksdi registration",
        mapping={"columns": {"name": "full_name", "sex": "sex", "status": "migrant_status"}, "key": "ID"},
    )
    assert people.counts["created"] == 2
    job = run(
        vte_staff,
        "enrolments",
        ["cohort", "participant id"],
        [[cohort.code.lower(), "LK-001"], [cohort.code, "LK-002"], [cohort.code, "LK-404"]],
    )
    assert (job.counts["created"], job.counts["rejected"]) == (2, 1)
    assert "No person imported earlier with ID 'LK-404'" in _issues(job)[(4, "participant id")]
    assert set(cohort.enrolments.values_list("person__given_name_latin", flat=True)) == {"Souk", "Keo"}
    assert set(cohort.enrolments.values_list("enrolled_on", flat=True)) == {cohort.starts_on}


def test_the_same_partner_id_in_two_sources_is_ambiguous_unless_the_source_is_given(vte_staff, cohort, run):
    for source, name in (("first sheet", "Souk Chan"), ("second sheet", "Keo Mala")):
        run(
            vte_staff,
            "people",
            ["ID", "name", "sex", "status"],
            [["7", name, "F", "returnee"]],
            source=source,
            mapping={"columns": {"name": "full_name", "sex": "sex", "status": "migrant_status"}, "key": "ID"},
        )
    headers = ["cohort", "participant id", "people source"]
    job = run(vte_staff, "enrolments", headers, [[cohort.code, "7", ""], [cohort.code, "7", "second sheet"]])
    assert (job.counts["created"], job.counts["rejected"]) == (1, 1)
    assert "used for different people" in _issues(job)[(2, "participant id")]
    assert cohort.enrolments.get().person.given_name_latin == "Keo"


def test_enrolment_rules_of_the_page_hold_for_imports(vte_staff, cohort, run):
    cohort.capacity = 2
    cohort.save()
    people = [make_person(actor=vte_staff, given_name_latin=n, birth_date=DOB) for n in ("Aa", "Bb", "Cc")]
    current = make_person(
        actor=vte_staff, given_name_latin="Dd", migrant_status="current", birth_date=DOB, family_name_latin=""
    )
    rows = [[cohort.code, str(p.pk), "03/01/2021"] for p in [current, *people]]
    job = run(vte_staff, "enrolments", ["cohort", "registry id", "enrolled on"], rows)
    assert (job.counts["created"], job.counts["rejected"]) == (2, 2)
    issues = _issues(job)
    assert "Not eligible" in issues[(2, "registry id")]
    assert "This cohort is full (2 places)" in issues[(5, "cohort")]
    assert cohort.enrolments.count() == 2


def test_enrolment_status_moves_forward_through_the_services_and_never_back(vte_staff, cohort, trainees, run):
    headers = ["cohort", "registry id", "status", "dropout date", "reason", "completion date"]
    manivanh, noy, daovone = (str(p.pk) for p in trainees)
    job = run(
        vte_staff,
        "enrolments",
        headers,
        [
            [cohort.code, manivanh, "enrolled", "", "", ""],
            [cohort.code, noy, "dropped out", "05/03/2021", "ໄດ້ວຽກ", ""],
            [cohort.code, daovone, "completed", "", "", "12/03/2021"],
            [cohort.code, manivanh.upper(), "dropped out", "", "", ""],
        ],
    )
    assert (job.counts["unchanged"], job.counts["updated"], job.counts["rejected"]) == (1, 1, 2)
    issues = _issues(job)
    assert "Attended" in issues[(4, "status")] or "No attendance" in issues[(4, "status")]
    assert "Give the date the participant dropped out" in issues[(5, "dropout date")]
    noy_enrolment = Enrolment.objects.get(person=trainees[1])
    assert (noy_enrolment.status, noy_enrolment.dropout_reason) == ("dropped_out", "found_work")
    back = run(vte_staff, "enrolments", headers, [[cohort.code, noy, "enrolled", "", "", ""]], source="other")
    assert back.counts["rejected"] == 1
    assert "recorded as Dropped out on 2021-03-05" in _issues(back)[(2, "status")]
    assert Enrolment.objects.get(person=trainees[1]).status == "dropped_out"
    assert Enrolment.objects.count() == 3


def test_a_corrected_enrolment_sheet_updates_the_date(vte_staff, cohort, trainees, run):
    headers = ["cohort", "registry id", "enrolled on"]
    rows = [[cohort.code, str(p.pk), "01/03/2021"] for p in trainees]
    first = run(vte_staff, "enrolments", headers, rows)
    assert first.counts["unchanged"] == 3  # enrolled on the page with the same date
    rows[0][2] = "02/03/2021"
    second = run(vte_staff, "enrolments", headers, rows)
    assert (second.counts["updated"], second.counts["unchanged"]) == (1, 2)
    assert Enrolment.objects.get(person=trainees[0]).enrolled_on == datetime.date(2021, 3, 2)


def test_a_merged_record_leads_to_the_person_it_was_merged_into(vte_staff, cohort, trainees, run):
    old = make_person(actor=vte_staff, given_name_latin="Manivanh", family_name_latin="K.")
    Person.objects.filter(pk=old.pk).update(merged_into=trainees[0])
    job = run(
        vte_staff, "attendance", ATT_HEADERS, [[cohort.code, str(old.pk), "", "", "", "01/03/2021", "1"]]
    )
    assert job.counts["created"] == 1
    assert Attendance.objects.get().enrolment.person == trainees[0]


def test_cohort_codes_are_made_unique_and_a_given_code_is_checked(vte_staff, cohort, course, vte_org):
    assert cohort.code.startswith("SEW-2W-") and cohort.code.endswith("-2021-03")
    second = services.cohort_create(
        actor=vte_staff, course=course, institution=vte_org, starts_on=START, ends_on=START, capacity=5
    )
    assert second.code == f"{cohort.code}-2"
    with pytest.raises(ValidationError, match="already has the code"):
        services.cohort_create(
            actor=vte_staff,
            course=course,
            institution=vte_org,
            starts_on=START,
            ends_on=START,
            capacity=5,
            code=cohort.code.lower(),
        )
    with pytest.raises(ValidationError, match="capital letters"):
        services.cohort_create(
            actor=vte_staff,
            course=course,
            institution=vte_org,
            starts_on=START,
            ends_on=START,
            capacity=5,
            code="a b",
        )
    assert Cohort.objects.count() == 2


def test_attendance_written_in_thai_words_is_read(vte_staff, cohort, trainees, run):
    manivanh, noy, daovone = trainees
    rows = [
        [cohort.code, str(person.pk), "", "", "", "01/03/2021", word]
        for person, word in ((manivanh, "มาเรียน"), (noy, "ขาดเรียน"), (daovone, "ลาป่วย"))
    ]

    job = run(vte_staff, "attendance", ATT_HEADERS, rows)

    assert job.counts["created"] == 3
    marks = dict(Attendance.objects.values_list("enrolment__person__given_name_latin", "status"))
    assert marks == {"Manivanh": "present", "Noy": "absent", "Daovone": "excused"}
