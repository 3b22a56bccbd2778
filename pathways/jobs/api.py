"""The employment API at /api/v1/jobs/: vacancies, matching, placements and retention follow-ups."""

import datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from pathways.api.paging import PagePagination, RecordPagination
from pathways.jobs import access, selectors, services
from pathways.jobs.models import Checkpoint, Currency, VacancyStatus
from pathways.partners.models import Organisation
from pathways.people import selectors as people_selectors
from pathways.places.models import Country, Province
from pathways.results import selectors as results_selectors
from pathways.training.models import Sector

router = Router(tags=["jobs"])

# Where a job is: in Lao PDR, or abroad.
Where = Literal["LA", "abroad"]


class VacancyIn(Schema):
    employer_id: UUID
    posted_by_id: UUID = Field(description="the organisation posting it: the employer or your organisation")
    title_en: str
    title_lo: str = ""
    isco_code: str = Field(description="ISCO-08 unit group, 4 digits")
    sector: Sector
    openings: int = 1
    opens_on: datetime.date
    closes_on: datetime.date | None = None
    country: str | None = Field(None, description="ISO code; empty: the employer's")
    province: str | None = Field(None, description="ISO 3166-2 code, e.g. LA-VT or TH-10")
    wage_monthly: int | None = None
    currency: Currency | None = None
    description: str = ""


class VacancyOut(Schema):
    id: UUID
    employer_id: UUID
    employer: str = Field(alias="employer.name_en")
    title_en: str
    title_lo: str
    isco_code: str
    sector: Sector
    country: str = Field(alias="country_id")
    province: str | None = Field(None, alias="province_id")
    openings: int
    placed: int = 0
    wage_monthly: int | None
    currency: Currency | None
    opens_on: datetime.date
    closes_on: datetime.date | None
    status: VacancyStatus

    @staticmethod
    def resolve_currency(obj) -> str | None:
        return obj.currency or None


class StatusIn(Schema):
    status: VacancyStatus


class MatchOut(Schema):
    person_id: UUID = Field(alias="person.pk")
    person: str = Field(alias="person.display_name")
    by_occupation: bool
    course: str
    trained_on: datetime.date | None = None
    certificate: str
    employed_at: str

    @staticmethod
    def resolve_trained_on(obj):
        return None if obj.on == datetime.date.min else obj.on


class PlacementIn(Schema):
    person_id: UUID
    vacancy_id: UUID | None = None
    employer_id: UUID | None = Field(None, description="required without a vacancy")
    recorded_by_organisation_id: UUID
    job_title: str = ""
    isco_code: str = ""
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    country: str | None = None
    province: str | None = None
    wage_monthly: int | None = None
    currency: Currency | None = None
    funding_project: str | None = Field(None, description="project code")
    note: str = ""


class FollowUpOut(Schema):
    id: UUID
    checkpoint: Checkpoint
    checked_on: datetime.date
    still_employed: bool | None = Field(description="null: the person could not be reached")
    current_wage: int | None
    note: str


class PlacementOut(Schema):
    id: UUID
    person_id: UUID
    vacancy_id: UUID | None
    employer_id: UUID
    employer: str = Field(alias="employer.name_en")
    job_title: str
    isco_code: str
    country: str = Field(alias="country_id")
    province: str | None = Field(None, alias="province_id")
    abroad: bool = Field(alias="is_abroad")
    starts_on: datetime.date
    ends_on: datetime.date | None
    wage_monthly: int | None
    currency: Currency | None
    funding_project: str | None = Field(None, alias="funding_project.code")
    recorded_by_organisation_id: UUID
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_follow_ups(obj):
        return list(obj.follow_ups.all())

    @staticmethod
    def resolve_currency(obj) -> str | None:
        return obj.currency or None


class PlacementEndIn(Schema):
    ends_on: datetime.date


class FollowUpIn(Schema):
    checkpoint: Checkpoint = Field(description="3 or 6 (months after the start)")
    checked_on: datetime.date
    still_employed: bool | None = Field(
        description="null: the person could not be reached (closes the checkpoint; no wage)"
    )
    current_wage: int | None = None
    note: str = ""


