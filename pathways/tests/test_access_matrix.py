"""The access matrix: every page route and every API operation × every role × a record inside and outside the
role's scope, generated from the URL configuration and the API's OpenAPI document.

Each route and operation must have a rule below (who may use it); a new one without a rule fails the suite.
For every cell the test asserts:
- a role the rule admits gets an answer for a record in its scope (never 401/403/404, never a server error);
- every role gets 404 for a record outside its scope (a protection case off the role's team included), by
  GET and by every writing method, exactly as for a record that does not exist, and nothing is written;
- a role the rule does not admit is refused (login, 401, 403 or 404);
- no answer ever carries a personal field of someone outside the role's scope: donors see no person at all,
  partner staff only their side's people, and only a case's team its summary.
The count of cells is printed (`-s` shows it; CI's log keeps it).
"""

import datetime
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from pathways.accounts.models import Role
from pathways.accounts.services import api_token_issue
from pathways.api.v1 import api
from pathways.identity import services as identity_services
from pathways.identity.models import CandidatePair
from pathways.imports import services as import_services
from pathways.jobs import services as jobs_services
from pathways.outreach import services as outreach_services
from pathways.partners.models import OrganisationKind
from pathways.people.models import Person
from pathways.places.models import Country, Province
from pathways.protection import services as protection_services
from pathways.recruitment.services import agencies as agency_services
from pathways.recruitment.services import complaints as complaint_services
from pathways.recruitment.services import job_orders as job_order_services
from pathways.recruitment.services import records as recruitment_services
from pathways.results.models import Project
from pathways.returns import services as returns_services
from pathways.testing.factories import OrganisationFactory, UserFactory, make_person
from pathways.training import services as training_services
from pathways.training.models import CompetencyUnit, Course

# --- who
# Each role's side: the records it may see are that side's ("vte" or "svk"); national roles without a province
# list see both (no record is outside their scope); donors see no person's record on either.
ROLES = {
    "admin": None,
    "me_officer": None,
    "officer_vte": "vte",
    "vte_staff": "vte",
    "svk_staff": "svk",
    "case_worker": "svk",
    "case_worker_off": "svk",
    "donor": "vte",
    "anonymous": "vte",
}
NATIONAL = {"admin", "me_officer", "officer_vte"}
STAFF = NATIONAL | {"vte_staff", "svk_staff", "case_worker", "case_worker_off"}
SIGNED_IN = STAFF | {"donor"}
RECORDERS = NATIONAL | {"vte_staff", "svk_staff"}  # placements, outreach
RETURNS = RECORDERS | {"case_worker", "case_worker_off"}
CASE_WORKERS = {"case_worker", "case_worker_off"}
TEAM = {"case_worker"}
REVIEWERS = {"admin", "me_officer"}  # national over every province: field submissions, DHIS2
# API lists answer donors with nothing rather than a refusal (the personal-field check proves the nothing).
LISTS = SIGNED_IN
# The vacancy and the session are the VTE partner's: it and national staff manage them.
VTE_MANAGERS = NATIONAL | {"vte_staff"}
# An import job is seen by whoever started it and by national roles over every province.
IMPORTERS = REVIEWERS | {"vte_staff", "svk_staff"}
EVERYONE = SIGNED_IN | {"anonymous"}
NOBODY: set[str] = set()

