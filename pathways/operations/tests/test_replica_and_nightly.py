from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from pathways.operations import replica
from pathways.operations.backup import archive
from pathways.people.models import Person


@pytest.fixture
def with_replica(monkeypatch):
    # The alias is only named here, never connected to.
    monkeypatch.setitem(django_settings.DATABASES, "reports", dict(django_settings.DATABASES["default"]))


def test_reports_read_from_the_replica_only_inside_a_report_and_never_write_there(monkeypatch):
    router = replica.ReportsReplicaRouter()
    assert replica.reports_alias() == "default"  # no replica configured
    monkeypatch.setitem(django_settings.DATABASES, "reports", dict(django_settings.DATABASES["default"]))
    assert router.db_for_read(Person) is None
    with replica.reading_reports():
        assert replica.reports_alias() == "reports"
        assert router.db_for_read(Person) == "reports"
        assert router.db_for_write(Person) == "default"
    assert router.db_for_read(Person) is None
    assert router.allow_migrate("reports", "people") is False


def test_a_results_view_reads_reports_from_the_replica(with_replica):
    seen = []

    @replica.reads_reports
    def view(request):
        seen.append(replica.reports_alias())

    view(RequestFactory().get("/"))
    assert seen == ["reports"] and replica.reports_alias() == "default"


@pytest.mark.django_db
def test_the_nightly_backup_keeps_the_last_few_archives(settings, tmp_path, monkeypatch):
    settings.BACKUP_DIR = str(tmp_path / "backups")
    settings.BACKUP_KEEP = 2
    settings.IMPORTS_DIR = str(tmp_path / "imports")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    for stamp in ("20260101T003000Z", "20260102T003000Z"):
        old = Path(settings.BACKUP_DIR) / f"pathways-{stamp}.tar.gz"
        old.parent.mkdir(parents=True, exist_ok=True)
        old.write_bytes(b"an old archive")

    written = archive.backup_nightly()

    kept = sorted(p.name for p in Path(settings.BACKUP_DIR).iterdir())
    assert kept == ["pathways-20260102T003000Z.tar.gz", written.name]
    assert archive.read_manifest(written)["tables"]["places.province"]["rows"] > 0
    assert oct(written.stat().st_mode & 0o777) == "0o600"
