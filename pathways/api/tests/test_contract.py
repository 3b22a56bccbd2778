"""The contract every operation keeps: one error shape in the reader's language, one way to page, scopes and
expiry on tokens, rate limits, and Idempotency-Key on POSTs."""

import datetime
import enum
import inspect

import pytest
from django.core.management import call_command
from django.utils import timezone
from ninja import Schema

from pathways.accounts.models import ApiToken
from pathways.api.v1 import api
from pathways.people.models import Person
from pathways.testing.factories import make_person

PERSON = {"given_name_latin": "Noy", "sex": "female", "migrant_status": "returnee", "home_province": "LA-VT"}


def test_a_refusal_is_a_problem_with_a_stable_code_and_its_fields(client, officer, bearer):
    answer = client.post(
        "/api/v1/people/",
        {**PERSON, "birth_date": "2999-01-01"},
        content_type="application/json",
        **bearer(officer),
    )

    assert answer.status_code == 422
    assert answer["Content-Type"] == "application/problem+json"
    problem = answer.json()
    assert problem["code"] == "invalid_data" and problem["status"] == 422
    assert problem["type"].endswith("/api/v1/problems#invalid_data")
    assert ["body", "birth_date"] in [e["loc"] for e in problem["errors"]]
    assert all(e["code"] for e in problem["errors"])
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "The request does not match the API's description."),
        ("lo", "ຄຳຮ້ອງຂໍບໍ່ກົງກັບຄຳອະທິບາຍຂອງ API."),
        ("th", "คำขอไม่ตรงกับคำอธิบายของ API"),
    ],
)
def test_problems_are_in_the_requests_language(client, officer, bearer, language, title):
    answer = client.post(
        "/api/v1/people/",
        {**PERSON, "sex": "unknown"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
        **bearer(officer),
    )
    assert answer.status_code == 422 and answer.json()["title"] == title
    assert answer.json()["errors"][0]["code"] == "enum"


@pytest.mark.parametrize("body", ["[]", '"x"', "3", "null"])
def test_a_body_that_is_not_an_object_is_refused_not_read_as_an_empty_patch(client, officer, bearer, body):
    person = make_person(actor=officer)
    answer = client.patch(
        f"/api/v1/people/{person.pk}", body, content_type="application/json", **bearer(officer)
    )
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"loc": ["body"], "msg": "Send a JSON object with named fields.", "code": "object_expected"}
    ]


def test_malformed_json_and_multipart_without_a_boundary_answer_400(client, officer, bearer):
    broken = client.post("/api/v1/people/", "{not json", content_type="application/json", **bearer(officer))
    no_boundary = client.post(
        "/api/v1/imports/", b"--x\r\n", content_type="multipart/form-data", **bearer(officer)
    )
    assert (broken.status_code, broken.json()["code"]) == (400, "malformed_body")
    assert (no_boundary.status_code, no_boundary.json()["code"]) == (400, "malformed_body")


def test_a_malformed_import_mapping_is_refused_with_the_field_named(
    client, me_officer, bearer, settings, tmp_path
):
    settings.IMPORTS_DIR = str(tmp_path)

    def upload(mapping: str):
        return client.post(
            "/api/v1/imports/",
            {"file": _csv(tmp_path), "kind": "people", "mapping": mapping},
            **bearer(me_officer),
        )

    not_json = upload("{columns:")
    wrong_shape = upload('{"columns": 5}')
    assert not_json.status_code == 422 and not_json.json()["errors"][0]["loc"] == ["body", "mapping"]
    assert wrong_shape.status_code == 422
    assert wrong_shape.json()["errors"][0]["loc"] == ["form", "mapping", "columns"]


def _csv(folder):
    path = folder / "people.csv"
    path.write_text("given_name,sex\nNoy,female\n")
    return path.open("rb")


def test_lists_page_one_way_and_a_page_past_the_end_is_404(client, officer, bearer):
    for i in range(3):
        make_person(actor=officer, given_name_latin=f"Person{i}")
    auth = bearer(officer)

    first = client.get("/api/v1/people/", {"page_size": 2}, **auth).json()
    second = client.get(first["next"], **auth).json()
    beyond = client.get("/api/v1/people/", {"page_size": 2, "page": 3}, **auth)

    assert (first["count"], len(first["results"]), first["previous"]) == (3, 2, None)
    assert len(second["results"]) == 1 and second["next"] is None and second["previous"]
    assert beyond.status_code == 404 and beyond.json()["code"] == "page_not_found"
    empty = client.get("/api/v1/people/", {"q": "nobody-at-all"}, **auth).json()
    assert (empty["count"], empty["results"], empty["next"]) == (0, [], None)


