"""Returns and referrals over HTTP: the same services and selectors as the pages."""

import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from pathways.api.paging import RecordPagination
from pathways.api.problems import api_field_names
from pathways.partners.models import Organisation
from pathways.places.models import Country
from pathways.results import selectors as results_selectors
from pathways.returns import selectors, services
from pathways.returns.models import BorderPoint, ReferralStatus, ReturnReason, Screening, Service

router = Router(tags=["returns"])


class ReturnFields(Schema):
    returned_on: datetime.date | None = None
    from_country: str | None = Field(None, description="ISO 3166 code, e.g. TH")
    reason: ReturnReason | None = None
    border_point: BorderPoint | None = Field(None, description="null when not known")
    quarantine_centre_id: UUID | None = None
    screening: Screening | None = None
    savings_lak: int | None = None
    debt_lak: int | None = None
    skills_gained: str | None = None
    needs: list[Service] | None = Field(None, description="the needs assessment: services the person needs")
    funding_project: str | None = Field(None, description="project code")
    note: str | None = None


class ReturnIn(ReturnFields):
    person_id: UUID
    organisation_id: UUID = Field(description="who records it: an organisation you work for")


class ReturnOut(Schema):
    id: UUID
    person_id: UUID
    person: str = Field(alias="person.display_name")
    organisation_id: UUID
    returned_on: datetime.date
    from_country: str = Field(alias="from_country_id")
    reason: ReturnReason
    border_point: BorderPoint | None
    quarantine_centre_id: UUID | None
    screening: Screening
    savings_lak: int | None
    debt_lak: int | None
    skills_gained: str
    needs: list[Service]
    note: str

    @staticmethod
    def resolve_border_point(obj) -> str | None:
        return obj.border_point or None


class ReferralIn(Schema):
    organisation_id: UUID = Field(description="who refers: an organisation you work for")
    service: Service
    referred_to_id: UUID
    referred_on: datetime.date
    note: str = ""


class ReferralOut(Schema):
    id: UUID
    person_id: UUID
    after_return_id: UUID | None
    service: Service
    organisation_id: UUID
    referred_to_id: UUID
    referred_on: datetime.date
    status: ReferralStatus
    outcome_on: datetime.date | None
    note: str
    outcome_note: str


class OutcomeIn(Schema):
    status: ReferralStatus
    outcome_on: datetime.date | None = None
    outcome_note: str | None = Field(
        None, description="the receiving side's note; the referral's own note stays"
    )


def _organisation(pk: UUID, field: str) -> Organisation:
    found = Organisation.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("No such organisation.")})
    return found


def _api_keys():
    """Service refusals under this API's own field names (quarantine_centre_id, referred_to_id)."""
    return api_field_names({"quarantine_centre": "quarantine_centre_id", "referred_to": "referred_to_id"})


def _fields(body: ReturnFields) -> dict:
    """The fields sent, as the services take them (codes resolved to records)."""
    changes = body.dict(exclude_unset=True, exclude={"person_id", "organisation_id"})
    if "from_country" in changes:
        code = (changes["from_country"] or "").upper()
        changes["from_country"] = Country.objects.filter(pk=code).first()
        if changes["from_country"] is None:
            raise ValidationError({"from_country": _("No country with code %(code)r.") % {"code": code}})
    if "quarantine_centre_id" in changes:
        changes["quarantine_centre"] = _organisation(
            changes.pop("quarantine_centre_id"), "quarantine_centre_id"
        )
    if "funding_project" in changes:
        changes["funding_project"] = results_selectors.funding_project(changes["funding_project"])
    return changes


@router.get("/", response=list[ReturnOut], summary="Returns of people you may see (newest first)")
@paginate(RecordPagination)
def return_list(
    request,
    year: int | None = Query(None, ge=1900, le=2100),
    reason: ReturnReason | None = None,
    from_country: str = Query("", description="ISO 3166 code, e.g. TH"),
    organisation_id: UUID | None = Query(None, description="the recording organisation"),
    person_id: UUID | None = None,
):
    returns = selectors.return_list(actor=request.auth, year=year, reason=reason or "")
    if from_country:
        returns = returns.filter(from_country_id=from_country.upper())
    if organisation_id:
        returns = returns.filter(organisation_id=organisation_id)
    if person_id:
        returns = returns.filter(person_id=person_id)
    return returns.order_by("-returned_on", "pk")


@router.post("/", response={201: ReturnOut}, summary="Record a return (the person becomes a returnee)")
def return_create(request, body: ReturnIn):
    organisation = _organisation(body.organisation_id, "organisation_id")
    with _api_keys():
        record = services.return_record(
            actor=request.auth, person_id=body.person_id, organisation=organisation, **_fields(body)
        )
    return 201, selectors.return_get(actor=request.auth, return_id=record.pk)


@router.get("/{return_id}", response=ReturnOut, summary="One return")
def return_detail(request, return_id: UUID):
    return selectors.return_get(actor=request.auth, return_id=return_id)


@router.patch(
    "/{return_id}", response=ReturnOut, summary="Correct a return (fields not sent stay as they are)"
)
def return_update(request, return_id: UUID, body: ReturnFields):
    record = selectors.return_get(actor=request.auth, return_id=return_id)
    with _api_keys():
        services.return_update(actor=request.auth, record=record, **_fields(body))
    return selectors.return_get(actor=request.auth, return_id=return_id)


@router.get("/{return_id}/referrals", response=list[ReferralOut], summary="The person's referrals")
@paginate(RecordPagination)
def referral_list(request, return_id: UUID, status: ReferralStatus | None = None):
    record = selectors.return_get(actor=request.auth, return_id=return_id)
    referrals = selectors.referral_list(actor=request.auth, person=record.person, status=status or "")
    return referrals.order_by("-referred_on", "pk")


@router.post("/{return_id}/referrals", response={201: ReferralOut}, summary="Refer the person to a service")
def referral_create(request, return_id: UUID, body: ReferralIn):
    record = selectors.return_get(actor=request.auth, return_id=return_id)
    with _api_keys():
        referral = services.referral_make(
            actor=request.auth,
            person_id=record.person_id,
            after_return=record,
            organisation=_organisation(body.organisation_id, "organisation_id"),
            referred_to=_organisation(body.referred_to_id, "referred_to_id"),
            **body.dict(include={"service", "referred_on", "note"}),
        )
    return 201, referral


@router.post(
    "/referrals/{referral_id}/outcome", response=ReferralOut, summary="Record what came of a referral"
)
def referral_outcome(request, referral_id: UUID, body: OutcomeIn):
    referral = selectors.referral_get(actor=request.auth, referral_id=referral_id)
    return services.referral_outcome(actor=request.auth, referral=referral, **body.dict())
