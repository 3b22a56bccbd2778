"""Every command line of the README runs as written in a demo checkout: `make demo`'s settings file, no DEBUG
set by hand. Lines with placeholders (PATH, USERNAME, [--option]) run with values filled in; lines that cannot
run here say why, and a README line this file does not know fails the first test."""

import os
import re
import shutil
import sqlite3
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
README = ROOT / "README.md"

# README line (as written) -> the line run here, placeholders filled in (None: as written).
RUN: dict[str, str | None] = {
    ".venv/bin/python manage.py seed_demo --people N --seed S --truth truth.csv": (
        ".venv/bin/python manage.py seed_demo --people 60 --seed 7 --truth truth.csv"
    ),
    ".venv/bin/python manage.py find_duplicates [--threshold 0.5] [--export pairs.csv] [--train]": (
        ".venv/bin/python manage.py find_duplicates --threshold 0.5 --export pairs.csv"
    ),
    ".venv/bin/python manage.py import_file PATH --kind KIND [--mapping M.json] [--source NAME] [--dry-run] "
    "[--report R.csv]": (
        ".venv/bin/python manage.py import_file people.csv --kind people --source README --report r.csv"
    ),
    ".venv/bin/python manage.py report --project PROMISE-II --period 2024 --format hxl "
    "--out promise-2024.csv": None,
    ".venv/bin/python manage.py issue_token USERNAME [--scope SCOPE ...] [--days N]": (
        ".venv/bin/python manage.py issue_token officer --scope people:read --scope jobs:write --days 30"
    ),
    "TOKEN=$(.venv/bin/python manage.py issue_token donor --scope results:read)": (
        'TOKEN=$(.venv/bin/python manage.py issue_token donor --scope results:read) && test -n "$TOKEN"'
    ),
    ".venv/bin/python manage.py certificates_pdf COHORT_ID DIR": (
        ".venv/bin/python manage.py certificates_pdf {cohort} certificates"
    ),
    ".venv/bin/python manage.py audit_verify": None,
    ".venv/bin/python manage.py encryption_rotate": None,
    ".venv/bin/python manage.py backup [--output PATH.tar.gz]": (
        ".venv/bin/python manage.py backup --output demo-backup.tar.gz"
    ),
}
NOT_RUN_HERE = {
    ".venv/bin/python manage.py restore ARCHIVE [--replace] [--no-upgrade]": (
        "migrates an empty database first (half a minute); operations/tests/test_backup.py restores archives"
    ),
    "make demo": "serves until stopped; its steps (var/demo.env, migrate, seed_demo) are this test's set-up",
    "make test": "the whole suite, this test among it",
    "make check": "runs in CI before the suite (make test)",
    "make bench": "minutes of benchmarks; figures in docs/benchmarks.md",
    "make messages": "rewrites the catalogues of the checkout; test_catalogues keeps them complete",
    "make serve-prod": "the production stack: operations/tests/test_stack.py starts it as documented",
    ".venv/bin/celery -A pathways worker -l info": "needs Redis; test_stack.py runs the worker",
    ".venv/bin/celery -A pathways beat -l info": "needs Redis; test_stack.py runs beat",
    'curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8000/api/v1/results/projects': (
        "needs the demo server running; api/tests cover the endpoint"
    ),
    ".venv/bin/python bench/imports_bench.py --registry sqlite:////tmp/imports-1m.sqlite3 --rows 100000": (
        "a benchmark of minutes (docs/benchmarks.md)"
    ),
    ".venv/bin/python bench/fieldcapture_bench.py --database sqlite:////tmp/registry.sqlite3 "
    "[--submissions 300] [--repeat 5]": "a benchmark of minutes (docs/benchmarks.md)",
    ".venv/bin/python bench/certificates_bench.py": "a benchmark (docs/benchmarks.md)",
    ".venv/bin/python bench/identity_bench.py --database sqlite:////tmp/id.sqlite3 --truth /tmp/id-truth.csv "
    "[--generator b] [--people N]": "a benchmark of minutes (docs/benchmarks.md)",
    ".venv/bin/python bench/identity_queue_bench.py --database sqlite:////tmp/id-copy.sqlite3 --pairs 9000 "
    "[--former]": "a benchmark on a copy of a seeded registry (docs/benchmarks.md)",
    "DATABASE_URL=postgres://... .venv/bin/python bench/load_bench.py [--users 20] [--seconds 120]": (
        "drives the production server for minutes on a seeded PostgreSQL registry (docs/benchmarks.md)"
    ),
    "cd webforms && npm ci && npm run build": "needs node 20 and the network",
}


