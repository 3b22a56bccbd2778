import pytest

from pathways.people.models import Person


@pytest.fixture(autouse=True)
def _imports_inline(settings, tmp_path):
    settings.IMPORTS_BACKGROUND = "inline"
    settings.IMPORTS_DIR = str(tmp_path / "imports")


@pytest.fixture
def people_count():
    return lambda: Person.objects.count()


@pytest.fixture
def run_job(django_capture_on_commit_callbacks):
    """Start a job and run what on_commit queued (tests run inside a transaction that never commits)."""
    from pathways.imports import services

    def run(actor, job, *, dry_run=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.import_job_start(actor=actor, job=job, dry_run=dry_run)
        job.refresh_from_db()
        return job

    return run