# --- the rules: who may use each route and operation (by URL name / OpenAPI operation)
PAGES = {
    "dashboard": SIGNED_IN,
    "login": EVERYONE,
    "logout": EVERYONE,
    "set_language": EVERYONE,
    "healthz": EVERYONE,
    "metrics": EVERYONE,
    "verify": EVERYONE,
    "verify-public-key": EVERYONE,
    "person-list": STAFF,
    "person-export": STAFF,
    "person-export-xlsx": STAFF,
    "person-create": STAFF,
    "person-detail": STAFF,
    "person-edit": STAFF,
    "person-delete": {"admin"},
    "consent-add": STAFF,
    "consent-withdraw": STAFF,
    "training-home": STAFF,
    "training-courses": SIGNED_IN,
    "training-cohort-create": STAFF,
    "training-cohort": STAFF,
    "training-enrol": STAFF,
    "training-attendance-today": STAFF,
    "training-attendance": STAFF,
    "training-assessment": STAFF,
    "training-cohort-complete": STAFF,
    "training-cohort-certificates": STAFF,
    "training-cohort-certificates-pdf": STAFF,
    "training-enrolment": STAFF,
    "training-assess": STAFF,
    "training-drop-out": STAFF,
    "training-complete": STAFF,
    "training-enrolment-certificate": STAFF,
    "training-certificates": STAFF,
    "training-certificate": STAFF,
    "training-certificate-pdf": STAFF,
    "training-certificate-revoke": STAFF,
    "training-coverage": SIGNED_IN,
    "training-coverage-schedule": STAFF,
    "training-rpl-queue": STAFF,
    "training-rpl-create": STAFF,
    "training-rpl": STAFF,
    "training-rpl-step": STAFF,
    "training-rpl-evidence": STAFF,
    "jobs-home": STAFF,
    "jobs-vacancy-create": RECORDERS,
    "jobs-vacancy": STAFF,
    "jobs-vacancy-status": VTE_MANAGERS,
    "jobs-vacancy-edit": VTE_MANAGERS,
    "jobs-vacancy-place": RECORDERS,
    "jobs-placements": STAFF,
    "jobs-placement-create": RECORDERS,
    "jobs-placement": STAFF,
    "jobs-follow-up": RECORDERS,
    "jobs-follow-up-correct": RECORDERS,
    "jobs-placement-end": RECORDERS,
    "jobs-follow-ups": STAFF,
    "outreach-home": STAFF,
    "outreach-session-create": RECORDERS,
    "outreach-session": STAFF,
    "outreach-session-edit": VTE_MANAGERS,
    "outreach-attendee-add": RECORDERS,
    "outreach-attendee-scores": RECORDERS,
    "outreach-attendee-remove": RECORDERS,
    "protection-home": CASE_WORKERS,
    "protection-case-open": CASE_WORKERS,
    "protection-case": TEAM,
    "protection-case-edit": TEAM,
    "protection-note-add": TEAM,
    "protection-case-close": TEAM,
    "protection-case-reopen": TEAM,
    "protection-case-team": TEAM,
    "returns-home": STAFF,
    "returns-referrals": STAFF,
    "returns-create": RETURNS,
    "returns-return": STAFF,
    "returns-edit": RETURNS,
    "returns-referral-create": RETURNS,
    "returns-referral-outcome": RETURNS,
    "identity-queue": NATIONAL,
    "identity-pair": NATIONAL,
    "identity-pair-reject": NATIONAL,
    "identity-merge-undo": NATIONAL,
    "identity-run": NATIONAL,
    "identity-why": NATIONAL,
    "import-list": STAFF,
    "import-detail": IMPORTERS,
    "import-report": IMPORTERS,
    "openrosa-root": NOBODY,
    "openrosa-form-list": NOBODY,
    "openrosa-submission": NOBODY,
    "openrosa-form": NOBODY,
    "openrosa-manifest": NOBODY,
    "openrosa-media": NOBODY,
    "fieldcapture-home": STAFF,
    "fieldcapture-sw": EVERYONE,
    "fieldcapture-device-revoke": STAFF,
    "fieldcapture-fill": STAFF,
    "fieldcapture-form-xml": STAFF,
    "fieldcapture-submit": STAFF,
    "fieldcapture-queue": STAFF,
    "fieldcapture-submission": STAFF,
    "fieldcapture-attachment": STAFF,
    "results-projects": SIGNED_IN,
    "results-dhis2-org-units": REVIEWERS,
    "results-dhis2-combos": REVIEWERS,
    "results-dhis2-combo-new": REVIEWERS,
    "results-dhis2-combo": REVIEWERS,
    "results-dashboard": SIGNED_IN,
    "results-report": SIGNED_IN,
    "results-records": STAFF,
    "results-dhis2": REVIEWERS,
    "results-dhis2-send": REVIEWERS,
    "results-dhis2-mapping": REVIEWERS,
    # Agencies are a public register; licensing them is national roles'. Recruitment records are the person's.
    "recruitment-agencies": SIGNED_IN,
    "recruitment-agency-create": NATIONAL,
    "recruitment-agency": SIGNED_IN,
    "recruitment-agency-edit": NATIONAL,
    "recruitment-agency-status": NATIONAL,
    "recruitment-records": STAFF,
    "recruitment-record-create": RECORDERS,
    "recruitment-record": STAFF,
    "recruitment-record-edit": RECORDERS,
    "recruitment-cost-create": RECORDERS,
    "recruitment-cost-delete": RECORDERS,
    "recruitment-earnings-create": RECORDERS,
    "recruitment-exchange-rates": SIGNED_IN,
    "recruitment-sdg": STAFF,
    # Complaints: recorded by national roles, partner staff and case workers (hotlines) for their
    # organisations; one naming a worker is seen as the worker is.
    "recruitment-complaints": STAFF,
    "recruitment-complaint-create": RETURNS,
    "recruitment-complaint": STAFF,
    "recruitment-complaint-progress": RETURNS,
    "recruitment-complaint-refer": RETURNS,
    "recruitment-complaint-case": CASE_WORKERS,  # opening a protection case from it
    # Job orders are a public register too; the ministry (national roles) records and decides on them.
    "recruitment-job-orders": SIGNED_IN,
    "recruitment-job-order-create": NATIONAL,
    "recruitment-job-order": SIGNED_IN,
    "recruitment-job-order-decide": NATIONAL,
}

