"""Recurring identity work, run by Celery beat (registered in `apps.py`)."""

from celery import shared_task
from django.core.management import call_command

from pathways.identity import services


@shared_task
def find_duplicates_nightly() -> None:
    """The batch over the whole registry refills the review queue with the night's likely duplicates."""
    call_command("find_duplicates")


@shared_task(acks_late=True)
def duplicate_run(run_id: str) -> str:
    """A run started from the review page; a second delivery of the same run does nothing."""
    return services.duplicate_run_execute(run_id=run_id).status
