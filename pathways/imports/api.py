import datetime
import json
from uuid import UUID

from django.db import transaction
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from pathways.imports import registry, selectors, services

router = Router(tags=["imports"])


class FieldOut(Schema):
    name: str
    label: str
    type: str
    required: bool
    many: bool
    choices: list[str]


class KindOut(Schema):
    name: str
    label: str
    fields: list[FieldOut]


class JobOut(Schema):
    id: UUID
    kind: str
    source: str
    filename: str
    status: str
    dry_run: bool
    headers: list[str]
    mapping: dict
    counts: dict
    done_rows: int
    total_rows: int
    message: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


class IssueOut(Schema):
    row: int
    column: str
    level: str
    message: str


class RunIn(Schema):
    dry_run: bool = False
    mapping: dict | None = None


def _out(job):
    done, total = services.job_progress(job)
    job.done_rows, job.total_rows = done, total
    return job


@router.get("/kinds", response=list[KindOut], summary="What can be imported, and the fields of each kind")
def kind_list(request):
    return [
        {
            "name": k.name,
            "label": str(k.label),
            "fields": [
                {
                    "name": f.name,
                    "label": str(f.label),
                    "type": f.type,
                    "required": f.required,
                    "many": f.many,
                    "choices": list(f.choices),
                }
                for f in k.fields
            ],
        }
        for k in registry.kinds()
    ]


@router.post("/", response={201: JobOut}, summary="Upload a file; optionally start a dry run or the import")
def job_create(
    request,
    file: File[UploadedFile],
    kind: Form[str],
    source: Form[str] = "",
    mapping: Form[str] = "",
    run: Form[str] = "",
):
    """`mapping` is JSON ({"columns": {...}, "values": {...}, "key": "_uuid"}); without it one is proposed.
    `run` is "dry_run" or "import" to start at once; poll GET /imports/{id} for the status."""
    chosen = json.loads(mapping) if mapping else None
    job = services.import_job_create(
        actor=request.auth,
        kind=kind,
        filename=file.name or "upload",
        content=file.read(),
        source=source,
        mapping=chosen,
    )
    if run in ("dry_run", "import"):
        with transaction.atomic():
            services.import_job_start(actor=request.auth, job=job, dry_run=run == "dry_run")
        job.refresh_from_db()
    return 201, _out(job)


@router.get("/{job_id}", response=JobOut, summary="Status, progress and counts of an import")
def job_detail(request, job_id: UUID):
    return _out(selectors.job_get(actor=request.auth, job_id=job_id))


@router.post(
    "/{job_id}/run", response=JobOut, summary="Start a dry run or the import (after changing the mapping)"
)
def job_run(request, job_id: UUID, payload: RunIn):
    job = selectors.job_get(actor=request.auth, job_id=job_id)
    if payload.mapping is not None:
        services.import_job_map(actor=request.auth, job=job, mapping=payload.mapping)
    with transaction.atomic():
        services.import_job_start(actor=request.auth, job=job, dry_run=payload.dry_run)
    job.refresh_from_db()
    return _out(job)


@router.get("/{job_id}/issues", response=list[IssueOut], summary="Rejected rows and likely duplicates")
def job_issues(request, job_id: UUID, offset: int = 0, limit: int = 500):
    job = selectors.job_get(actor=request.auth, job_id=job_id)
    return list(job.issues.all()[offset : offset + min(limit, 5000)])
