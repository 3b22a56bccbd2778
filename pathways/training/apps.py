from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "pathways.training"
    label = "training"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from pathways.core import audit, tombstones
        from pathways.people import timeline
        from pathways.results.engine import register_source
        from pathways.training import (
            checks,  # noqa: F401  (registers the signing-key check)
            indicators,
        )
        from pathways.training import imports as training_imports
        from pathways.training.models import Certificate, Cohort, Enrolment, RplApplication
        from pathways.training.timeline import training_events

        timeline.register(training_events)
        audit.describe_actions(
            {
                "enrolment.create": _("enrolled in a course"),
                "enrolment.update": _("enrolment corrected"),
                "enrolment.drop_out": _("dropped out"),
                "enrolment.complete": _("course completed"),
                "attendance.day_save": _("attendance recorded"),
                "assessment.record": _("assessment recorded"),
                "certificate.issue": _("certificate issued"),
                "certificate.revoke": _("certificate revoked"),
                "rpl.apply": _("applied for recognition of prior learning"),
                "rpl.eligibility": _("RPL eligibility decided"),
                "rpl.evidence_add": _("RPL evidence added"),
                "rpl.decide": _("RPL decided"),
                "rpl.gap_refer": _("referred to gap training"),
            }
        )
        training_imports.register()
        register_source(indicators.ENROLMENTS)
        register_source(indicators.CERTIFICATES)
        register_source(indicators.SAFE_MIGRATION_INSTITUTIONS)
        tombstones.track(Cohort, kind="cohort", area="training")
        tombstones.track(Enrolment, kind="enrolment", area="training", person="person")
        tombstones.track(RplApplication, kind="rpl_application", area="training", person="person")
        tombstones.track(Certificate, kind="certificate", area="training", person="person")
