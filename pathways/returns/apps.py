from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "pathways.returns"
    label = "returns"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from pathways.core import attention, audit, tombstones
        from pathways.people import timeline
        from pathways.results.engine import register_source
        from pathways.returns import imports, indicators, selectors
        from pathways.returns.models import Referral, Return
        from pathways.returns.timeline import return_events

        timeline.register(return_events)
        attention.register(selectors.attention)
        audit.describe_actions(
            {
                "return.create": _("return recorded"),
                "return.update": _("return corrected"),
                "referral.create": _("referred to a service"),
                "referral.update": _("referral outcome recorded"),
            }
        )
        register_source(indicators.RETURNS)
        register_source(indicators.REFERRALS)
        imports.register()
        tombstones.track(Return, kind="return", area="returns", person="person")
        tombstones.track(Referral, kind="referral", area="returns", person="person")