def readme_command_lines() -> list[str]:
    """The lines of the README's sh blocks (comments and continuation lines of comments left out) and the
    first cell of its commands table."""
    text = README.read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command and not command.startswith("#"):
                lines.append(command)
    commands_table = text.split("\n## Other commands\n", 1)[1].split("\n## ", 1)[0]
    lines += re.findall(r"^\| `([^`]+)` \|", commands_table, flags=re.M)
    return lines


def test_every_readme_command_is_run_here_or_says_why_not():
    unknown = [line for line in readme_command_lines() if line not in RUN and line not in NOT_RUN_HERE]
    stale = [line for line in [*RUN, *NOT_RUN_HERE] if line not in readme_command_lines()]

    assert unknown == [], "README commands this test does not run or explain"
    assert stale == [], "lines no longer in the README"


PEOPLE_CSV = """given_name_latin,family_name_latin,sex,birth_date,migrant_status,home_province
Noy,Sengdara,female,1998-04-21,returnee,LA-VT
Bounmy,Keola,male,1995-02-11,prospective,LA-SV
"""


@pytest.fixture
def demo_checkout(tmp_path, transactional_db):
    """A checkout after `make demo`'s first steps: the Makefile's var/demo.env, a migrated SQLite database
    (a copy of the migrated test database: migrating again would take half a minute), the same code."""
    if connection.vendor != "sqlite":
        pytest.skip("the demo runs on SQLite")
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    (tmp_path / "pathways").symlink_to(ROOT / "pathways")
    subprocess.run(
        ["make", "-s", "-C", str(tmp_path), "-f", str(ROOT / "Makefile"), "var/demo.env"], check=True
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(tmp_path / "var" / "pathways.sqlite3")])
    (tmp_path / "people.csv").write_text(PEOPLE_CSV, encoding="utf-8")
    return tmp_path


def _environment(tmp: Path) -> dict[str, str]:
    """A developer's shell: nothing of Pathways set by hand. The folders a demo keeps under var/ are this
    checkout's (settings name them from the code's folder, which is the real checkout's here)."""
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL"}}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return {
        **environment,
        "DATABASE_URL": f"sqlite:///{tmp}/var/pathways.sqlite3",
        "IMPORTS_DIR": str(tmp / "var" / "imports"),
        "MEDIA_ROOT": str(tmp / "var" / "media"),
        "BACKUP_DIR": str(tmp / "var" / "backups"),
        "LOG_FORMAT": "text",
    }


def _run(line: str, tmp: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        line, shell=True, cwd=tmp, env=_environment(tmp), capture_output=True, text=True, timeout=300
    )


def test_the_readme_commands_run_as_written_in_a_demo_checkout(demo_checkout):
    tmp = demo_checkout
    seed, *others = RUN  # the demo's data first
    lines = []
    for readme_line in others:
        line = RUN[readme_line] or readme_line
        lines.append(line)

    seeded = _run(RUN[seed] or seed, tmp)
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    with sqlite3.connect(tmp / "var" / "pathways.sqlite3") as db:
        (cohort,) = db.execute("SELECT id FROM training_cohort ORDER BY code LIMIT 1").fetchone()
    lines = [line.replace("{cohort}", str(cohort)) for line in lines]
    # At once, as people share a demo: writers wait for SQLite's write lock instead of failing.
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda line: _run(line, tmp), lines))

    for line, result in zip(lines, results, strict=True):
        assert result.returncode == 0, f"{line}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
        assert "DEBUG" not in result.stderr, line
    assert (tmp / "truth.csv").exists() and (tmp / "pairs.csv").exists()
    assert (tmp / "promise-2024.csv").read_text(encoding="utf-8").splitlines()[1].startswith("#")
    assert (tmp / "demo-backup.tar.gz").stat().st_size > 0
    with sqlite3.connect(tmp / "var" / "pathways.sqlite3") as db:
        assert db.execute(
            "SELECT count(*) FROM people_person WHERE family_name_latin = 'Keola'"
        ).fetchone() == (1,)
