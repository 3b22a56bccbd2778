from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "pathways.recruitment"
    label = "recruitment"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from pathways.core import audit

        audit.describe_actions(
            {
                "recruitment_agency.create": _("recruitment agency recorded"),
                "recruitment_agency.update": _("recruitment agency corrected"),
                "recruitment_agency.status": _("decision on an agency's licence recorded"),
            }
        )
