import datetime
import enum
import json
from typing import Literal
from uuid import UUID

import pydantic
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja.errors import ValidationError as RequestInvalid
from ninja.files import UploadedFile
from ninja.pagination import paginate

from pathways.api.paging import PagePagination
from pathways.imports import registry, selectors, services
from pathways.imports.models import JobStatus

router = Router(tags=["imports"])

# The kinds the apps registered (imports.registry), known once the apps are ready.
ImportKindName = enum.Enum("ImportKindName", {k.name: k.name for k in registry.kinds()}, type=str)  # type: ignore[misc]


class ReviewStatus(enum.StrEnum):
    APPROVED = "approved"
    ON_HOLD = "on_hold"
    NOT_APPROVED = "not_approved"
    NONE = "none"


class MappingIn(Schema):
    """How the file's columns fill the kind's fields (see GET /imports/kinds)."""

    columns: dict[str, str] = Field(default_factory=dict, description="column header -> field name")
    values: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="field name -> {value in the file: value to store}"
    )
    key: str = Field("", description="the column that identifies a row across files, e.g. _uuid")
    sheet: str = ""
    on_duplicate: Literal["create", "skip"] = "create"
    defaults: dict[str, str] = Field(default_factory=dict, description="field name -> value for every row")
    strict: bool = Field(
        False,
        description="refuse a row for any bad value; by default a bad optional value is left empty "
        "and reported as a warning",
    )
    validation: list[ReviewStatus] = Field(
        default_factory=lambda: [ReviewStatus.APPROVED],
        description="KoboToolbox / ODK Central exports: the review statuses of the submissions to import "
        "(_validation_status or ReviewState column; none = not reviewed)",
    )


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
    status: JobStatus
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
    value: str = Field(description="the cell as the file gave it (warnings)")
    level: str = Field(description="rejected, warning (imported without this value) or duplicate")
    message: str


class RunIn(Schema):
    dry_run: bool = False
    mapping: MappingIn | None = None


def _mapping(raw: str) -> dict | None:
    """The `mapping` form field: JSON of a MappingIn, refused with the field named when it is not."""
    if not raw:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        raise ValidationError({"mapping": _("The mapping is not valid JSON.")}) from None
    try:
        return MappingIn.model_validate(data).dict()
    except pydantic.ValidationError as error:
        raise RequestInvalid(
            [{**e, "loc": ("form", "mapping", *e["loc"])} for e in error.errors(include_url=False)]
        ) from None


def _out(job):
    done, total = services.job_progress(job)
    job.done_rows, job.total_rows = done, total
    return job


@router.get("/kinds", response=list[KindOut], summary="What can be imported, and the fields of each kind")
@paginate(PagePagination)
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


@router.post(
    "/",
    response={201: JobOut},
    summary="Upload a file; optionally start a dry run or the import",
    # A multipart part without bytes cannot be told from a missing part, so the contract asks for content.
    openapi_extra={
        "requestBody": {
            "content": {"multipart/form-data": {"schema": {"properties": {"file": {"minLength": 1}}}}}
        }
    },
)
def job_create(
    request,
    file: File[UploadedFile],
    kind: Form[ImportKindName],  # type: ignore[valid-type]
    source: Form[str] = "",
    mapping: Form[str] = "",
    run: Form[Literal["", "dry_run", "import"]] = "",
):
    """`mapping` is JSON ({"columns": {...}, "values": {...}, "key": "_uuid"}); without it one is proposed.
    `run` is "dry_run" or "import" to start at once; poll GET /imports/{id} for the status."""
    chosen = _mapping(mapping)
    job = services.import_job_create(
        actor=request.auth,
        kind=kind.value,
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
        services.import_job_map(actor=request.auth, job=job, mapping=payload.mapping.dict())
    with transaction.atomic():
        services.import_job_start(actor=request.auth, job=job, dry_run=payload.dry_run)
    job.refresh_from_db()
    return _out(job)


@router.get(
    "/{job_id}/issues", response=list[IssueOut], summary="Rejected rows, values left out, likely duplicates"
)
@paginate(PagePagination)
def job_issues(request, job_id: UUID):
    job = selectors.job_get(actor=request.auth, job_id=job_id)
    return job.issues.order_by("row", "pk")
