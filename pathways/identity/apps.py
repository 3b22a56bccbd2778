from django.apps import AppConfig


class IdentityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pathways.identity"
    verbose_name = "Identity resolution"

    def ready(self) -> None:
        from celery.schedules import crontab
        from django.utils.translation import gettext_lazy as _

        from pathways.core import audit
        from pathways.identity.timeline import merge_events
        from pathways.operations import schedule
        from pathways.people import timeline

        timeline.register(merge_events)
        # Likely duplicates an import flags join the same review queue as the batch run's.
        from pathways.identity import services
        from pathways.imports import duplicates

        duplicates.review_queue = services.import_candidates_store
        schedule.register(
            schedule.ScheduledJob(
                name="identity.find_duplicates",
                task="pathways.identity.tasks.find_duplicates_nightly",
                when=crontab(hour=1, minute=30),
                why="The day's new and changed records are compared with the whole registry overnight.",
            )
        )
        audit.describe_actions(
            {
                "person.merge": _("another record merged into this one"),
                "person.merged_into": _("merged into another record"),
                "person.unmerge": _("merge undone"),
                "identity.pair_decide": _("likely duplicate reviewed"),
                "identity.run_start": _("duplicate detection started"),
            }
        )