def test_updated_since_follows_a_cursor_that_misses_nothing_changed_between_pages(client, officer, bearer):
    people = [make_person(actor=officer, given_name_latin=f"Person{i}") for i in range(3)]
    auth = bearer(officer)
    since = (people[0].updated_at - datetime.timedelta(seconds=1)).isoformat()

    page = client.get("/api/v1/people/", {"updated_since": since, "page_size": 2}, **auth).json()
    # The first page's first record changes before the next page is read: it comes again, nothing is skipped.
    client.patch(
        f"/api/v1/people/{page['results'][0]['id']}",
        {"birth_year": 1990},
        content_type="application/json",
        **auth,
    )
    rest = client.get(page["next"], **auth).json()

    assert [p["id"] for p in page["results"]] == [str(p.pk) for p in people[:2]]
    assert [p["id"] for p in rest["results"]] == [str(people[2].pk), str(people[0].pk)]


def test_a_token_only_does_what_its_scopes_allow(client, officer, bearer):
    read_only = bearer(officer, scopes=["read"])
    people_only = bearer(officer, scopes=["people:write"])

    assert client.get("/api/v1/people/", **read_only).status_code == 200
    refused = client.post("/api/v1/people/", PERSON, content_type="application/json", **read_only)
    assert refused.status_code == 403 and refused.json()["code"] == "insufficient_scope"
    assert (
        client.post("/api/v1/people/", PERSON, content_type="application/json", **people_only).status_code
        == 201
    )
    assert client.get("/api/v1/jobs/vacancies", **people_only).json()["code"] == "insufficient_scope"
    assert client.get("/api/v1/places/provinces", **people_only).status_code == 200


def test_an_expired_token_is_refused_with_its_own_code(client, officer, bearer):
    auth = bearer(officer, scopes=["read"])
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    answer = client.get("/api/v1/people/", **auth)
    assert answer.status_code == 401 and answer.json()["code"] == "token_expired"
    assert answer["WWW-Authenticate"].startswith("Bearer")


