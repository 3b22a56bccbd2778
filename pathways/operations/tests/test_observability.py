"""/healthz, /metrics and the JSON request log (which must carry no personal data)."""

import io
import json
import logging

import pytest
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper
from django.test import override_settings

from pathways.accounts.services import api_token_issue
from pathways.imports.models import ImportJob, JobStatus
from pathways.operations import health, metrics
from pathways.operations.logs import JsonFormatter
from pathways.testing.factories import make_person

pytestmark = pytest.mark.django_db


def test_healthz_reports_app_and_database_and_no_broker_without_redis(client, settings):
    settings.REDIS_URL = ""
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ok",
        "checks": {"app": "ok", "database": "ok", "broker": "not configured"},
    }


def test_healthz_answers_503_when_the_broker_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["broker"] == "down"
    assert answer.json()["status"] == "down"


def test_healthz_answers_503_when_the_database_is_down(client, settings, monkeypatch):
    settings.REDIS_URL = ""
    unreachable = PostgresWrapper(
        {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "pathways",
            "USER": "nobody",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": "1",
            "OPTIONS": {"connect_timeout": 1},
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
        }
    )
    monkeypatch.setattr(health, "connection", unreachable)
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["checks"] == {"app": "ok", "database": "down", "broker": "not configured"}


def _metric(text: str, name: str, **labels) -> float | None:
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    head = f"{name}{{{wanted}}}" if labels else name
    for line in text.splitlines():
        if line.startswith(head + " "):
            return float(line.rsplit(" ", 1)[1])
    return None


def test_metrics_count_requests_by_route_and_read_the_import_queue(client, officer):
    before = _metric(
        client.get("/metrics").content.decode(),
        "pathways_http_requests_total",
        method="GET",
        route="accounts/login/",
        status="200",
    )
    client.get("/accounts/login/")
    client.get("/accounts/login/")
    ImportJob.objects.create(
        kind="people", source="s", filename="f.csv", created_by=officer, status=JobStatus.QUEUED
    )
    text = client.get("/metrics").content.decode()
    after = _metric(text, "pathways_http_requests_total", method="GET", route="accounts/login/", status="200")
    assert after == (before or 0) + 2
    assert _metric(text, "pathways_http_request_duration_seconds_count", route="accounts/login/") >= 2
    assert _metric(text, "pathways_import_queue_depth") == 1
    assert _metric(text, "pathways_import_jobs", status="queued") == 1


def test_metrics_count_background_job_failures(client):
    metrics.task_failed("pathways.test.example_task")
    metrics.task_failed("pathways.test.example_task")
    text = client.get("/metrics").content.decode()
    assert _metric(text, "pathways_job_failures_total", task="pathways.test.example_task") == 2


def test_metrics_refuse_requests_that_came_through_the_proxy(client):
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert (
        client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    )
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404


@override_settings(METRICS_TOKEN="scrape-token-0123456789")
def test_metrics_with_a_token_need_it_from_anywhere(client):
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    answer = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", headers={"Authorization": "Bearer scrape-token-0123456789"}
    )
    assert answer.status_code == 200
    assert b"pathways_http_requests_total" in answer.content


@pytest.fixture
def json_log():
    """Every log line of the test, formatted as production formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("", "pathways.requests", "django")}
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logging.getLogger("django").setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def test_requests_for_a_person_log_no_name(client, officer, json_log):
    person = make_person(actor=officer, given_name_latin="Vilaythong", family_name_latin="Xaysombath")
    client.force_login(officer)
    assert client.get(f"/people/{person.pk}/").status_code == 200
    assert client.get("/people/", {"q": "Vilaythong Xaysombath"}).status_code == 200
    assert client.get("/people/export.csv", {"q": "Xaysombath"}).status_code == 200
    # A refused form and a page that does not exist: Django logs those itself.
    client.post("/people/new/", {"given_name_latin": "Vilaythong", "family_name_latin": "Xaysombath"})
    client.get("/people/00000000-0000-0000-0000-000000000000/", {"q": "Vilaythong"})
    token = api_token_issue(actor=None, user=officer)
    api = client.get("/api/v1/people/", {"q": "Vilaythong"}, headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200 and "Vilaythong" in api.content.decode()

    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    text = json_log.getvalue()
    assert "Vilaythong" not in text and "Xaysombath" not in text
    routes = {(line.get("route"), line.get("status")) for line in lines}
    assert ("people/<uuid:person_id>/", 200) in routes
    assert ("people/", 200) in routes
    assert ("people/<uuid:person_id>/", 404) in routes
    assert ("api/v1/people/", 200) in routes
    assert all(
        line["user_id"] == officer.pk for line in lines if (line.get("route") or "").startswith("people/")
    )


def test_an_exception_is_logged_by_type_and_stack_without_its_text(json_log):
    try:
        raise ValueError("duplicate key: Key (given_name)=(Vilaythong) already exists")
    except ValueError as error:
        logging.getLogger("pathways.test").exception("saving failed: %s", error)
    line = json.loads(json_log.getvalue().splitlines()[-1])
    assert "Vilaythong" not in json_log.getvalue()
    assert line["exception"] == "builtins.ValueError"
    assert line["message"] == "saving failed: <ValueError>"
    assert any("test_an_exception_is_logged" in frame for frame in line["stack"])
