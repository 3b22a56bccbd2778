from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "pathways.training"
    label = "training"

    def ready(self) -> None:
        from pathways.people import timeline
        from pathways.results.engine import register_source
        from pathways.training import (
            checks,  # noqa: F401  (registers the signing-key check)
            indicators,
        )
        from pathways.training import imports as training_imports
        from pathways.training.timeline import training_events

        timeline.register(training_events)
        training_imports.register()
        register_source(indicators.ENROLMENTS)
        register_source(indicators.CERTIFICATES)
