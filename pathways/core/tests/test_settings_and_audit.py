import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from pathways.core.env import DECLARED, database_from_url, env_bool
from pathways.core.exports import safe_cell

README = Path(__file__).resolve().parents[3] / "README.md"


def test_postgres_url_becomes_a_postgresql_database():
    db = database_from_url("postgres://u:p%40ss@db.local:5433/pathways", sqlite_default_path="x")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "u",
        "p@ss",
        "db.local",
        "5433",
        "pathways",
    )


def test_empty_url_is_the_embedded_sqlite_file():
    assert database_from_url("", sqlite_default_path="/tmp/p.sqlite3")["NAME"] == "/tmp/p.sqlite3"


def test_unknown_database_scheme_is_refused_with_the_scheme_named():
    with pytest.raises(ValueError, match="mysql"):
        database_from_url("mysql://x/y", sqlite_default_path="x")


def test_a_boolean_variable_that_is_not_a_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("PATHWAYS_TEST_FLAG", "maybe")
    with pytest.raises(ValueError, match="PATHWAYS_TEST_FLAG must be true or false"):
        env_bool("PATHWAYS_TEST_FLAG", False, "test only")
    DECLARED.pop("PATHWAYS_TEST_FLAG")


@override_settings(DEBUG=False, SECRET_KEY="development-only-secret-key-never-use-in-production")
def test_app_refuses_to_start_without_debug_on_the_development_key():
    with pytest.raises(SystemCheckError, match="SECRET_KEY is the development key"):
        call_command("check")


@override_settings(
    DEBUG=False,
    SECRET_KEY="a-real-secret-" + "x" * 40,
    CERTIFICATE_SIGNING_KEY="YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMzI",
    ENCRYPTION_KEYS=["c3RhY2stdGVzdC1lbmNyeXB0aW9uLWtleS0zMi1ieXQ="],
)
def test_app_starts_without_debug_on_a_real_key():
    call_command("check")


def test_readme_lists_every_environment_variable_the_settings_read():
    listed = set(re.findall(r"^\| `([A-Z_]+)` \|", README.read_text(), flags=re.M))
    assert set(DECLARED) == listed


@pytest.mark.parametrize("value", ['=HYPERLINK("x")', "+1+1", "-2", "@SUM(A1)"])
def test_spreadsheet_formulas_are_neutralised_in_exports(value):
    assert safe_cell(value) == "'" + value


def test_ordinary_cells_are_left_alone():
    assert safe_cell("ສຸກສະຫວັນ") == "ສຸກສະຫວັນ"
    assert safe_cell(None) == ""
