import pytest

from pathways.accounts.models import ApiToken
from pathways.accounts.services import api_token_issue, api_token_revoke
from pathways.core.models import AuditEvent
from pathways.people.models import Person


@pytest.fixture
def auth(vte_staff):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=vte_staff, scopes=['write'])}"}


VALID = {
    "given_name_lo": "ສຸກສະຫວັນ",
    "given_name_latin": "Souksavanh",
    "family_name_latin": "Sisouvanh",
    "sex": "female",
    "migrant_status": "returnee",
    "home_province": "Vientiane Capital",
    "birth_date": "1995-04-13",
    "phones": ["020 5555 1234"],
    "documents": [{"kind": "passport", "number": "P1234567", "issuing_country": "LA"}],
}


def test_a_request_without_a_token_is_refused(client):
    assert client.get("/api/v1/people/").status_code == 401


def test_a_revoked_token_is_refused(client, vte_staff):
    key = api_token_issue(actor=None, user=vte_staff, scopes=["write"])
    api_token_revoke(actor=None, token=ApiToken.objects.get())
    assert client.get("/api/v1/people/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_tokens_are_stored_only_as_hashes(vte_staff):
    key = api_token_issue(actor=None, user=vte_staff, scopes=["write"])
    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert ApiToken.objects.get().key_hash == ApiToken.hash(key)


def test_create_then_read_a_person(client, auth):
    created = client.post("/api/v1/people/", VALID, content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["home_province"] == "LA-VT"
    assert body["phones"] == ["+8562055551234"]
    fetched = client.get(f"/api/v1/people/{body['id']}", **auth).json()
    assert fetched["display_name"] == "ສຸກສະຫວັນ (Souksavanh Sisouvanh)"


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"phones": ["020 5555 1234", "999"]}, ["body", "phones", 1]),
        ({"birth_date": "2021-02-30"}, ["body", "birth_date"]),
        (
            {"documents": [{"kind": "passport", "number": "1", "issuing_country": "LA"}]},
            ["body", "documents", 0, "number"],
        ),
        ({"home_province": "Narnia"}, ["body", "home_province"]),
        ({"sex": None}, ["body", "sex"]),
    ],
)
def test_bad_input_answers_422_with_the_field_path_and_saves_nothing(client, auth, change, loc):
    response = client.post("/api/v1/people/", {**VALID, **change}, content_type="application/json", **auth)
    assert response.status_code == 422
    assert loc in [error["loc"] for error in response.json()["errors"]]
    assert Person.objects.count() == 0


def test_patch_changes_only_the_given_fields_and_is_audited(client, auth):
    person_id = client.post("/api/v1/people/", VALID, content_type="application/json", **auth).json()["id"]
    response = client.patch(
        f"/api/v1/people/{person_id}", {"migrant_status": "current"}, content_type="application/json", **auth
    )
    assert response.status_code == 200
    body = response.json()
    assert body["migrant_status"] == "current"
    assert body["phones"] == ["+8562055551234"] and body["documents"][0]["number"] == "P1234567"
    assert AuditEvent.objects.get(action="person.update").changed_fields == ["migrant_status"]


def test_a_donor_token_sees_no_people_and_cannot_create(client, donor):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=donor, scopes=['write'])}"}
    assert client.get("/api/v1/people/", **auth).json()["count"] == 0
    assert client.post("/api/v1/people/", VALID, content_type="application/json", **auth).status_code == 403


def test_the_list_runs_a_fixed_number_of_queries(client, auth, django_assert_max_num_queries):
    for i in range(15):
        client.post(
            "/api/v1/people/",
            {**VALID, "given_name_latin": f"Person{i}", "given_name_lo": ""},
            content_type="application/json",
            **auth,
        )
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/people/", **auth)
    assert response.json()["count"] == 15


def test_the_openapi_document_describes_the_people_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/people/" in schema["paths"]


def test_issue_token_command_prints_a_working_token(client, vte_staff, capsys):
    from django.core.management import call_command

    call_command("issue_token", "vte.staff")
    key = capsys.readouterr().out.strip()
    assert client.get("/api/v1/people/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
