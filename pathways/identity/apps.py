from django.apps import AppConfig


class IdentityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pathways.identity"
    verbose_name = "Identity resolution"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from pathways.core import audit
        from pathways.identity.timeline import merge_events
        from pathways.people import timeline

        timeline.register(merge_events)
        audit.describe_actions(
            {
                "person.merge": _("another record merged into this one"),
                "person.merged_into": _("merged into another record"),
                "person.unmerge": _("merge undone"),
                "identity.pair_decide": _("likely duplicate reviewed"),
            }
        )
