from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "pathways.imports"
    label = "imports"

    def ready(self) -> None:
        from datetime import timedelta

        from celery import signals

        from pathways.imports import tasks
        from pathways.imports.timeline import import_events
        from pathways.operations import schedule
        from pathways.people import timeline

        timeline.register(import_events)

        schedule.register(
            schedule.ScheduledJob(
                name="imports.recover",
                task="pathways.imports.tasks.import_jobs_recover",
                when=timedelta(minutes=5),
                why="An import whose worker died (killed, restarted, out of memory) is queued again.",
            )
        )
        # A worker that starts (again) takes over what a killed one left at once, not at the next sweep.
        signals.worker_ready.connect(
            tasks.recover_when_worker_starts, weak=False, dispatch_uid="imports.recover"
        )
