from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "pathways.people"
    label = "people"

    def ready(self) -> None:
        from pathways.people import timeline

        timeline.register(timeline.registry_events)
