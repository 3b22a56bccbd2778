from datetime import timedelta

import pytest
from celery.schedules import crontab

from pathways.celery import app
from pathways.operations import schedule
from pathways.operations.beat import RegistryScheduler


def test_the_apps_register_their_recurring_jobs_and_every_task_exists():
    names = {job.name for job in schedule.jobs()}
    assert {
        "identity.find_duplicates",
        "imports.recover",
        "operations.backup",
        "operations.clear_sessions",
    } <= names
    app.loader.import_default_modules()
    for job in schedule.jobs():
        assert job.task in app.tasks, job.task


def test_beat_runs_the_registry_with_stale_runs_dropped(tmp_path):
    beat = RegistryScheduler(app=app, schedule_filename=str(tmp_path / "beat"), lazy=False)
    try:
        entries = beat.schedule
        assert {job.name for job in schedule.jobs()} <= set(entries)
        nightly = entries["identity.find_duplicates"]
        assert isinstance(nightly.schedule, crontab) and nightly.schedule.hour == {1}
        assert nightly.options["expires"] == 23 * 3600
        assert entries["imports.recover"].options["expires"] == 300
    finally:
        beat.close()


def test_a_second_job_under_a_registered_name_is_refused():
    job = schedule.ScheduledJob(name="imports.recover", task="x.y", when=timedelta(minutes=1), why="test")
    with pytest.raises(ValueError, match=r"imports\.recover"):
        schedule.register(job)