class VacancyPatch(Schema):
    title_en: str | None = None
    title_lo: str | None = None
    isco_code: str | None = None
    sector: Sector | None = None
    openings: int | None = None
    opens_on: datetime.date | None = None
    closes_on: datetime.date | None = None
    country: str | None = Field(None, description="ISO code")
    province: str | None = Field(None, description="ISO 3166-2 code, e.g. LA-VT or TH-10")
    wage_monthly: int | None = None
    currency: Currency | None = None
    description: str | None = None


class FollowUpPatch(Schema):
    checked_on: datetime.date | None = None
    still_employed: bool | None = Field(None, description="null: the person could not be reached")
    current_wage: int | None = None
    note: str | None = None


class DueOut(Schema):
    placement_id: UUID = Field(alias="placement.pk")
    person_id: UUID = Field(alias="placement.person_id")
    person: str = Field(alias="placement.person.display_name")
    checkpoint: Checkpoint
    due_on: datetime.date
    state: Literal["overdue", "due", "due_soon"]


def _org(pk: UUID, field: str, qs=None) -> Organisation:
    found = (qs if qs is not None else Organisation.objects).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: "No such organisation."})
    return found


def _place(country: str | None, province: str | None) -> tuple[Country | None, Province | None]:
    c = p = None
    if country:
        c = Country.objects.filter(pk=country.upper()).first()
        if c is None:
            raise ValidationError({"country": f"No country with code {country!r}."})
    if province:
        p = Province.objects.filter(pk=province.upper()).first()
        if p is None:
            raise ValidationError({"province": f"No province with code {province!r}."})
    return c, p


@router.get("/vacancies", response=list[VacancyOut], summary="Vacancies (newest first)")
@paginate(RecordPagination)
def vacancy_list(
    request,
    status: VacancyStatus | None = None,
    where: Where | None = None,
    employer_id: UUID | None = None,
    sector: Sector | None = None,
):
    vacancies = selectors.vacancy_list(
        actor=request.auth, status=status or "", country=where or "", employer_id=employer_id
    )
    return (vacancies.filter(sector=sector) if sector else vacancies).order_by("-opens_on", "pk")


@router.post("/vacancies", response={201: VacancyOut}, summary="Post a vacancy")
def vacancy_create(request, body: VacancyIn):
    country, province = _place(body.country, body.province)
    data = body.dict(exclude={"employer_id", "posted_by_id", "country", "province"})
    data["currency"] = data["currency"] or ""
    vacancy = services.vacancy_create(
        actor=request.auth,
        employer=_org(body.employer_id, "employer_id"),
        posted_by=_org(body.posted_by_id, "posted_by_id"),
        country=country,
        province=province,
        **data,
    )
    return 201, selectors.vacancy_get(actor=request.auth, vacancy_id=vacancy.pk)


@router.get("/vacancies/{vacancy_id}", response=VacancyOut, summary="One vacancy")
def vacancy_detail(request, vacancy_id: UUID):
    return selectors.vacancy_get(actor=request.auth, vacancy_id=vacancy_id)


@router.patch(
    "/vacancies/{vacancy_id}",
    response=VacancyOut,
    summary="Correct a vacancy (fields not sent stay as they are; country and province are set together)",
)
def vacancy_update(request, vacancy_id: UUID, body: VacancyPatch):
    vacancy = selectors.vacancy_get(actor=request.auth, vacancy_id=vacancy_id)
    changes = body.dict(exclude_unset=True)
    if "currency" in changes:
        changes["currency"] = changes["currency"] or ""
    if "country" in changes or "province" in changes:
        # The place is set as a whole: a province alone takes its country, a country alone has no province.
        changes["country"], changes["province"] = _place(changes.get("country"), changes.get("province"))
    services.vacancy_update(actor=request.auth, vacancy=vacancy, **changes)
    return selectors.vacancy_get(actor=request.auth, vacancy_id=vacancy_id)


@router.post("/vacancies/{vacancy_id}/status", response=VacancyOut, summary="Open, fill or close a vacancy")
def vacancy_status(request, vacancy_id: UUID, body: StatusIn):
    vacancy = selectors.vacancy_get(actor=request.auth, vacancy_id=vacancy_id)
    services.vacancy_set_status(actor=request.auth, vacancy=vacancy, status=body.status)
    return selectors.vacancy_get(actor=request.auth, vacancy_id=vacancy_id)