def test_issue_token_sets_scopes_and_expiry(client, officer, capsys):
    call_command("issue_token", "officer", "--scope", "people:read", "--scope", "jobs:write", "--days", "7")
    key = capsys.readouterr().out.strip()
    token = ApiToken.objects.get()
    assert token.scopes == ["people:read", "jobs:write"]
    assert 6 <= (token.expires_at - timezone.now()).days <= 7
    assert client.get("/api/v1/people/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_a_token_over_its_rate_limit_is_told_when_to_come_back(client, officer, bearer, settings):
    settings.API_RATE_LIMIT = 3
    auth = bearer(officer, scopes=["read"])
    answers = [client.get("/api/v1/places/provinces", **auth) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].json()["code"] == "rate_limited"
    assert 1 <= int(answers[-1]["Retry-After"]) <= 60
    other = bearer(officer, scopes=["read"])
    assert client.get("/api/v1/places/provinces", **other).status_code == 200  # counted per token


def test_a_client_trying_bad_tokens_is_stopped(client, officer, bearer, settings):
    settings.API_REFUSED_TOKENS_LIMIT = 3
    statuses = [
        client.get("/api/v1/people/", HTTP_AUTHORIZATION=f"Bearer guess-{i}").status_code for i in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    # The whole client waits out the minute, even with a valid token.
    assert client.get("/api/v1/people/", **bearer(officer)).status_code == 429


def test_the_same_post_with_the_same_key_is_answered_once(client, officer, bearer):
    auth = {**bearer(officer), "HTTP_IDEMPOTENCY_KEY": "3f1c-registration-1"}
    first = client.post("/api/v1/people/", PERSON, content_type="application/json", **auth)
    again = client.post("/api/v1/people/", PERSON, content_type="application/json", **auth)
    other = client.post(
        "/api/v1/people/", {**PERSON, "given_name_latin": "Ae"}, content_type="application/json", **auth
    )

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Person.objects.count() == 1
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


def test_idempotency_keys_belong_to_their_token(client, officer, bearer):
    key = {"HTTP_IDEMPOTENCY_KEY": "same-key"}
    client.post("/api/v1/people/", PERSON, content_type="application/json", **bearer(officer), **key)
    client.post("/api/v1/people/", PERSON, content_type="application/json", **bearer(officer), **key)
    assert Person.objects.count() == 2


def test_a_refused_request_is_not_remembered_so_the_retry_runs(client, officer, bearer, settings):
    settings.API_RATE_LIMIT = 1
    auth = {**bearer(officer), "HTTP_IDEMPOTENCY_KEY": "k"}
    client.get("/api/v1/places/provinces", **auth)
    assert client.post("/api/v1/people/", PERSON, content_type="application/json", **auth).status_code == 429
    settings.API_RATE_LIMIT = 100
    assert client.post("/api/v1/people/", PERSON, content_type="application/json", **auth).status_code == 201


def test_every_operation_documents_its_refusals_as_problems():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "429" in responses, (method, path)
            if operation.get("security"):
                for status in ("401", "403", "404"):
                    assert "application/problem+json" in responses[status]["content"], (method, path, status)
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in responses, (method, path)
            if method == "post":
                assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"]), path


def test_choices_are_enums_in_the_schema_and_no_two_share_a_name():
    schema = api.get_openapi_schema()["components"]["schemas"]
    assert schema["Sex"]["enum"] == ["female", "male", "other"]
    assert "enum" in schema["VacancyStatus"] and "enum" in schema["ReferralStatus"]
    # Two different choice classes with one name would share one entry in the document: the last would win.
    seen: dict[str, type] = {}
    for model in _api_schemas():
        for field in model.model_fields.values():
            for kind in _enums_in(field.annotation):
                assert seen.setdefault(kind.__name__, kind) is kind, kind.__name__


def _api_schemas():
    import pathways.api.v1  # noqa: F401  (every router imported)

    stack, found = [Schema], set()
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub.__module__.startswith("pathways.") and sub not in found:
                found.add(sub)
                stack.append(sub)
    return found


def _enums_in(annotation) -> list[type]:
    if inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
        return [annotation]
    return [kind for arg in getattr(annotation, "__args__", ()) for kind in _enums_in(arg)]


def test_a_misspelt_filter_is_refused_rather_than_ignored(client, officer, bearer):
    answer = client.get("/api/v1/people/", {"provinve": "LA-SV"}, **bearer(officer))
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"loc": ["query", "provinve"], "msg": "This field is not expected.", "code": "extra_forbidden"}
    ]


@pytest.mark.parametrize(
    "since",
    ["3787-05-09T07:57:57-16:35", "9999-12-31T23:00:00-12:00", "0001-01-01T00:00:00+14:00", "2024-01-01"],
)
def test_any_time_a_client_sends_to_updated_since_is_read_without_error(client, officer, bearer, since):
    make_person(actor=officer)
    for url in ("/api/v1/people/", "/api/v1/training/courses"):
        assert client.get(url, {"updated_since": since}, **bearer(officer)).status_code == 200
    assert client.get("/api/v1/changes", {"since": since}, **bearer(officer)).status_code == 200


def test_text_with_a_nul_character_and_numbers_too_large_are_refused_not_500(client, officer, bearer):
    auth = bearer(officer)
    nul_body = client.post(
        "/api/v1/people/", {**PERSON, "given_name_latin": "No\x00y"}, content_type="application/json", **auth
    )
    nul_query = client.get("/api/v1/people/", {"province": "LA\x00"}, **auth)
    huge = client.post(
        "/api/v1/people/", {**PERSON, "birth_year": 10**30}, content_type="application/json", **auth
    )
    assert nul_body.status_code == 422 and nul_body.json()["errors"][0] == {
        "loc": ["body", "given_name_latin"],
        "msg": "Text cannot hold the NUL character.",
        "code": "string_nul",
    }
    assert nul_query.status_code == 422 and nul_query.json()["errors"][0]["loc"] == ["query", "province"]
    assert huge.status_code == 422
    assert Person.objects.count() == 0
