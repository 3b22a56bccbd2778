from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "pathways.places"
    label = "places"