@router.get(
    "/vacancies/{vacancy_id}/matches", response=list[MatchOut], summary="Trained people in your scope who fit"
)
@paginate(PagePagination)
def vacancy_matches(
    request, vacancy_id: UUID, province: str = Query("", description="ISO 3166-2 code of the home province")
):
    vacancy = selectors.vacancy_get(actor=request.auth, vacancy_id=vacancy_id)
    return selectors.vacancy_matches(actor=request.auth, vacancy=vacancy, province=province)


@router.get("/placements", response=list[PlacementOut], summary="Placements of people you may see")
@paginate(RecordPagination)
def placement_list(
    request,
    person_id: UUID | None = None,
    vacancy_id: UUID | None = None,
    where: Where | None = None,
    employer_id: UUID | None = None,
    funding_project: str = Query("", description="project code"),
):
    person = people_selectors.person_get(actor=request.auth, person_id=person_id) if person_id else None
    vacancy = selectors.vacancy_get(actor=request.auth, vacancy_id=vacancy_id) if vacancy_id else None
    qs = selectors.placement_list(actor=request.auth, person=person, vacancy=vacancy, country=where or "")
    if employer_id:
        qs = qs.filter(employer_id=employer_id)
    if funding_project:
        qs = qs.filter(funding_project__code=funding_project)
    return qs.prefetch_related("follow_ups").select_related("funding_project").order_by("-starts_on", "pk")


@router.post("/placements", response={201: PlacementOut}, summary="Record a placement")
def placement_create(request, body: PlacementIn):
    person = people_selectors.person_get(actor=request.auth, person_id=body.person_id)
    vacancy = (
        selectors.vacancy_get(actor=request.auth, vacancy_id=body.vacancy_id) if body.vacancy_id else None
    )
    country, province = _place(body.country, body.province)
    placement = services.placement_create(
        actor=request.auth,
        person=person,
        vacancy=vacancy,
        employer=_org(body.employer_id, "employer_id") if body.employer_id else None,
        recorded_by_organisation=_org(
            body.recorded_by_organisation_id,
            "recorded_by_organisation_id",
            access.recording_organisations(request.auth),
        ),
        country=country,
        province=province,
        funding_project=results_selectors.funding_project(body.funding_project),
        currency=body.currency or "",
        **body.dict(include={"job_title", "isco_code", "starts_on", "ends_on", "wage_monthly", "note"}),
    )
    return 201, selectors.placement_get(actor=request.auth, placement_id=placement.pk)


@router.get("/placements/{placement_id}", response=PlacementOut, summary="One placement with its follow-ups")
def placement_detail(request, placement_id: UUID):
    return selectors.placement_get(actor=request.auth, placement_id=placement_id)


@router.post("/placements/{placement_id}/end", response=PlacementOut, summary="Record that the job ended")
def placement_end(request, placement_id: UUID, body: PlacementEndIn):
    placement = selectors.placement_get(actor=request.auth, placement_id=placement_id)
    services.placement_update(actor=request.auth, placement=placement, ends_on=body.ends_on)
    return selectors.placement_get(actor=request.auth, placement_id=placement_id)


@router.post(
    "/placements/{placement_id}/follow-ups",
    response={201: FollowUpOut},
    summary="Record the 3- or 6-month retention follow-up",
)
def follow_up_record(request, placement_id: UUID, body: FollowUpIn):
    placement = selectors.placement_get(actor=request.auth, placement_id=placement_id)
    return 201, services.follow_up_record(actor=request.auth, placement=placement, **body.dict())


@router.patch(
    "/placements/{placement_id}/follow-ups/{checkpoint}",
    response=FollowUpOut,
    summary="Correct a recorded follow-up (date, answer, wage, note; fields not sent stay as they are)",
)
def follow_up_update(request, placement_id: UUID, checkpoint: Checkpoint, body: FollowUpPatch):
    placement = selectors.placement_get(actor=request.auth, placement_id=placement_id)
    follow_up = get_object_or_404(placement.follow_ups.all(), checkpoint=checkpoint)
    return services.follow_up_update(actor=request.auth, follow_up=follow_up, **body.dict(exclude_unset=True))


@router.get(
    "/follow-ups/due", response=list[DueOut], summary="Follow-ups overdue, due, or due within a month"
)
@paginate(PagePagination)
def follow_ups_due(request):
    return selectors.follow_ups_due(actor=request.auth)
