from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "pathways.imports"
    label = "imports"
