"""The operations app's recurring jobs (registered in `apps.py`); each calls a command or a service."""

import logging

from celery import shared_task
from django.core.management import call_command

log = logging.getLogger(__name__)


@shared_task
def backup_nightly() -> str:
    from pathways.operations.backup import archive

    written = archive.backup_nightly()
    return written.name


@shared_task
def clear_sessions() -> None:
    call_command("clearsessions")


@shared_task
def heartbeat() -> str:
    return "ok"