OPERATIONS = {
    "problem_catalogue": EVERYONE,
    "person_list": LISTS,
    "person_create": STAFF,
    "person_detail": STAFF,
    "person_update": STAFF,
    "person_delete": {"admin"},
    "provinces": SIGNED_IN,
    "districts": SIGNED_IN,
    "course_list": SIGNED_IN,
    "cohort_list": LISTS,
    "cohort_detail": STAFF,
    "enrolment_list": STAFF,
    "enrol": STAFF,
    "attendance_day": STAFF,
    "assess": STAFF,
    "drop_out": STAFF,
    "complete": STAFF,
    "issue": STAFF,
    "issue_for_cohort": STAFF,
    "certificate_detail": STAFF,
    "revoke": STAFF,
    "rpl_queue": LISTS,
    "rpl_apply": STAFF,
    "rpl_evidence": STAFF,
    "coverage": LISTS,
    "public_verify_payload": EVERYONE,
    "public_certificate": EVERYONE,
    "candidates": STAFF,
    "pair_list": NATIONAL,
    "pair_decide": NATIONAL,
    "merge": NATIONAL,
    "unmerge": NATIONAL,
    "kind_list": LISTS,
    "job_create": STAFF,
    "job_detail": IMPORTERS,
    "job_run": IMPORTERS,
    "job_issues": IMPORTERS,
    "vacancy_list": LISTS,
    "vacancy_create": RECORDERS,
    "vacancy_detail": STAFF,
    "vacancy_update": VTE_MANAGERS,
    "vacancy_status": VTE_MANAGERS,
    "vacancy_matches": STAFF,
    "placement_list": LISTS,
    "placement_create": RECORDERS,
    "placement_detail": STAFF,
    "placement_end": RECORDERS,
    "follow_up_record": RECORDERS,
    "follow_up_update": RECORDERS,
    "follow_ups_due": LISTS,
    "session_list": LISTS,
    "session_create": RECORDERS,
    "session_detail": STAFF,
    "attendee_list": STAFF,
    "attendee_add": RECORDERS,
    "attendee_remove": RECORDERS,
    "case_list": CASE_WORKERS,
    "case_open": CASE_WORKERS,
    "case_detail": TEAM,
    "case_update": TEAM,
    "case_assign": TEAM,
    "case_close": TEAM,
    "case_reopen": TEAM,
    "note_list": TEAM,
    "note_add": TEAM,
    "return_list": LISTS,
    "return_create": RETURNS,
    "return_detail": STAFF,
    "return_update": RETURNS,
    "referral_list": STAFF,
    "referral_create": RETURNS,
    "referral_outcome": RETURNS,
    "change_list": LISTS,
    "project_list": SIGNED_IN,
    "project_detail": SIGNED_IN,
    "indicator_report": SIGNED_IN,
    "report_file": SIGNED_IN,
    "public_lookup": EVERYONE,
    "agency_list": SIGNED_IN,
    "agency_create": NATIONAL,
    "agency_detail": SIGNED_IN,
    "agency_update": NATIONAL,
    "agency_status": NATIONAL,
    "exchange_rate_list": SIGNED_IN,
    "exchange_rate_set": NATIONAL,
    "record_list": LISTS,
    "record_create": RECORDERS,
    "record_detail": STAFF,
    "record_update": RECORDERS,
    "cost_create": RECORDERS,
    "cost_delete": RECORDERS,
    "earnings_create": RECORDERS,
    "complaint_list": LISTS,
    "complaint_create": RETURNS,
    "complaint_detail": STAFF,
    "complaint_progress": RETURNS,
    "complaint_refer": RETURNS,
    "job_order_list": SIGNED_IN,
    "job_order_create": NATIONAL,
    "job_order_detail": SIGNED_IN,
    "job_order_decide": NATIONAL,
}

