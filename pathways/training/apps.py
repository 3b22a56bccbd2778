from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "pathways.training"
    label = "training"

    def ready(self) -> None:
        from pathways.people import timeline
        from pathways.training import checks  # noqa: F401  (registers the signing-key check)
        from pathways.training.timeline import training_events

        timeline.register(training_events)
