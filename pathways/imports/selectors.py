"""Reads of import jobs: an actor sees the jobs they started; national roles over every province see every
job (a job's file and problems name people of any province, so a national role given a province list sees
only its own, as partner staff do)."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from pathways.accounts.scopes import scope_of
from pathways.imports.models import ImportJob


def job_list(*, actor) -> QuerySet[ImportJob]:
    qs = ImportJob.objects.select_related("created_by")
    scope = scope_of(actor)
    return qs if scope.can_read_audit and scope.all_provinces else qs.filter(created_by=actor)


def job_get(*, actor, job_id: UUID | str) -> ImportJob:
    try:
        return job_list(actor=actor).get(pk=job_id)
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise Http404("No such import.") from None


def source_ids(*, model, object_ids: list[str]) -> dict[str, list[str]]:
    """For each object, the rows of partner files it came from, as "source:key" (several when two sources
    imported the same person). For exports run by operators (find_duplicates), not for pages."""
    from django.contrib.contenttypes.models import ContentType

    from pathways.imports.models import SourceRecord

    found: dict[str, list[str]] = {}
    records = SourceRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=object_ids
    ).order_by("source", "key")
    for object_id, source, key in records.values_list("object_id", "source", "key"):
        found.setdefault(object_id, []).append(f"{source}:{key}")
    return found


def records_by_row(*, job: ImportJob, rows: list[int]) -> dict[int, str]:
    """For rows of the job's file: the id of the record each one became (rows imported by this job)."""
    from pathways.imports.models import SourceRecord

    found = SourceRecord.objects.filter(job=job, row__in=rows).values_list("row", "object_id")
    return {row: object_id for row, object_id in found if row is not None}
