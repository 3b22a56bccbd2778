from celery.beat import PersistentScheduler

from pathways.operations import schedule


class RegistryScheduler(PersistentScheduler):
    """Celery's own file-backed scheduler, its jobs taken from the registry (`operations.schedule`).

    Beat sets Django up before it makes its scheduler, so every app's `ready()` has registered its jobs.
    """

    def setup_schedule(self) -> None:
        self.app.conf.beat_schedule = schedule.beat_schedule()
        super().setup_schedule()
