from django.apps import AppConfig


class IdentityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pathways.identity"
    verbose_name = "Identity resolution"
