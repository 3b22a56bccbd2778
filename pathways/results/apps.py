from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "pathways.results"
    label = "results"

    def ready(self) -> None:
        from pathways.core import audit

        audit.describe_actions(
            {
                "dhis2.server": _("DHIS2 instance set up"),
                "dhis2.data_set": _("DHIS2 data set set"),
                "dhis2.org_unit": _("DHIS2 organisation unit set"),
                "dhis2.category_combo": _("DHIS2 category combination saved"),
                "dhis2.mappings": _("DHIS2 mapping of indicators saved"),
                "dhis2.dry_run": _("figures checked by DHIS2 (dry run)"),
                "dhis2.import": _("figures sent to DHIS2"),
            }
        )
