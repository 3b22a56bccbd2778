"""Protection cases over HTTP: the same services and selectors as the pages. Every read of a case is logged,
and a case the token's user is not assigned to answers 404, as one that does not exist."""

import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from pathways.accounts.models import User
from pathways.api.paging import RecordPagination
from pathways.partners.models import Organisation
from pathways.protection import access, selectors, services
from pathways.protection.models import CaseKind, CaseStatus, ClosureReason, RiskLevel
from pathways.results import selectors as results_selectors

router = Router(tags=["protection"])


class CaseIn(Schema):
    person_id: UUID
    organisation_id: UUID = Field(description="the organisation managing the case: one you work for")
    kind: CaseKind
    risk: RiskLevel
    opened_on: datetime.date
    supervisor: str = Field(description="username of an active case worker of the organisation")
    case_workers: list[str] = Field([], description="usernames; you are assigned to the case you open")
    summary: str = ""
    funding_project: str | None = Field(None, description="project code")


class CasePatch(Schema):
    kind: CaseKind | None = None
    risk: RiskLevel | None = None
    summary: str | None = None
    funding_project: str | None = Field(None, description="project code; null for none")


class TeamIn(Schema):
    supervisor: str
    case_workers: list[str]


class CloseIn(Schema):
    closed_on: datetime.date
    closure_reason: ClosureReason
    note: str = ""


class NoteIn(Schema):
    written_on: datetime.date
    text: str


class CaseListOut(Schema):
    """A line of the caseload: no summary, since a list is not logged as a read of each case."""

    id: UUID
    person_id: UUID
    person: str = Field(alias="person.display_name")
    organisation_id: UUID
    kind: CaseKind
    risk: RiskLevel
    status: CaseStatus
    opened_on: datetime.date
    closed_on: datetime.date | None
    closure_reason: ClosureReason | None = Field(description="null while the case is open")
    supervisor: str = Field(alias="supervisor.username")
    case_workers: list[str]

    @staticmethod
    def resolve_closure_reason(case) -> str | None:
        return case.closure_reason or None

    @staticmethod
    def resolve_case_workers(case) -> list[str]:
        return sorted(u.username for u in case.case_workers.all())


class CaseOut(CaseListOut):
    """One case, as read (every answer carrying it is a logged view)."""

    summary: str


class NoteOut(Schema):
    id: UUID
    written_on: datetime.date
    text: str
    author: str | None = Field(None, alias="author.username")


def _users(usernames: list[str], field: str) -> list[User]:
    found = {u.username: u for u in User.objects.filter(username__in=usernames)}
    missing = sorted(set(usernames) - set(found))
    if missing:
        raise ValidationError({field: _("No such user: %(users)s.") % {"users": ", ".join(missing)}})
    return [found[name] for name in usernames]


@router.get("/cases", response=list[CaseListOut], summary="Cases you work on or supervise (newest first)")
@paginate(RecordPagination)
def case_list(
    request, status: CaseStatus | None = None, kind: CaseKind | None = None, risk: RiskLevel | None = None
):
    access.require_case_worker(request.auth)
    cases = selectors.case_list(actor=request.auth, status=status or "")
    if kind:
        cases = cases.filter(kind=kind)
    if risk:
        cases = cases.filter(risk=risk)
    return cases.order_by("-opened_on", "pk")


@router.post("/cases", response={201: CaseOut}, summary="Open a protection case")
def case_open(request, body: CaseIn):
    access.require_case_worker(request.auth)
    organisation = Organisation.objects.filter(pk=body.organisation_id).first()
    if organisation is None:
        raise ValidationError({"organisation_id": _("No such organisation.")})
    case = services.case_open(
        actor=request.auth,
        person_id=body.person_id,
        organisation=organisation,
        supervisor=_users([body.supervisor], "supervisor")[0],
        case_workers=_users(body.case_workers, "case_workers"),
        funding_project=results_selectors.funding_project(body.funding_project),
        **body.dict(include={"kind", "risk", "opened_on", "summary"}),
    )
    return 201, selectors.case_view(actor=request.auth, case_id=case.pk)


@router.get("/cases/{case_id}", response=CaseOut, summary="One case (the read is logged)")
def case_detail(request, case_id: UUID):
    access.require_case_worker(request.auth)
    return selectors.case_view(actor=request.auth, case_id=case_id)


@router.patch("/cases/{case_id}", response=CaseOut, summary="Correct kind, risk, summary or project")
def case_update(request, case_id: UUID, body: CasePatch):
    case = selectors.case_get(actor=request.auth, case_id=case_id)
    changes = body.dict(exclude_unset=True)
    if "funding_project" in changes:
        changes["funding_project"] = results_selectors.funding_project(changes["funding_project"])
    services.case_update(actor=request.auth, case=case, **changes)
    return selectors.case_view(actor=request.auth, case_id=case_id)


@router.put(
    "/cases/{case_id}/team",
    response={200: CaseOut, 204: None},
    summary="Change who works on a case (supervisor); 204 when you handed it over and no longer see it",
)
def case_assign(request, case_id: UUID, body: TeamIn):
    case = selectors.case_get(actor=request.auth, case_id=case_id)
    services.case_assign(
        actor=request.auth,
        case=case,
        supervisor=_users([body.supervisor], "supervisor")[0],
        case_workers=_users(body.case_workers, "case_workers"),
    )
    if not selectors.case_list(actor=request.auth).filter(pk=case_id).exists():
        return 204, None
    return 200, selectors.case_view(actor=request.auth, case_id=case_id)


@router.post("/cases/{case_id}/close", response=CaseOut, summary="Close a case")
def case_close(request, case_id: UUID, body: CloseIn):
    case = selectors.case_get(actor=request.auth, case_id=case_id)
    services.case_close(actor=request.auth, case=case, **body.dict())
    return selectors.case_view(actor=request.auth, case_id=case_id)


@router.post("/cases/{case_id}/reopen", response=CaseOut, summary="Reopen a closed case")
def case_reopen(request, case_id: UUID):
    case = selectors.case_get(actor=request.auth, case_id=case_id)
    services.case_reopen(actor=request.auth, case=case)
    return selectors.case_view(actor=request.auth, case_id=case_id)


@router.get("/cases/{case_id}/notes", response=list[NoteOut], summary="A case's notes (the read is logged)")
@paginate(RecordPagination)
def note_list(request, case_id: UUID):
    access.require_case_worker(request.auth)
    case = selectors.case_view(actor=request.auth, case_id=case_id)
    return case.notes.select_related("author").order_by("written_on", "created_at", "pk")


@router.post("/cases/{case_id}/notes", response={201: NoteOut}, summary="Write a note on a case")
def note_add(request, case_id: UUID, body: NoteIn):
    case = selectors.case_get(actor=request.auth, case_id=case_id)
    return 201, services.note_add(actor=request.auth, case=case, **body.dict())
