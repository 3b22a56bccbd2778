from django.apps import AppConfig


class FieldcaptureConfig(AppConfig):
    name = "pathways.fieldcapture"
    label = "fieldcapture"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from pathways.core import attention, audit
        from pathways.fieldcapture import selectors

        attention.register(selectors.attention)
        audit.describe_actions(
            {
                "device_key.issue": _("device key issued"),
                "device_key.revoke": _("device key revoked"),
                "field_submission.receive": _("field submission received"),
                "field_submission.accept": _("field submission accepted"),
                "field_submission.set_aside": _("field submission set aside"),
            }
        )
