"""Ethical recruitment over HTTP: the same services and selectors as the pages."""

import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from pathways.api.paging import PagePagination, RecordPagination
from pathways.api.problems import api_field_names
from pathways.api.types import Amount
from pathways.partners.models import Organisation
from pathways.people.models import Sex
from pathways.places.models import Country, Province
from pathways.recruitment import selectors
from pathways.recruitment.models import (
    AgencyStatus,
    ApprovalStatus,
    Channel,
    Complainant,
    ComplaintAgainst,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    CostCategory,
    Document,
    ExchangeRate,
    JobOrder,
    Membership,
    RecruitmentAgency,
)
from pathways.recruitment.services import agencies as agency_services
from pathways.recruitment.services import complaints, job_orders, money, records
from pathways.results import selectors as results_selectors
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


class ExchangeRateIO(Schema):
    currency: str = Field(description="ISO 4217 code, e.g. THB")
    valid_on: datetime.date
    units_per_usd: Amount = Field(description="units of the currency one US dollar bought that day")
    source: str = ""


@router.get("/exchange-rates", response=list[ExchangeRateIO], summary="Exchange rates per US dollar")
# Rates are reference data without change times: paged, not followed with updated_since.
@paginate(PagePagination)
def exchange_rate_list(request, currency: str = ""):
    rates = ExchangeRate.objects.all()
    if currency:
        rates = rates.filter(currency=currency.upper())
    return rates.order_by("currency", "-valid_on", "pk")


@router.post(
    "/exchange-rates", response={201: ExchangeRateIO}, summary="Record a day's rate (national staff)"
)
def exchange_rate_set(request, body: ExchangeRateIO):
    return 201, money.exchange_rate_set(actor=request.auth, **body.dict())


class CostIn(Schema):
    category: CostCategory
    amount: Amount = Field(description="in the currency paid; 0 or more")
    currency: str = Field(description="ISO 4217 code of a currency with exchange rates, e.g. LAK")
    paid_on: datetime.date
    paid_to: str = ""


class CostOut(CostIn):
    id: UUID
    units_per_usd: Amount
    amount_usd: Amount


class EarningsIn(Schema):
    reported_on: datetime.date
    amount: Amount = Field(description="monthly earnings received, more than 0")
    currency: str


class EarningsOut(EarningsIn):
    id: UUID
    amount_usd: Amount


class RecordFields(Schema):
    channel: Channel | None = None
    agency_id: UUID | None = None
    agency_exception_reason: str | None = Field(
        None, description="why an agency without a valid licence is accepted, where the office allows it"
    )
    job_order_id: UUID | None = None
    destination: str | None = Field(None, description="ISO 3166 code, e.g. TH")
    recruited_on: datetime.date | None = None
    departed_on: datetime.date | None = None
    documents: list[Document] | None = None
    contract_wage: Amount | None = None
    contract_currency: str | None = None
    funding_project: str | None = Field(None, description="project code")
    note: str | None = None


class RecordIn(RecordFields):
    person_id: UUID
    organisation_id: UUID = Field(description="who records it: an organisation you work for")
    costs: list[CostIn] = Field(default_factory=list, description="checked together: one refused, none saved")


class RecordOut(Schema):
    id: UUID
    person_id: UUID
    sex: Sex = Field(alias="person.sex")
    organisation_id: UUID
    channel: Channel
    agency_id: UUID | None
    agency_exception_reason: str
    job_order_id: UUID | None
    destination: str = Field(alias="destination_id")
    recruited_on: datetime.date
    departed_on: datetime.date | None
    documents: list[Document]
    contract_wage: Amount | None
    contract_currency: str
    note: str
    costs_usd: Amount
    monthly_earnings_usd: Amount | None
    cost_share_pct: Amount | None = Field(
        description="this worker's SDG 10.7.1: costs / monthly earnings x 100; null when earnings are unknown"
    )
    costs: list[CostOut]
    earnings: list[EarningsOut]

    @staticmethod
    def resolve_costs(obj) -> list:
        return list(obj.costs.all())

    @staticmethod
    def resolve_earnings(obj) -> list:
        return list(obj.earnings.all())


def _found(model, pk, field):
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("Nothing with this id.")})
    return found


