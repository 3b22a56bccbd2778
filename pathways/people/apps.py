from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "pathways.people"
    label = "people"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from pathways.core import audit, tombstones
        from pathways.people import imports, indicators, timeline
        from pathways.people.models import Person
        from pathways.results.engine import register_source

        timeline.register(timeline.registry_events)
        audit.describe_actions(
            {
                "person.create": _("registered"),
                "person.update": _("record changed"),
                "person.delete": _("record deleted"),
                "consent.record": _("consent recorded"),
                "consent.withdraw": _("consent withdrawn"),
            }
        )
        imports.register()
        register_source(indicators.PEOPLE)
        # Deleted or merged records are listed by /api/v1/changes for partner systems keeping a copy.
        tombstones.track(Person, kind="person", area="people", person="self")
