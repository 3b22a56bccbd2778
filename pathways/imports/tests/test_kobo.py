"""KoboToolbox and ODK exports as they come: review status, select-multiple columns, repeat groups, in the
"XML values and headers" and the "labels" shapes."""

from pathways.imports import services
from pathways.imports.tests.files import csv_bytes, xlsx_bytes
from pathways.people.models import Person

# "XML values and headers": group paths as headers, choice names as values, one column per choice of a
# select_multiple besides the column with all of them, and the review status as Kobo writes it.
XML_HEADERS = [
    "start",
    "respondent/given_name",
    "respondent/family_name",
    "respondent/sex",
    "respondent/dob",
    "returnee/status",
    "contact/phone",
    "_id",
    "_uuid",
    "_validation_status",
    "_index",
]
XML_ROWS = [
    [
        "2024-05-01",
        "Souksavanh",
        "Phommachanh",
        "female",
        "1994",
        "returnee",
        "",
        1,
        "u-1",
        "validation_status_approved",
        1,
    ],
    [
        "2024-05-01",
        "Bounmy",
        "Sihalath",
        "male",
        "12/07/1990",
        "returnee",
        "",
        2,
        "u-2",
        "validation_status_on_hold",
        2,
    ],
    [
        "2024-05-02",
        "Daovone",
        "Keo",
        "female",
        "",
        "returnee",
        "",
        3,
        "u-3",
        "validation_status_not_approved",
        3,
    ],
    ["2024-05-02", "Noy", "Vongsa", "female", "", "returnee", "", 4, "u-4", "", 4],
    ["2024-05-03", "Keo", "Inthavong", "male", "", "returnee", "", 5, "u-5", "validation_status_approved", 5],
]
# The repeat group "phones" as Kobo exports it: a sheet of its own, rows pointing at the submission's _index.
PHONES_SHEET = [
    ["number", "_index", "_parent_table_name", "_parent_index"],
    ["020 5555 1234", 1, "returnee intake", 1],
    ["030 555 1234", 2, "returnee intake", 1],
    ["020 5555 1299", 3, "returnee intake", 5],
]

# "labels": the questions' labels as headers, the choices' labels as values, Kobo's status labels.
LABEL_HEADERS = ["Given name", "Family name", "Sex", "Year of birth", "Status", "_uuid", "_validation_status"]
LABEL_ROWS = [
    ["Phet", "Sayavong", "Male", "1992", "Returnee", "l-1", "Approved"],
    ["Vanh", "Sida", "Female", "1993", "Returnee", "l-2", "On Hold"],
    ["Kham", "Phomma", "Male", "1970", "Returnee", "l-3", "Not Approved"],
]


def _create(actor, content, name, **mapping):
    job = services.import_job_create(actor=actor, kind="people", filename=name, content=content)
    if mapping:
        services.import_job_map(actor=actor, job=job, mapping={**job.mapping, **mapping})
    return job


def test_only_approved_submissions_are_imported_by_default_and_the_rest_are_listed(me_officer, run_job):
    content = xlsx_bytes({"returnee intake": [XML_HEADERS, *XML_ROWS], "phones": PHONES_SHEET})
    job = run_job(me_officer, _create(me_officer, content, "kobo.xlsx"))
    assert job.mapping["key"] == "_uuid" and job.mapping["validation"] == ["approved"]
    assert (job.counts["created"], job.counts["excluded"], job.counts["rejected"]) == (2, 3, 0)
    assert sorted(Person.objects.values_list("given_name_latin", flat=True)) == ["Keo", "Souksavanh"]
    excluded = {i.row: i.message for i in job.issues.filter(level="excluded")}
    assert set(excluded) == {3, 4, 5} and "on hold" in excluded[3] and "not reviewed" in excluded[5]
    # The repeat group's phones are the person's phones.
    souk = Person.objects.get(given_name_latin="Souksavanh")
    assert sorted(souk.phones.values_list("number", flat=True)) == ["+8562055551234", "+856305551234"]


def test_the_importer_chooses_which_review_statuses_to_take(me_officer, run_job):
    content = xlsx_bytes({"returnee intake": [XML_HEADERS, *XML_ROWS]})
    job = _create(me_officer, content, "kobo.xlsx", validation=["approved", "none", "on_hold"])
    job = run_job(me_officer, job)
    assert (job.counts["created"], job.counts["excluded"]) == (4, 1)
    assert not Person.objects.filter(given_name_latin="Daovone").exists()


def test_a_labels_export_is_read_with_its_status_labels(me_officer, run_job):
    job = run_job(me_officer, _create(me_officer, csv_bytes(LABEL_HEADERS, LABEL_ROWS), "labels.csv"))
    assert (job.counts["created"], job.counts["excluded"]) == (1, 2)
    assert Person.objects.get().given_name_latin == "Phet"