def _record_fields(body: RecordFields) -> dict:
    changes = body.dict(exclude_unset=True, exclude={"person_id", "organisation_id", "costs"})
    if "agency_id" in changes:
        pk = changes.pop("agency_id")
        changes["agency"] = _found(RecruitmentAgency, pk, "agency_id") if pk else None
    if "job_order_id" in changes:
        pk = changes.pop("job_order_id")
        changes["job_order"] = _found(JobOrder, pk, "job_order_id") if pk else None
    if "destination" in changes:
        code = (changes["destination"] or "").upper()
        changes["destination"] = Country.objects.filter(pk=code).first()
        if changes["destination"] is None:
            raise ValidationError({"destination": _("No country with code %(code)r.") % {"code": code}})
    if "funding_project" in changes:
        changes["funding_project"] = results_selectors.funding_project(changes["funding_project"])
    return changes


def _api_keys():
    return api_field_names({"agency": "agency_id", "job_order": "job_order_id"})


@router.get("/records", response=list[RecordOut], summary="Workers' recruitments you may see (newest first)")
@paginate(RecordPagination)
def record_list(request, channel: Channel | None = None, person_id: UUID | None = None):
    found = selectors.record_list(actor=request.auth, channel=channel or "")
    if person_id:
        found = found.filter(person_id=person_id)
    return found.prefetch_related("costs", "earnings").order_by("-recruited_on", "pk")


@router.post(
    "/records", response={201: RecordOut}, summary="Record a worker's recruitment with the costs paid"
)
def record_create(request, body: RecordIn):
    organisation = _found(Organisation, body.organisation_id, "organisation_id")
    with _api_keys():
        record = records.recruitment_record(
            actor=request.auth,
            person_id=body.person_id,
            organisation=organisation,
            costs=[cost.dict() for cost in body.costs],
            **_record_fields(body),
        )
    return 201, selectors.record_get(actor=request.auth, record_id=record.pk)


@router.get("/records/{record_id}", response=RecordOut, summary="One worker's recruitment")
def record_detail(request, record_id: UUID):
    return selectors.record_get(actor=request.auth, record_id=record_id)


@router.patch(
    "/records/{record_id}", response=RecordOut, summary="Correct a recruitment (fields not sent stay)"
)
def record_update(request, record_id: UUID, body: RecordFields):
    record = selectors.record_get(actor=request.auth, record_id=record_id)
    with _api_keys():
        records.recruitment_update(actor=request.auth, record=record, **_record_fields(body))
    return selectors.record_get(actor=request.auth, record_id=record_id)


@router.post("/records/{record_id}/costs", response={201: CostOut}, summary="Add a cost the worker paid")
def cost_create(request, record_id: UUID, body: CostIn):
    record = selectors.record_get(actor=request.auth, record_id=record_id)
    return 201, records.cost_add(actor=request.auth, record=record, **body.dict())


@router.delete("/records/{record_id}/costs/{cost_id}", response={204: None}, summary="Remove a cost")
def cost_delete(request, record_id: UUID, cost_id: UUID):
    record = selectors.record_get(actor=request.auth, record_id=record_id)
    cost = record.costs.filter(pk=cost_id).first()
    if cost is None:
        raise Http404("No such cost.")
    records.cost_remove(actor=request.auth, cost=cost)
    return 204, None


@router.post("/records/{record_id}/earnings", response={201: EarningsOut}, summary="Record earnings reported")
def earnings_create(request, record_id: UUID, body: EarningsIn):
    record = selectors.record_get(actor=request.auth, record_id=record_id)
    return 201, records.earnings_report(actor=request.auth, record=record, **body.dict())


class ComplaintIn(Schema):
    organisation_id: UUID = Field(description="who received it: an organisation you work for")
    received_on: datetime.date
    complainant: Complainant
    person_id: UUID | None = Field(None, description="the worker, when registered")
    against: ComplaintAgainst
    agency_id: UUID | None = None
    against_name: str = Field("", description="the broker or employer, as the complainant names them")
    category: ComplaintCategory
    channel: ComplaintChannel
    description: str = ""


class ComplaintOut(Schema):
    id: UUID
    organisation_id: UUID
    received_on: datetime.date
    complainant: Complainant
    person_id: UUID | None
    against: ComplaintAgainst
    agency_id: UUID | None
    against_name: str
    category: ComplaintCategory
    channel: ComplaintChannel
    description: str
    status: ComplaintStatus
    closed_on: datetime.date | None
    outcome: str
    referred_on: datetime.date | None = Field(description="when the worker was referred for protection")


class ProgressIn(Schema):
    status: ComplaintStatus
    closed_on: datetime.date | None = None
    outcome: str | None = None


class ReferIn(Schema):
    referred_on: datetime.date


