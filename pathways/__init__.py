"""Pathways: the Celery app is loaded with Django so shared tasks bind to it."""

from pathways.celery import app as celery_app

__all__ = ["celery_app"]