# Parameters that are not records: one value for every cell.
FIXED = {
    "day": "2023-03-14",
    "fmt": "csv",
    "step": "eligibility",
    "checkpoint": "3",
    "name": "photo.jpg",
    "filename": "photo.jpg",
    "form_id": "returnee_intake",
    "code": "PROMISE-II",
    "indicator_code": "1.1",
    "combo_code": "sex",
    "number": "PW-2021-000001",
}


@dataclass
class Records:
    """The shared data set: each kind of record on both sides ("vte", "svk"); `words` are personal values
    that must not reach anyone outside the side (names, phones), `secret` the case's summary."""

    by_param: dict[str, dict[str, str]] = field(default_factory=dict)
    words: dict[str, list[str]] = field(default_factory=dict)
    secret: str = ""
    users: dict = field(default_factory=dict)


START = datetime.date(2023, 3, 1)


def _build() -> Records:
    from pathways.places.services import reference_places_load

    if not Province.objects.filter(code="LA-VT").exists():
        reference_places_load()
    orgs: dict[str, Any] = {
        "vte": OrganisationFactory(name_en="Vientiane Skills Centre", province_id="LA-VT"),
        "svk": OrganisationFactory(name_en="Savannakhet MRC", province_id="LA-SV", kind="mrc"),
    }
    users: dict[str, Any] = {
        "admin": UserFactory(username="m.admin", role=Role.ADMIN),
        "me_officer": UserFactory(username="m.me", role=Role.ME_OFFICER),
        "officer_vte": UserFactory(
            username="m.officer", role=Role.PROGRAMME_OFFICER, province_codes=["LA-VT"]
        ),
        "vte_staff": UserFactory(username="m.vte", organisation=orgs["vte"], province_codes=["LA-VT"]),
        "svk_staff": UserFactory(username="m.svk", organisation=orgs["svk"], province_codes=["LA-SV"]),
        "case_worker": UserFactory(
            username="m.cw", role=Role.CASE_WORKER, organisation=orgs["svk"], province_codes=["LA-SV"]
        ),
        "case_worker_off": UserFactory(
            username="m.cw.off", role=Role.CASE_WORKER, organisation=orgs["svk"], province_codes=["LA-SV"]
        ),
        "donor": UserFactory(username="m.donor", role=Role.DONOR),
    }
    supervisor: Any = UserFactory(
        username="m.cw.sup", role=Role.CASE_WORKER, organisation=orgs["svk"], province_codes=["LA-SV"]
    )
    project = Project.objects.create(
        code="PROMISE-II",
        name="PROMISE II",
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    course = Course.objects.create(
        code="SEW-2W",
        title_en="Sewing",
        title_lo="ຫຍິບ",
        sector="garment",
        isco_code="7533",
        level="certificate_1",
        duration_days=10,
        duration_hours=80,
    )
    course.offered_by.set(orgs.values())
    CompetencyUnit.objects.create(course=course, code="SEW-01", title_en="Sew", title_lo="ຫຍິບ", order=1)
    employer: Any = OrganisationFactory(kind=OrganisationKind.EMPLOYER, name_en="Trimax", province_id="LA-VT")
    vacancy = jobs_services.vacancy_create(
        actor=users["admin"],
        employer=employer,
        posted_by=orgs["vte"],
        title_en="Operator",
        title_lo="ພະນັກງານ",
        isco_code="7533",
        sector="garment",
        openings=5,
        opens_on=datetime.date(2021, 5, 1),
    )
    session = outreach_services.session_create(
        actor=users["admin"],
        organisation=orgs["vte"],
        held_on=datetime.date(2023, 3, 14),
        topic="safe_migration",
        province=Province.objects.get(code="LA-VT"),
        women_not_named=3,
    )
    agency = agency_services.agency_create(
        actor=users["admin"],
        name_en="Lao Workforce Services",
        licence_number="MLSW-0042",
        issuing_authority="MLSW",
        licence_valid_from=datetime.date(2022, 1, 1),
        licence_valid_to=datetime.date(2030, 12, 31),
        head_office_province=Province.objects.get(code="LA-VT"),
    )
    job_order = job_order_services.job_order_create(
        actor=users["admin"],
        reference="TH-2023-001",
        employer=employer,
        destination=Country.objects.get(code="TH"),
        channel="agency",
        agency=agency,
        job_title="Operator",
        isco_code="7533",
        workers_any=5,
        wage_monthly=Decimal("300"),
        currency="USD",
        contract_months=24,
        received_on=datetime.date(2023, 1, 2),
    )
    records = Records(users=users)
    spelled = {
        "vte": ("Vilaykham", "Sisoulath", "+8562055550101"),
        "svk": ("Bounthavy", "Phetsarath", "+8562055550202"),
    }
    for side, province in (("vte", "LA-VT"), ("svk", "LA-SV")):
        staff, org = users[f"{side}_staff"], orgs[side]
        given, family, phone = spelled[side]
        person = make_person(
            actor=staff,
            given_name_latin=given,
            family_name_latin=family,
            home_province=province,
            phones=[phone],
            migrant_status="returnee",
        )
        twin = make_person(
            actor=staff, given_name_latin=given + "e", family_name_latin=family, home_province=province
        )
        records.words[side] = [given, family, phone, phone.removeprefix("+856")]
        # A likely duplicate in the review queue, both records on this side.
        a, b = identity_services.ordered(person.pk, twin.pk)
        pair = CandidatePair.objects.create(person_a_id=a, person_b_id=b, probability=0.97, match_weight=9.0)
        consent = person.consents.first() or _consent(staff, person)
        cohort = training_services.cohort_create(
            actor=staff,
            course=course,
            institution=org,
            starts_on=START,
            ends_on=START + datetime.timedelta(days=9),
            capacity=10,
            trainers=[staff],
            funding_project=project,
            eligible_statuses=["returnee"],
        )
        enrolment = training_services.enrolment_create(
            actor=staff, cohort=cohort, person=person, enrolled_on=START
        )
        placement = jobs_services.placement_create(
            actor=users["admin"],
            person=person,
            vacancy=vacancy,
            recorded_by_organisation=org,
            starts_on=datetime.date(2023, 6, 1),
        )
        attendance = outreach_services.attendance_add(
            actor=users["admin"], session=session, person_id=person.pk
        )
        a_return = returns_services.return_record(
            actor=staff,
            person_id=person.pk,
            organisation=org,
            returned_on=datetime.date(2023, 2, 1),
            from_country=Country.objects.get(code="TH"),
            reason="covid19",
        )
        referral = returns_services.referral_make(
            actor=staff,
            person_id=person.pk,
            organisation=org,
            service="job",
            referred_to=org,
            referred_on=datetime.date(2023, 2, 2),
            after_return=a_return,
        )
        recruitment = recruitment_services.recruitment_record(
            actor=staff,
            person_id=person.pk,
            organisation=org,
            channel="own",
            destination=Country.objects.get(code="TH"),
            recruited_on=datetime.date(2023, 1, 10),
        )
        complaint = complaint_services.complaint_record(
            actor=staff,
            organisation=org,
            received_on=datetime.date(2023, 2, 3),
            complainant="worker",
            against="broker",
            against_name="a broker",
            category="unpaid_wages",
            channel="mrc",
            person_id=person.pk,
        )
        job = import_services.import_job_create(
            actor=staff,
            kind="people",
            filename="people.csv",
            content=f"given_name,family_name\n{given},{family}\n".encode(),
        )
        objects: tuple[tuple[str, Any], ...] = (
            ("person_id", person),
            ("consent_id", consent),
            ("cohort_id", cohort),
            ("enrolment_id", enrolment),
            ("placement_id", placement),
            ("attendance_id", attendance),
            ("return_id", a_return),
            ("referral_id", referral),
            ("job_id", job),
            ("record_id", recruitment),
            ("complaint_id", complaint),
            ("pair_id", pair),
            ("institution_id", org),
        )
        for param, obj in objects:
            records.by_param.setdefault(param, {})[side] = str(obj.pk)
        # Not personal: every role that works with records sees them; both sides are the same record.
        records.by_param.setdefault("vacancy_id", {})[side] = str(vacancy.pk)
        records.by_param.setdefault("session_id", {})[side] = str(session.pk)
        records.by_param.setdefault("agency_id", {})[side] = str(agency.pk)
        records.by_param.setdefault("job_order_id", {})[side] = str(job_order.pk)
    case_person = Person.objects.get(pk=records.by_param["person_id"]["svk"])
    records.secret = "Held on a fishing boat for two years"
    case = protection_services.case_open(
        actor=users["case_worker"],
        person_id=case_person.pk,
        organisation=orgs["svk"],
        kind="trafficking",
        risk="high",
        opened_on=datetime.date(2023, 5, 2),
        supervisor=supervisor,
        summary=records.secret,
    )
    # The same case for every role: on the team it is in scope, off the team it is out of scope.
    records.by_param["case_id"] = {"vte": str(case.pk), "svk": str(case.pk)}
    return records


def _consent(actor, person):
    from pathways.people import services

    return services.consent_record(
        actor=actor,
        person=person,
        given_on=datetime.date(2023, 1, 5),
        purposes=["registration"],
        notice_version="v1",
        notice_language="lo",
        method="signed",
    )


# Routes whose record the shared data set has without what they show (certificates, a published form, DHIS2
# mapping, a results period): every role must be refused there, like an absent record; their in-scope half is
# missing.
NO_DATA = {
    "training-cohort-certificates-pdf",
    "fieldcapture-fill",
    "fieldcapture-form-xml",
    "results-report",
    "results-records",
    "results-dhis2",
    "results-dhis2-combo",
    "indicator_report",
}

# Record parameters the shared data set has no record for yet: every role must get a refusal for a made-up
# one (an answer with data, or a server error, fails) — the in-scope half of their cells is missing.
ABSENT = {
    "certificate_id",
    "application_id",
    "evidence_id",
    "merge_id",
    "device_id",
    "submission_id",
    "cost_id",
}


def _absent(param: str) -> str:
    return "987654" if param == "pair_id" else str(uuid.UUID(int=7))


def _page_routes():
    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.name

    for route, name in walk(get_resolver()):
        if route.startswith(("admin/", "api/v1/", "static/", "media/")) or "^" in route:
            continue
        yield route, name


def _api_operations():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            op = operation["operationId"].rsplit("_api_", 1)[-1].removeprefix("v1_").removeprefix("changes_")
            yield method.upper(), path, op


def _fill(route: str, side: str, records: Records, names: re.Pattern) -> tuple[str, bool]:
    """The route with its parameters filled for a record on `side`; whether it names a record at all."""
    has_record = False

    def value(match):
        nonlocal has_record
        param = match.group("name")
        if param in FIXED:
            return FIXED[param]
        if param in ABSENT:
            has_record = True
            return _absent(param)
        has_record = True
        return records.by_param[param][side]

    return names.sub(value, route), has_record


PAGE_PARAM = re.compile(r"<(?:\w+:)?(?P<name>\w+)>")
API_PARAM = re.compile(r"\{(?P<name>\w+)\}")
REFUSED = {302, 401, 403, 404, 405}


def _other(side: str) -> str:
    return "svk" if side == "vte" else "vte"


@pytest.mark.django_db
def test_every_route_and_operation_answers_each_role_as_its_rule_says(settings, capsys):
    settings.API_RATE_LIMIT = settings.API_REFUSED_TOKENS_LIMIT = 10**9
    cache.clear()
    pages = list(_page_routes())
    operations = list(_api_operations())
    assert {name for _r, name in pages} - set(PAGES) == set(), "a page route without a rule in PAGES"
    assert {op for *_m, op in operations} - set(OPERATIONS) == set(), "an API operation without a rule"

    records = _build()
    clients = {}
    tokens = {}
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(records.users[role])
            tokens[role] = api_token_issue(actor=None, user=records.users[role], scopes=["read", "write"])
        clients[role] = client
    counts_before = _counts()
    failures: list[str] = []
    cells = 0

    def check(role, method, url, allowed, in_scope, has_record, answer, hidden):
        nonlocal cells
        cells += 1
        status = answer.status_code
        where = f"{role:16} {method:6} {url} -> {status}"
        if status >= 500:
            failures.append(f"{where}: server error")
        elif has_record and not in_scope:
            # A GET of an action that only takes POST is refused by method before any record is read (405, or
            # back to the record's page, itself a 404); an API body is validated before the record is looked
            # up (422 names only the body's fields). Neither tells whether the record exists.
            harmless = {405, 302} if method == "GET" else ({422} if url.startswith("/api/") else set())
            if not (status == 404 or status in harmless or (role not in allowed and status in REFUSED)):
                failures.append(f"{where}: a record outside the role's scope must answer 404")
        elif role in allowed and status in {401, 403, 404}:
            failures.append(f"{where}: the rule admits this role")
        elif role not in allowed and status not in REFUSED:
            failures.append(f"{where}: the rule does not admit this role")
        body = answer.content.decode(errors="replace") if not answer.streaming else ""
        for word in hidden:
            if word in body:
                failures.append(f"{where}: shows {word!r}, which this role may not see")

    for role, side in ROLES.items():
        # Only refused writes are sent (a record outside the role's scope), so nothing may change; counted
        # once per role (a count after every request would double the test's time).
        if (now := _counts()) != counts_before:
            failures.append(f"before {role}: refused writes changed {_changed(counts_before, now)}")
            counts_before = now
        home = side or "vte"
        hidden = [] if side is None else list(records.words[_other(side)])
        if role in {"donor", "anonymous"}:
            hidden = records.words["vte"] + records.words["svk"]
        if role not in TEAM:
            hidden.append(records.secret)
        # Pages: GET with a record of the role's own side, and GET + POST with one of the other side.
        for route, name in pages:
            allowed = PAGES[name]
            url, has_record = _fill("/" + route, home, records, PAGE_PARAM)
            has_record = has_record or name in NO_DATA
            in_scope = not has_record or (
                name not in NO_DATA
                and not _is_absent(route, PAGE_PARAM)
                and _in_scope(role, route, PAGE_PARAM)
            )
            check(role, "GET", url, allowed, in_scope, has_record, clients[role].get(url), hidden)
            if has_record and name not in NO_DATA and (side is not None or "case_id" in route):
                if "case_id" in route and role in TEAM:
                    continue  # the one case is this role's own
                out = _fill("/" + route, _other(home), records, PAGE_PARAM)[0]
                if out == url and "case_id" not in route:
                    continue  # the same record on both sides (vacancies, sessions): not personal
                for method in ("GET", "POST"):
                    answer = getattr(clients[role], method.lower())(out)
                    check(role, method, out, allowed, False, True, answer, hidden)
        for method, path, op in operations:
            allowed = OPERATIONS[op]
            headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[role]}"} if role in tokens else {}
            url, has_record = _fill(path, home, records, API_PARAM)
            has_record = has_record or op in NO_DATA
            in_scope = not has_record or (
                op not in NO_DATA and not _is_absent(path, API_PARAM) and _in_scope(role, path, API_PARAM)
            )
            if method == "GET" or not has_record:
                if method == "GET":
                    check(
                        role, "GET", url, allowed, in_scope, has_record, Client().get(url, **headers), hidden
                    )
                continue
            out = _fill(path, _other(home), records, API_PARAM)[0]
            if (out == url and "case_id" not in path) or (side is None and "case_id" not in path):
                continue
            if "case_id" in path and role in TEAM:
                continue
            answer = Client().generic(method, out, "{}", content_type="application/json", **headers)
            check(role, method, out, allowed, False, True, answer, hidden)

    if (now := _counts()) != counts_before:
        failures.append(
            f"at the end: refused writes changed {sorted(k for k in now if now[k] != counts_before[k])}"
        )
    with capsys.disabled():
        print(
            f"\naccess matrix: {cells} cells ({len(pages)} page routes, {len(operations)} API operations, "
            f"{len(ROLES)} roles)"
        )
    assert failures == [], "\n".join(failures)


def _is_absent(route: str, params: re.Pattern) -> bool:
    return any(m.group("name") in ABSENT for m in params.finditer(route))


def _in_scope(role: str, route: str, params: re.Pattern) -> bool:
    names = {m.group("name") for m in params.finditer(route)}
    if "case_id" in names:
        return role in TEAM
    return True


def _changed(before: dict[str, int], now: dict[str, int]) -> list[str]:
    return sorted(k for k in now if now[k] != before[k])


def _counts() -> dict[str, int]:
    from django.apps import apps

    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in {"sessions", "core", "accounts", "api", "admin"}
    }
