"""Backups restore into an empty database with the same rows and files; a release's backup upgrades.

The release archive (releases/1205cd3-demo.tar.gz: the demo with 150 people, certificates, an import and an
RPL evidence file) was written at the previous release's migration state, recorded in releases/1205cd3.json.
Restoring it brings the test database to that state (backwards, when this code has newer migrations), loads
it, then migrates forward: every row and every column that still exists must come through unchanged.
"""

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.apps import apps as current_apps
from django.core.management.color import no_style
from django.db import connection

from pathways.accounts.models import User
from pathways.operations.backup import archive, state, tables
from pathways.people.models import Person
from pathways.training.models import Certificate

RELEASES = Path(__file__).resolve().parents[1] / "releases"
RELEASE_ARCHIVE = RELEASES / "1205cd3-demo.tar.gz"
# A migration that deliberately changes stored rows says so here: {"app.model": "why"}; the check then
# skips that table's comparison.
CHANGED_ON_PURPOSE: dict[str, str] = {
    "results.dhis2mapping": "replaced (results 0003): the old mapping sent a total and its sex split to one "
    "data element, which DHIS2 would have added up",
}
# Columns the restore itself rewrites: an import's file path follows this server's IMPORTS_DIR.
MOVED = {("imports.importjob", "stored_path")}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def folders(settings, tmp_path):
    settings.IMPORTS_DIR = str(tmp_path / "imports")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path


def _archived_rows(path: Path, label: str) -> list[str]:
    with tarfile.open(path, "r:gz") as handle:
        member = handle.extractfile(f"tables/{label}.jsonl")
        return member.read().decode("utf-8").splitlines() if member else []


def test_the_release_archive_is_at_the_recorded_release_state():
    recorded = json.loads((RELEASES / "1205cd3.json").read_text())["migrations"]
    manifest = archive.read_manifest(RELEASE_ARCHIVE)
    leaves = {app: name for app, name in manifest["migrations"]}
    assert leaves == {app: names[-1] for app, names in recorded.items()}


def test_a_release_backup_upgrades_without_losing_a_row_or_a_signature_and_round_trips(folders, client):
    manifest = archive.read_manifest(RELEASE_ARCHIVE)

    outcome = archive.restore(archive_path=RELEASE_ARCHIVE, replace=True)

    assert state.applied_leaves("default") == state.code_leaves("default")
    assert outcome.rows == sum(t["rows"] for t in manifest["tables"].values())
    assert outcome.certificates_verified == Certificate.objects.count() > 0
    by_table = {m._meta.db_table: m for m in tables.dumped_models(current_apps)}
    for label, table in manifest["tables"].items():
        model = by_table.get(table["table"])
        if model is None or label in CHANGED_ON_PURPOSE:
            continue
        now = [f.attname for f in tables.columns(model)]
        kept = [i for i, name in enumerate(table["columns"]) if name in now and (label, name) not in MOVED]
        before = [tables.projected(line, kept) for line in _archived_rows(RELEASE_ARCHIVE, label)]
        after_columns = [table["columns"][i] for i in kept]
        after = {
            tables.projected(line, [now.index(name) for name in after_columns])
            for line in tables.rows_of(model, "default")
        }
        # Nothing is lost; a later release may add rows (the permissions and content types of new models,
        # reference data), so each row of the release must still be there, unchanged in what it kept.
        lost = [line for line in before if line not in after]
        assert lost == [], f"{label}: {len(lost)} of {len(before)} rows lost or changed, e.g. {lost[:1]}"
    # The files came back where this server keeps them, and the import still finds its own.
    from pathways.imports.models import ImportJob

    job = ImportJob.objects.get()
    assert Path(job.stored_path).is_file() and job.stored_path.startswith(str(folders / "imports"))
    assert (folders / "media" / "rpl" / "evidence.txt").read_text() == "evidence of prior learning\n"

    # Round trip: this server's backup, restored into an empty one, has the same rows, files and checksums.
    people = Person.objects.count()
    written = archive.backup(output=folders / "backups" / "now.tar.gz")
    first = archive.read_manifest(written.path)

    # An empty server: no rows, no files.
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), [m._meta.db_table for m in tables.dumped_models(current_apps)])
    )
    for folder in ("imports", "media"):
        shutil.rmtree(folders / folder)
    assert Person.objects.count() == 0

    outcome = archive.restore(archive_path=written.path)

    again = archive.backup(output=folders / "backups" / "again.tar.gz")
    second = archive.read_manifest(again.path)
    assert {k: (t["rows"], t["checksum"]) for k, t in first["tables"].items()} == {
        k: (t["rows"], t["checksum"]) for k, t in second["tables"].items()
    }
    assert {k: f["sha256"] for k, f in first["files"].items()} == {
        k: f["sha256"] for k, f in second["files"].items()
    }
    assert outcome.files == len(first["files"]) == 2
    assert Person.objects.count() == people
    # The restored server works: a restored user logs in and sees the restored people.
    client.force_login(User.objects.get(username="officer"))
    assert client.get("/people/").status_code == 200


def test_a_restore_refuses_a_database_that_holds_data_and_changes_nothing(folders, officer):
    with pytest.raises(archive.RestoreRefused, match="already holds accounts or people"):
        archive.restore(archive_path=RELEASE_ARCHIVE)
    assert list(User.objects.values_list("username", flat=True)) == ["officer"]


def test_a_damaged_archive_is_refused_before_anything_is_written(folders, tmp_path, officer):
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(RELEASE_ARCHIVE, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else b""
            if member.name == "tables/people.person.jsonl":
                data = data.replace(b"Souk", b"Suk", 1)
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(archive.RestoreRefused, match=r"people\.person .* damaged"):
        archive.restore(archive_path=damaged, replace=True)
    assert list(User.objects.values_list("username", flat=True)) == ["officer"]
