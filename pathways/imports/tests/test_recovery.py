"""An import whose worker died is run again, once, by whoever finds it first; a live one is left alone."""

import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from pathways.imports import services
from pathways.imports.models import ImportJob, JobStatus, SourceRecord
from pathways.imports.tests.files import csv_bytes
from pathways.people.models import Person

pytestmark = pytest.mark.django_db
ROWS = 40


def _job(actor, *, status: JobStatus, minutes_ago: int) -> ImportJob:
    content = csv_bytes(
        ["id", "name", "sex", "status"], [[i, f"Person{i}", "F", "returnee"] for i in range(ROWS)]
    )
    job = services.import_job_create(actor=actor, kind="people", filename="intake.csv", content=content)
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, updated_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return ImportJob.objects.get(pk=job.pk)


class HeldElsewhere:
    """What a live worker holds while it runs a job: on PostgreSQL the job's lock, taken here from another
    connection; elsewhere its heartbeat in the cache."""

    def __init__(self, job):
        self.job = job

    def __enter__(self):
        if connection.vendor == "postgresql":
            import psycopg

            params = connection.get_connection_params()
            params.pop("cursor_factory", None)
            params.pop("context", None)
            self.other = psycopg.connect(**params, autocommit=True)
            key = int.from_bytes(uuid.UUID(str(self.job.pk)).bytes[:8], "big", signed=True)
            self.other.execute("SELECT pg_advisory_lock(%s)", [key])
        else:
            cache.set(f"imports:{self.job.pk}:heartbeat", 1, 120)
        return self

    def __exit__(self, *exc):
        if connection.vendor == "postgresql":
            self.other.close()
        else:
            cache.delete(f"imports:{self.job.pk}:heartbeat")


def test_a_job_whose_worker_died_is_run_again_to_the_end_without_double_rows(me_officer):
    job = _job(me_officer, status=JobStatus.RUNNING, minutes_ago=3)

    recovered = services.import_jobs_recover()

    assert [j.pk for j in recovered] == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.counts["created"] == ROWS
    assert Person.objects.count() == ROWS
    assert SourceRecord.objects.filter(job=job).count() == ROWS
    # Found again by the next sweep (or the broker handing the old message out again): nothing more is done.
    assert services.import_jobs_recover() == []
    assert services.import_job_execute(job_id=str(job.pk), dry_run=False).status == JobStatus.DONE
    assert Person.objects.count() == ROWS


def test_a_job_that_a_live_worker_is_running_is_left_to_it(me_officer):
    job = _job(me_officer, status=JobStatus.RUNNING, minutes_ago=3)
    with HeldElsewhere(job):
        assert services.import_jobs_recover() == []
        if connection.vendor == "postgresql":
            # A second delivery of its message to another worker waits for nothing and writes nothing.
            services.import_job_execute(job_id=str(job.pk), dry_run=False)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert Person.objects.count() == 0


def test_a_recently_queued_job_waits_for_its_worker_and_a_long_lost_one_is_queued_again(me_officer):
    waiting = _job(me_officer, status=JobStatus.QUEUED, minutes_ago=1)
    lost = _job(me_officer, status=JobStatus.QUEUED, minutes_ago=30)

    assert [j.pk for j in services.import_jobs_recover()] == [lost.pk]
    waiting.refresh_from_db()
    lost.refresh_from_db()
    assert (waiting.status, lost.status) == (JobStatus.QUEUED, JobStatus.DONE)


def test_a_job_that_died_three_times_is_failed_with_a_reason_instead_of_run_again(me_officer):
    job = _job(me_officer, status=JobStatus.RUNNING, minutes_ago=3)
    cache.set(f"imports:{job.pk}:recoveries", services.RECOVERIES, 3600)

    assert services.import_jobs_recover() == []

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "stopped 3 times" in job.message
    assert Person.objects.count() == 0


def test_an_import_whose_process_was_killed_can_be_run_again_at_once(me_officer, run_job):
    import socket
    import subprocess

    gone = subprocess.Popen(["true"])
    gone.wait()
    job = _job(me_officer, status=JobStatus.RUNNING, minutes_ago=0)
    # Killed with kill -9 a moment ago: its heartbeat is still fresh, but its process is gone.
    ImportJob.objects.filter(pk=job.pk).update(worker=f"{socket.gethostname()}:{gone.pid}")
    cache.set(f"imports:{job.pk}:heartbeat", 1, 120)
    job.refresh_from_db()

    job = run_job(me_officer, job)

    assert job.status == JobStatus.DONE and Person.objects.count() == ROWS


def test_an_import_whose_process_is_alive_is_not_started_twice(me_officer):
    import os
    import socket

    from django.core.exceptions import ValidationError

    job = _job(me_officer, status=JobStatus.RUNNING, minutes_ago=0)
    ImportJob.objects.filter(pk=job.pk).update(worker=f"{socket.gethostname()}:{os.getpid()}")
    job.refresh_from_db()
    with HeldElsewhere(job), pytest.raises(ValidationError, match="already running"):
        services.import_job_start(actor=me_officer, job=job, dry_run=False)
