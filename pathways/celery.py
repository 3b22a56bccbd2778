"""Celery for background work (imports). The broker is REDIS_URL; without it tasks run eagerly in-process.

Start a worker with: celery -A pathways worker -l info; the recurring jobs with: celery -A pathways beat
(docs/deploy.md). Beat's jobs are those the apps register in `pathways.operations.schedule`.
"""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")

app = Celery("pathways")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def _log_as_django_does(**_kwargs) -> None:
    """Workers and beat write the same JSON lines as the web processes (settings.LOGGING)."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
