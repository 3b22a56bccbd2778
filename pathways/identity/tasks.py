"""Recurring identity work, run by Celery beat (registered in `apps.py`)."""

from celery import shared_task
from django.core.management import call_command


@shared_task
def find_duplicates_nightly() -> None:
    """The batch over the whole registry refills the review queue with the night's likely duplicates."""
    call_command("find_duplicates")
