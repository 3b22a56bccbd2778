from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "pathways.people"
    label = "people"

    def ready(self) -> None:
        from pathways.people import imports, indicators, timeline
        from pathways.results.engine import register_source

        timeline.register(timeline.registry_events)
        imports.register()
        register_source(indicators.PEOPLE)
