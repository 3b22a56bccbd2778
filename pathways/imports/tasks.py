"""Celery tasks: they take ids, are safe to run twice, and call a service."""

from celery import shared_task

from pathways.imports import services


@shared_task(acks_late=True)
def import_job_run(job_id: str, dry_run: bool) -> str:
    return services.import_job_execute(job_id=job_id, dry_run=dry_run).status


@shared_task
def import_jobs_recover() -> int:
    return len(services.import_jobs_recover())


def recover_when_worker_starts(**_kwargs) -> None:
    services.import_jobs_recover()
