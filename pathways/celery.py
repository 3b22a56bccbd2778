"""Celery for background work (imports). The broker is REDIS_URL; without it tasks run eagerly in-process.

Start a worker with: celery -A pathways worker -l info
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")

app = Celery("pathways")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
