"""The recurring jobs Celery beat runs: a registry each app adds its own jobs to from its `ready()`.

    schedule.register(schedule.ScheduledJob(
        name="identity.find_duplicates", task="pathways.identity.tasks.find_duplicates_nightly",
        when=crontab(hour=1, minute=30), why="..."))

`pathways/celery.py` hands the registry to beat when it starts. Times are Vientiane's (CELERY_TIMEZONE).
A job that is still waiting when the next one is due is dropped (`expires`), so a stopped worker does not
come back to a pile of identical nightly runs.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from celery.schedules import crontab


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    task: str
    when: crontab | timedelta
    why: str
    kwargs: dict = field(default_factory=dict)

    def expires_after(self) -> float:
        """Seconds a queued run stays worth running: until the next one is due (at most a day)."""
        if isinstance(self.when, timedelta):
            return self.when.total_seconds()
        return 23 * 3600.0


_JOBS: dict[str, ScheduledJob] = {}


def register(job: ScheduledJob) -> None:
    if job.name in _JOBS and _JOBS[job.name] != job:
        raise ValueError(f"Two different scheduled jobs are named {job.name!r}.")
    _JOBS[job.name] = job


def jobs() -> list[ScheduledJob]:
    return sorted(_JOBS.values(), key=lambda job: job.name)


def beat_schedule() -> dict:
    """The registry in the shape of Celery's `beat_schedule` setting."""
    return {
        job.name: {
            "task": job.task,
            "schedule": job.when,
            "kwargs": job.kwargs,
            "options": {"expires": job.expires_after()},
        }
        for job in jobs()
    }
