from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "pathways.protection"
    label = "protection"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from pathways.core import attention, audit, confidential
        from pathways.people import timeline
        from pathways.protection import indicators, selectors
        from pathways.protection.models import ProtectionCase
        from pathways.protection.timeline import protection_events
        from pathways.results.engine import register_source

        timeline.register(protection_events)
        attention.register(selectors.attention)
        # A merge moves a person's cases with everything else, but does not tell the reviewer it did.
        confidential.register(ProtectionCase)
        audit.describe_actions(
            {
                "protection_case.open": _("protection case opened"),
                "protection_case.view": _("protection case viewed"),
                "protection_case.update": _("protection case corrected"),
                "protection_case.assign": _("protection case reassigned"),
                "protection_case.note": _("note written on the protection case"),
                "protection_case.close": _("protection case closed"),
                "protection_case.reopen": _("protection case reopened"),
            }
        )
        register_source(indicators.PROTECTION_CASES)
