"""Reads of import jobs: an actor sees the jobs they started; national roles see every job."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from pathways.accounts.scopes import scope_of
from pathways.imports.models import ImportJob


def job_list(*, actor) -> QuerySet[ImportJob]:
    qs = ImportJob.objects.select_related("created_by")
    return qs if scope_of(actor).can_read_audit else qs.filter(created_by=actor)


def job_get(*, actor, job_id: UUID | str) -> ImportJob:
    try:
        return job_list(actor=actor).get(pk=job_id)
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise Http404("No such import.") from None