@router.get("/complaints", response=list[ComplaintOut], summary="Complaints you may see (newest first)")
@paginate(RecordPagination)
def complaint_list(request, status: ComplaintStatus | None = None, agency_id: UUID | None = None):
    found = selectors.complaint_list(actor=request.auth, status=status or "")
    if agency_id:
        found = found.filter(agency_id=agency_id)
    return found.order_by("-received_on", "pk")


@router.post("/complaints", response={201: ComplaintOut}, summary="Record a complaint as received")
def complaint_create(request, body: ComplaintIn):
    values = body.dict(exclude={"organisation_id", "agency_id"})
    with _api_keys():
        complaint = complaints.complaint_record(
            actor=request.auth,
            organisation=_found(Organisation, body.organisation_id, "organisation_id"),
            agency=_found(RecruitmentAgency, body.agency_id, "agency_id") if body.agency_id else None,
            **values,
        )
    return 201, complaint


@router.get("/complaints/{complaint_id}", response=ComplaintOut, summary="One complaint")
def complaint_detail(request, complaint_id: UUID):
    return selectors.complaint_get(actor=request.auth, complaint_id=complaint_id)


@router.post("/complaints/{complaint_id}/progress", response=ComplaintOut, summary="Record where it stands")
def complaint_progress(request, complaint_id: UUID, body: ProgressIn):
    complaint = selectors.complaint_get(actor=request.auth, complaint_id=complaint_id)
    return complaints.complaint_progress(actor=request.auth, complaint=complaint, **body.dict())


@router.post(
    "/complaints/{complaint_id}/refer",
    response=ComplaintOut,
    summary="Refer the worker at risk for protection",
)
def complaint_refer(request, complaint_id: UUID, body: ReferIn):
    complaint = selectors.complaint_get(actor=request.auth, complaint_id=complaint_id)
    return complaints.complaint_refer(actor=request.auth, complaint=complaint, **body.dict())


class JobOrderIn(Schema):
    reference: str
    employer_id: UUID = Field(description="an organisation of kind employer")
    destination: str = Field(description="ISO 3166 code, e.g. KR")
    channel: Channel = Field(description="agency or mou")
    agency_id: UUID | None = None
    job_title: str
    isco_code: str = Field(description="ISCO-08 unit group, 4 digits")
    workers_female: int = 0
    workers_male: int = 0
    workers_any: int = 0
    wage_monthly: Amount
    currency: str
    contract_months: int
    received_on: datetime.date


class JobOrderOut(Schema):
    id: UUID
    reference: str
    employer_id: UUID
    destination: str = Field(alias="destination_id")
    channel: Channel
    agency_id: UUID | None
    job_title: str
    isco_code: str
    workers_female: int
    workers_male: int
    workers_any: int
    wage_monthly: Amount
    currency: str
    contract_months: int
    received_on: datetime.date
    approval: ApprovalStatus
    decided_on: datetime.date | None
    decision_note: str


class JobOrderDecisionIn(Schema):
    approval: ApprovalStatus = Field(description="approved or rejected")
    decided_on: datetime.date
    decision_note: str = ""


@router.get("/job-orders", response=list[JobOrderOut], summary="Job orders (demand letters)")
@paginate(RecordPagination)
def job_order_list(request, approval: ApprovalStatus | None = None, agency_id: UUID | None = None):
    found = selectors.job_order_list(actor=request.auth, approval=approval or "")
    if agency_id:
        found = found.filter(agency_id=agency_id)
    return found.order_by("-received_on", "pk")


@router.post("/job-orders", response={201: JobOrderOut}, summary="Record a job order (national staff)")
def job_order_create(request, body: JobOrderIn):
    values = body.dict(exclude={"employer_id", "agency_id", "destination"})
    with api_field_names({"employer": "employer_id", "agency": "agency_id"}):
        order = job_orders.job_order_create(
            actor=request.auth,
            employer=_found(Organisation, body.employer_id, "employer_id"),
            agency=_found(RecruitmentAgency, body.agency_id, "agency_id") if body.agency_id else None,
            destination=Country.objects.filter(pk=body.destination.upper()).first(),
            **values,
        )
    return 201, order


@router.get("/job-orders/{job_order_id}", response=JobOrderOut, summary="One job order")
def job_order_detail(request, job_order_id: UUID):
    return selectors.job_order_get(actor=request.auth, job_order_id=job_order_id)


@router.post("/job-orders/{job_order_id}/decision", response=JobOrderOut, summary="The ministry's decision")
def job_order_decide(request, job_order_id: UUID, body: JobOrderDecisionIn):
    order = selectors.job_order_get(actor=request.auth, job_order_id=job_order_id)
    return job_orders.job_order_decide(actor=request.auth, job_order=order, **body.dict())
