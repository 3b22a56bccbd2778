"""Production settings: check --deploy clean with the documented environment, HTTPS, the CSP header."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "deploy" / "pathways.env.example"


def documented_environment() -> dict[str, str]:
    """deploy/pathways.env.example as a service manager reads it, with the blanks an operator fills."""
    env = {}
    for line in EXAMPLE.read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    env["CERTIFICATE_SIGNING_KEY"] = "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMzI"
    env["ENCRYPTION_KEYS"] = "c3RhY2stdGVzdC1lbmNyeXB0aW9uLWtleS0zMi1ieXQ="
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL", "")
    env["REDIS_URL"] = os.environ.get("REDIS_URL", "")
    return env


def machine_environment() -> dict[str, str]:
    """The process's environment without what the test run itself sets (browser tests allow async-unsafe
    calls, which check --deploy rightly refuses)."""
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_check_deploy_finds_nothing_with_the_documented_production_environment(tmp_path):
    env = {**machine_environment(), **documented_environment()}
    for folder in ("IMPORTS_DIR", "MEDIA_ROOT", "BACKUP_DIR"):
        env[folder] = str(tmp_path / folder.lower())
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_without_the_https_settings_check_deploy_names_what_is_missing(tmp_path):
    env = {**machine_environment(), "SECRET_KEY": secrets.token_urlsafe(50), "DEBUG": "false"}
    for name in ("SECURE_SSL_REDIRECT", "HSTS_SECONDS", "SECURE_COOKIES"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)")


def test_no_page_template_carries_inline_style_or_script():
    """The policy allows neither; the PDF report (drawn by WeasyPrint, not a browser) may. A script loaded
    from the site itself (the offline form page's) is allowed."""
    offenders = []
    for template in (ROOT / "pathways").rglob("templates/**/*.html"):
        if template.name == "report_pdf.html":
            continue
        text = template.read_text()
        if 'style="' in text or "<style" in text or INLINE_SCRIPT.search(text) or " on" + "click=" in text:
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.django_db
@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    SECURE_HSTS_SECONDS=31536000,
)
def test_plain_http_is_redirected_and_https_answers_with_hsts(client):
    plain = client.get("/accounts/login/")
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")

    secure = client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_health_checks_and_metrics_are_not_redirected(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/metrics").status_code == 200
