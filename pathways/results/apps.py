from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "pathways.results"
    label = "results"
