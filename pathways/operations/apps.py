from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "pathways.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from datetime import timedelta

        from celery.schedules import crontab

        from pathways.operations import metrics, schedule

        metrics.count_task_outcomes()
        schedule.register(
            schedule.ScheduledJob(
                name="operations.backup",
                task="pathways.operations.tasks.backup_nightly",
                when=crontab(hour=0, minute=30),
                why="A backup archive in BACKUP_DIR every night, the last BACKUP_KEEP kept.",
            )
        )
        schedule.register(
            schedule.ScheduledJob(
                name="operations.clear_sessions",
                task="pathways.operations.tasks.clear_sessions",
                when=crontab(hour=3, minute=15),
                why="Expired logins are removed from the sessions table, which otherwise only grows.",
            )
        )
        schedule.register(
            schedule.ScheduledJob(
                name="operations.heartbeat",
                task="pathways.operations.tasks.heartbeat",
                when=timedelta(minutes=1),
                why="Proves beat and a worker are alive: /metrics shows when it last ran.",
            )
        )
