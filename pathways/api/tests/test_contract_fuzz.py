"""Proof that the OpenAPI document is a contract a generated client can trust: schemathesis sends thousands of
generated requests to every operation, in-process, with the tokens of four roles over the demo's real data,
and every answer must pass every check — no 5xx, the documented status, content type, headers and body schema;
data valid by the schema is never refused as malformed, and data invalid by it always is.

Path and body ids are real records half the time (people, cohorts, vacancies, cases...), so operations run
with their real data rather than answering 404 to random UUIDs."""

import json
import os
import time
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from pathways.accounts.models import User
from pathways.accounts.services import api_token_issue
from pathways.demo.seeding import demo_seed
from pathways.identity.models import CandidatePair, MergeRecord
from pathways.imports.models import ImportJob
from pathways.jobs.models import Placement, Vacancy
from pathways.outreach.models import InformationSession
from pathways.partners.models import Organisation
from pathways.people.models import Person
from pathways.protection.models import ProtectionCase
from pathways.results.models import Project, ReportingPeriod
from pathways.returns.models import Referral, Return
from pathways.training.models import Certificate, Cohort, Course, Enrolment, RplApplication

ROLES = ["officer", "svk.staff", "donor", "caseworker"]
# Per operation and role: examples valid by the schema, and examples that break it.
POSITIVE_EXAMPLES = 7
NEGATIVE_EXAMPLES = 4
MIN_REQUESTS = 3000
# A refusal that says the request did not match the description: never the answer to data the description
# allows (a rule refusing well-formed data answers invalid_data instead).
SCHEMA_REFUSALS = {"invalid_request", "malformed_body"}


def _ids(model, limit: int = 6) -> list[str]:
    return [str(pk) for pk in model.objects.order_by("pk").values_list("pk", flat=True)[:limit]]


def _real_values() -> dict[str, list]:
    organisations = _ids(Organisation, 20)
    people = [
        str(pk) for pk in Person.objects.filter(merged_into__isnull=True).values_list("pk", flat=True)[:8]
    ]
    return {
        "person_id": people,
        "survivor": people,
        "merged": people,
        "cohort_id": _ids(Cohort),
        "course_id": _ids(Course),
        "enrolment_id": _ids(Enrolment),
        "certificate_id": _ids(Certificate),
        "application_id": _ids(RplApplication),
        "vacancy_id": _ids(Vacancy),
        "placement_id": _ids(Placement),
        "session_id": _ids(InformationSession),
        "return_id": _ids(Return),
        "referral_id": _ids(Referral),
        "case_id": _ids(ProtectionCase),
        "job_id": _ids(ImportJob),
        "pair_id": list(CandidatePair.objects.values_list("pk", flat=True)[:6]),
        "merge_id": _ids(MergeRecord),
        "organisation_id": organisations,
        "employer_id": organisations,
        "posted_by_id": organisations,
        "recorded_by_organisation_id": organisations,
        "institution_id": organisations,
        "referred_to_id": organisations,
        "quarantine_centre_id": organisations,
        "code": list(Project.objects.values_list("code", flat=True)),
        "period": list(ReportingPeriod.objects.values_list("label", flat=True).distinct()[:6]),
        "number": list(Certificate.objects.values_list("number", flat=True)[:4]),
        "supervisor": ["cw.supervisor", "caseworker"],
        "province": ["LA-SV", "LA-VT", "LA-CH"],
        "home_province": ["LA-SV", "LA-VT"],
        "funding_project": list(Project.objects.values_list("code", flat=True)),
    }


def _positive(case, location: str) -> bool:
    component = case.meta.components.get(location) if case.meta else None
    return component is None or component.mode == GenerationMode.POSITIVE


def _with_real_values(case, data, real: dict[str, list]) -> None:
    """Swap generated ids for real ones, each with even odds, in the path and in an object body (only where
    the case keeps to the schema: a value meant to break it stays broken)."""
    for location, where in (
        ("path", case.path_parameters),
        ("body", case.body if isinstance(case.body, dict) else None),
    ):
        if not where or not _positive(case, location):
            continue
        for name in list(where):
            pool = real.get(name)
            if pool and data.draw(st.booleans(), label=f"real {name}"):
                where[name] = data.draw(st.sampled_from(pool), label=name)


def _code(response) -> str | None:
    try:
        body = json.loads(response.content or b"{}")
    except ValueError:
        return None
    return body.get("code") if isinstance(body, dict) else None


@pytest.mark.django_db
def test_every_operation_answers_as_documented_for_every_role(settings_override, connection_kept):
    demo_seed(people=30, seed=7, truth_path=None, if_empty=False)
    real = _real_values()
    tokens = {
        role: api_token_issue(actor=None, user=User.objects.get(username=role), scopes=["write"])
        for role in ROLES
    }
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    sent: Counter = Counter()
    statuses: Counter = Counter()
    failures: list[str] = []
    started = time.perf_counter()

    for result in schema.get_all_operations():
        operation = result.ok()
        if os.environ.get("FUZZ_ONLY", "") not in operation.label:
            continue
        for mode, examples in (
            (GenerationMode.POSITIVE, POSITIVE_EXAMPLES),
            (GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES),
        ):
            strategy = operation.as_strategy(generation_mode=mode)
            for role in ROLES:
                _exchanges(
                    operation, strategy, examples, mode, role, tokens[role], real, sent, statuses, failures
                )

    elapsed = time.perf_counter() - started
    print(f"\nschemathesis: {sum(sent.values())} requests in {elapsed:.0f} s, {dict(sent)}, {dict(statuses)}")
    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures[:15])
    assert sum(sent.values()) >= MIN_REQUESTS
    assert all(sent[role] for role in ROLES)


def _exchanges(operation, strategy, examples, mode, role, token, real, sent, statuses, failures) -> None:
    # Identity encoding: the in-process client does not undo the gzip the middleware applies.
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "lo", "Accept-Encoding": "identity"}

    @given(case=strategy, data=st.data())
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def exchange(case, data):
        _with_real_values(case, data, real)
        # A case that breaks the headers (leaves out the token, say) is sent as generated.
        sent_headers = headers if _positive(case, "header") else {"Accept-Encoding": "identity"}
        response = case.call(headers=sent_headers)
        sent[role] += 1
        statuses[response.status_code] += 1
        label = f"{role} {operation.label} ({mode.value})"
        try:
            case.validate_response(response, headers=sent_headers, excluded_checks=[positive_data_acceptance])
        except (Exception, BaseExceptionGroup) as failure:  # every failure is collected, the run goes on
            failures.append(f"{label}: {failure}")
        if mode == GenerationMode.POSITIVE and _code(response) in SCHEMA_REFUSALS:
            failures.append(
                f"{label}: valid data refused: {response.content[:400]!r}, sent {case.body!r:.300}"
            )

    try:
        exchange()
    except Unsatisfiable:
        # Nothing can break the schema of an operation without parameters or body: no negative cases.
        assert mode == GenerationMode.NEGATIVE, operation.label


@pytest.fixture
def connection_kept():
    """The in-process WSGI calls end as real requests do, closing the database connection, which would end the
    test's transaction on PostgreSQL; Django's own test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def settings_override(settings, tmp_path):
    # Thousands of requests a minute from four tokens; the limits have tests of their own.
    settings.API_RATE_LIMIT = 1_000_000
    settings.API_REFUSED_TOKENS_LIMIT = 1_000_000
    settings.IMPORTS_DIR = str(tmp_path / "imports")
    settings.IMPORTS_BACKGROUND = "inline"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CERTIFICATE_DEVELOPMENT_KEY_IN_TESTS = True