def test_an_odk_central_export_honours_its_review_state(me_officer, run_job):
    headers = ["SubmissionDate", "given_name", "sex", "status", "meta-instanceID", "ReviewState"]
    rows = [
        ["2024-05-01", "Noy", "F", "returnee", "uuid:1", "approved"],
        ["2024-05-01", "Keo", "M", "returnee", "uuid:2", "hasIssues"],
        ["2024-05-01", "Vanh", "F", "returnee", "uuid:3", "rejected"],
    ]
    job = run_job(me_officer, _create(me_officer, csv_bytes(headers, rows), "odk.csv"))
    assert job.mapping["key"] == "meta-instanceID"
    assert (job.counts["created"], job.counts["excluded"]) == (1, 2)


def test_select_multiple_answers_exported_one_column_per_choice_are_read():
    from pathways.imports import registry
    from pathways.imports.mapping import Mapping, RowParser
    from pathways.imports.reading import Row

    kind = registry.get("returns")
    columns = {"needs/training": "needs", "needs/job": "needs", "Needs/Health": "needs", "grp/needs": "needs"}
    parser = RowParser(kind, Mapping(columns=columns))
    # XML values export: 1 and 0; labels export: the choice's label as the column's last part, TRUE/FALSE.
    row = Row(
        2, {"needs/training": 1, "needs/job": "0", "Needs/Health": "TRUE", "grp/needs": "legal shelter"}
    )
    values, _errors, warnings = parser.parse(row)
    assert values["needs"] == ["training", "health", "legal", "shelter"] and not warnings


INTAKE_HEADERS = [
    "respondent/full_name",
    "respondent/sex",
    "respondent/dob",
    "contact/phone",
    "return/date_of_return",
    "return/reason",
    "return/border_point",
    "needs/training",
    "needs/job",
    "needs/health",
    "_uuid",
    "_validation_status",
    "_index",
]
INTAKE_ROWS = [
    [
        *["ນາງ ແສງດາວ ແກ້ວວົງສາ", "", "1994", "020 5555 2001", "02/05/2020", "covid19", "friendship_2"],
        *[1, 1, 0, "i-1", "validation_status_approved", 1],
    ],
    [
        *["ທ້າວ ບຸນມີ ສີຫາລາດ", "male", "12/07/1990", "", "03/05/2020", "deported", "vangtao"],
        *[0, 1, 0, "i-2", "validation_status_approved", 2],
    ],
    [
        *["ນາງ ນ້ອຍ ວົງສາ", "", "1992", "", "03/05/2020", "covid19", ""],
        *[0, 0, 1, "i-3", "validation_status_on_hold", 3],
    ],
]
REFERRALS_SHEET = [
    ["service", "organisation", "_index", "_parent_table_name", "_parent_index"],
    ["training", "VTC-SVK", 1, "intake", 1],
    ["health", "SVK-HOSP", 2, "intake", 1],
    ["job", "NOWHERE", 3, "intake", 2],  # an organisation nobody knows: the whole row is refused
]


def test_one_intake_form_fills_the_person_the_return_its_needs_and_referrals_all_or_none(svk_staff, run_job):
    from pathways.returns.models import Referral, Return
    from pathways.testing.factories import OrganisationFactory

    OrganisationFactory(acronym="VTC-SVK", name_en="Savannakhet vocational centre", province_id="LA-SV")
    OrganisationFactory(acronym="SVK-HOSP", name_en="Savannakhet hospital", province_id="LA-SV")
    content = xlsx_bytes({"intake": [INTAKE_HEADERS, *INTAKE_ROWS], "referrals": REFERRALS_SHEET})
    job = services.import_job_create(
        actor=svk_staff, kind="return_intake", filename="intake.xlsx", content=content
    )
    columns = {
        **job.mapping["columns"],
        "respondent/full_name": "full_name",
        "return/date_of_return": "returned_on",
        "referrals/service": "referral_service",
        "referrals/organisation": "referral_to",
    }
    services.import_job_map(actor=svk_staff, job=job, mapping={**job.mapping, "columns": columns})
    job = run_job(svk_staff, job)
    assert (job.counts["created"], job.counts["rejected"], job.counts["excluded"]) == (1, 1, 1)
    person = Person.objects.get()
    assert (
        person.given_name_lo,
        person.family_name_lo,
        person.sex,
        person.birth_year,
        person.migrant_status,
    ) == (
        "ແສງດາວ",
        "ແກ້ວວົງສາ",
        "female",
        1994,
        "returnee",
    )
    back = Return.objects.get(person=person)
    assert (back.reason, back.border_point, sorted(back.needs)) == (
        "covid19",
        "friendship_2",
        ["job", "training"],
    )
    assert sorted(
        Referral.objects.filter(after_return=back).values_list("service", "referred_to__acronym")
    ) == [
        ("health", "SVK-HOSP"),
        ("training", "VTC-SVK"),
    ]
    # The refused row left nothing: no person, no return, no referral.
    assert "NOWHERE" in job.issues.get(level="rejected").message
    assert Return.objects.count() == 1 and Referral.objects.count() == 2

    again = services.import_job_create(
        actor=svk_staff, kind="return_intake", filename="intake.xlsx", content=content
    )
    again = run_job(svk_staff, again)
    assert again.counts["unchanged"] == 1 and Referral.objects.count() == 2 and Person.objects.count() == 1
