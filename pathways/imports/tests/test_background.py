import time

import pytest
from django.db import connection

from pathways.imports import services
from pathways.imports.models import ImportJob, JobStatus
from pathways.imports.tests.files import csv_bytes
from pathways.people.models import Person


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_job_runs_in_a_thread_and_reports_progress(me_officer, settings):
    settings.IMPORTS_BACKGROUND = "thread"
    settings.REDIS_URL = ""
    content = csv_bytes(["name", "sex", "status"], [[f"Person{i}", "F", "returnee"] for i in range(300)])
    job = services.import_job_create(actor=me_officer, kind="people", filename="big.csv", content=content)
    if connection.vendor == "sqlite":
        # The test database is SQLite in memory with a shared cache, where a reader holds a table lock that
        # makes the worker thread's write fail at once ("database table is locked") instead of waiting: the
        # poll below reads without taking it. Files (development) and PostgreSQL wait as they should.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = 1")
    services.import_job_start(actor=me_officer, job=job, dry_run=False)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job.pk)
        if not job.is_busy:
            break
        time.sleep(0.2)
    assert job.status == JobStatus.DONE, job.message
    assert Person.objects.count() == 300 and services.job_progress(job) == (300, 300)


def test_the_celery_task_runs_the_service_and_is_safe_to_run_twice(me_officer, run_job):
    from pathways.imports.tasks import import_job_run

    content = csv_bytes(["name", "sex", "status"], [["Noy", "F", "returnee"]])
    job = services.import_job_create(actor=me_officer, kind="people", filename="one.csv", content=content)
    assert import_job_run.apply(args=[str(job.pk), False]).get() == JobStatus.DONE
    assert import_job_run.apply(args=[str(job.pk), False]).get() == JobStatus.DONE
    assert Person.objects.count() == 1
