"""Ethical recruitment over HTTP: the same services and selectors as the pages."""

import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from pathways.api.paging import RecordPagination
from pathways.places.models import Country, Province
from pathways.recruitment import selectors
from pathways.recruitment.models import AgencyStatus, Membership
from pathways.recruitment.services import agencies as agency_services
from pathways.training.models import Sector

router = Router(tags=["recruitment"])


class AgencyFields(Schema):
    name_en: str | None = None
    name_local: str | None = None
    licence_number: str | None = None
    issuing_authority: str | None = None
    licence_valid_from: datetime.date | None = None
    licence_valid_to: datetime.date | None = None
    head_office_province: str | None = Field(None, description="ISO 3166-2 code, e.g. LA-VT")
    address: str | None = None
    phone: str | None = None
    branch_provinces: list[str] | None = Field(
        None, description="ISO 3166-2 codes of the provinces with a branch"
    )
    destinations: list[str] | None = Field(None, description="ISO 3166 codes, e.g. TH, KR")
    sectors: list[Sector] | None = None
    membership: Membership | None = None
    association: str | None = None


class AgencyBranchOut(Schema):
    province: str = Field(alias="province_id")
    address: str
    phone: str


class AgencyDecisionOut(Schema):
    status: AgencyStatus
    changed_on: datetime.date
    reason: str


class AgencyOut(Schema):
    id: UUID
    name_en: str
    name_local: str
    licence_number: str
    issuing_authority: str
    licence_valid_from: datetime.date
    licence_valid_to: datetime.date
    status: AgencyStatus = Field(
        description="today's status: decided by the ministry, or expired by the dates"
    )
    decided_status: AgencyStatus
    head_office_province: str = Field(alias="head_office_province_id")
    address: str
    phone: str
    branches: list[AgencyBranchOut]
    destinations: list[str]
    sectors: list[Sector]
    membership: Membership
    association: str
    status_changes: list[AgencyDecisionOut]

    @staticmethod
    def resolve_branches(obj) -> list:
        return list(obj.branches.all())

    @staticmethod
    def resolve_destinations(obj) -> list[str]:
        return sorted(c.pk for c in obj.destinations.all())

    @staticmethod
    def resolve_status_changes(obj) -> list:
        return list(obj.status_changes.all())


class AgencyDecisionIn(Schema):
    status: AgencyStatus = Field(description="licensed, suspended or revoked")
    changed_on: datetime.date
    reason: str


def _provinces(codes: list[str], field: str) -> list[Province]:
    found = {p.code: p for p in Province.objects.filter(code__in=[c.upper() for c in codes])}
    missing = [c for c in codes if c.upper() not in found]
    if missing:
        raise ValidationError({field: _("No province with code %(code)r.") % {"code": missing[0]}})
    return list(found.values())


def _countries(codes: list[str], field: str) -> list[Country]:
    found = {c.code: c for c in Country.objects.filter(code__in=[c.upper() for c in codes])}
    missing = [c for c in codes if c.upper() not in found]
    if missing:
        raise ValidationError({field: _("No country with code %(code)r.") % {"code": missing[0]}})
    return list(found.values())


def _agency_fields(body: AgencyFields) -> dict:
    changes = body.dict(exclude_unset=True)
    if "head_office_province" in changes:
        code = changes["head_office_province"] or ""
        changes["head_office_province"] = _provinces([code], "head_office_province")[0] if code else None
    if changes.get("branch_provinces") is not None:
        changes["branch_provinces"] = _provinces(changes["branch_provinces"], "branch_provinces")
    if changes.get("destinations") is not None:
        changes["destinations"] = _countries(changes["destinations"], "destinations")
    return changes


def _agency_out(request, agency_id):
    return selectors.agency_get(actor=request.auth, agency_id=agency_id)


@router.get("/agencies", response=list[AgencyOut], summary="Recruitment agencies (search by name or licence)")
@paginate(RecordPagination)
def agency_list(
    request,
    q: str = "",
    status: AgencyStatus | None = None,
    province: str = Query("", description="head office or branch, ISO 3166-2 code"),
    destination: str = Query("", description="ISO 3166 code"),
):
    agencies = selectors.agency_list(
        actor=request.auth,
        search=q,
        status=status or "",
        province=province.upper(),
        destination=destination.upper(),
    )
    return agencies.prefetch_related("branches", "destinations", "status_changes").order_by("name_en", "pk")


@router.post("/agencies", response={201: AgencyOut}, summary="Record a licensed agency (national staff)")
def agency_create(request, body: AgencyFields):
    agency = agency_services.agency_create(actor=request.auth, **_agency_fields(body))
    return 201, _agency_out(request, agency.pk)


@router.get(
    "/agencies/{agency_id}", response=AgencyOut, summary="One agency, with its branches and decisions"
)
def agency_detail(request, agency_id: UUID):
    return _agency_out(request, agency_id)


@router.patch("/agencies/{agency_id}", response=AgencyOut, summary="Correct an agency (fields not sent stay)")
def agency_update(request, agency_id: UUID, body: AgencyFields):
    agency = selectors.agency_get(actor=request.auth, agency_id=agency_id)
    agency_services.agency_update(actor=request.auth, agency=agency, **_agency_fields(body))
    return _agency_out(request, agency_id)


@router.post(
    "/agencies/{agency_id}/status",
    response={201: AgencyDecisionOut},
    summary="Record the ministry's decision",
)
def agency_status(request, agency_id: UUID, body: AgencyDecisionIn):
    agency = selectors.agency_get(actor=request.auth, agency_id=agency_id)
    return 201, agency_services.agency_status_set(actor=request.auth, agency=agency, **body.dict())
