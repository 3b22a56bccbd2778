from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "pathways.people"
    label = "people"

    def ready(self) -> None:
        from pathways.people import imports, timeline

        timeline.register(timeline.registry_events)
        imports.register()
