from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pathways.api"
    label = "api"
    verbose_name = "API"
