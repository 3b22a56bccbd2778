from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "pathways.jobs"
    label = "jobs"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from pathways.core import attention, audit, tombstones
        from pathways.imports import registry
        from pathways.jobs import indicators, selectors
        from pathways.jobs.imports import follow_ups, placements, vacancies
        from pathways.jobs.models import Placement, RetentionFollowUp, Vacancy
        from pathways.jobs.timeline import employment_events
        from pathways.people import timeline
        from pathways.results.engine import register_source

        timeline.register(employment_events)
        attention.register(selectors.attention)
        audit.describe_actions(
            {
                "vacancy.create": _("vacancy posted"),
                "vacancy.update": _("vacancy changed"),
                "placement.create": _("placed in a job"),
                "placement.update": _("placement corrected"),
                "follow_up.record": _("retention follow-up recorded"),
                "follow_up.update": _("retention follow-up corrected"),
            }
        )
        registry.register(vacancies.KIND)
        registry.register(placements.KIND)
        registry.register(follow_ups.KIND)
        register_source(indicators.PLACEMENTS)
        register_source(indicators.RETENTION_FOLLOW_UPS)
        tombstones.track(Vacancy, kind="vacancy", area="jobs")
        tombstones.track(Placement, kind="placement", area="jobs", person="person")
        tombstones.track(RetentionFollowUp, kind="follow_up", area="jobs", person="placement.person")
