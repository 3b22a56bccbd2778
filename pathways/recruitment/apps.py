from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "pathways.recruitment"
    label = "recruitment"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from pathways.core import attention, audit, tombstones
        from pathways.people import timeline
        from pathways.recruitment import indicators, selectors
        from pathways.recruitment.models import Complaint, RecruitmentRecord
        from pathways.recruitment.timeline import recruitment_events
        from pathways.results.engine import register_source

        timeline.register(recruitment_events)
        register_source(indicators.SOURCE)
        attention.register(selectors.attention)
        tombstones.track(RecruitmentRecord, kind="recruitment", area="recruitment", person="person")
        tombstones.track(Complaint, kind="complaint", area="recruitment", person="person")
        audit.describe_actions(
            {
                "recruitment_agency.create": _("recruitment agency recorded"),
                "recruitment_agency.update": _("recruitment agency corrected"),
                "recruitment_agency.status": _("decision on an agency's licence recorded"),
                "exchange_rate.set": _("exchange rate recorded"),
                "recruitment.create": _("recruitment recorded"),
                "recruitment.update": _("recruitment corrected"),
                "recruitment_cost.create": _("recruitment cost added"),
                "recruitment_cost.delete": _("recruitment cost removed"),
                "recruitment_earnings.create": _("earnings abroad recorded"),
                "job_order.create": _("job order recorded"),
                "job_order.decide": _("decision on a job order recorded"),
                "complaint.create": _("complaint recorded"),
                "complaint.update": _("complaint followed up"),
                "complaint.refer": _("complaint referred for protection"),
                "protection_case.from_complaint": _("protection case opened from a complaint"),
            }
        )
