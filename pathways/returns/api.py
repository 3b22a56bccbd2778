"""Returns and referrals over HTTP: the same services and selectors as the pages."""

import contextlib
import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from pathways.imports.rows import rekeyed
from pathways.partners.models import Organisation
from pathways.places.models import Country
from pathways.results import selectors as results_selectors
from pathways.returns import selectors, services

router = Router(tags=["returns"])


class ReturnFields(Schema):
    returned_on: datetime.date | None = None
    from_country: str | None = Field(None, description="ISO 3166 code, e.g. TH")
    reason: str | None = Field(None, description="contract_ended, covid19, deported, fled, family or other")
    border_point: str | None = Field(
        None,
        description="friendship_1 … friendship_4, vangtao, other_checkpoint, irregular; empty when not known",
    )
    quarantine_centre_id: UUID | None = None
    screening: str | None = Field(None, description="not_screened, no_indicators or indicators")
    savings_lak: int | None = None
    debt_lak: int | None = None
    skills_gained: str | None = None
    needs: list[str] | None = Field(
        None,
        description="training, job, health, psychosocial, legal, direct_assistance, shelter, other",
    )
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
    reason: str
    border_point: str
    quarantine_centre_id: UUID | None
    screening: str
    savings_lak: int | None
    debt_lak: int | None
    skills_gained: str
    needs: list[str]
    note: str


class ReferralIn(Schema):
    organisation_id: UUID = Field(description="who refers: an organisation you work for")
    service: str
    referred_to_id: UUID
    referred_on: datetime.date
    note: str = ""


class ReferralOut(Schema):
    id: UUID
    person_id: UUID
    after_return_id: UUID | None
    service: str
    organisation_id: UUID
    referred_to_id: UUID
    referred_on: datetime.date
    status: str
    outcome_on: datetime.date | None
    note: str
    outcome_note: str


class OutcomeIn(Schema):
    status: str = Field(description="referred, completed, declined or not_provided")
    outcome_on: datetime.date | None = None
    outcome_note: str | None = Field(
        None, description="the receiving side's note; the referral's own note stays"
    )


def _organisation(pk: UUID, field: str) -> Organisation:
    found = Organisation.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("No such organisation.")})
    return found


@contextlib.contextmanager
def _api_keys():
    """Service refusals under this API's own field names (quarantine_centre_id, referred_to_id)."""
    try:
        yield
    except ValidationError as error:
        raise rekeyed(
            error, {"quarantine_centre": "quarantine_centre_id", "referred_to": "referred_to_id"}
        ) from None


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
def return_list(
    request, year: int | None = Query(None, ge=1900, le=2100), reason: str = "", limit: int = 500
):
    return list(
        selectors.return_list(actor=request.auth, year=year, reason=reason)[: max(1, min(limit, 5000))]
    )


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
def referral_list(request, return_id: UUID):
    record = selectors.return_get(actor=request.auth, return_id=return_id)
    return list(selectors.referral_list(actor=request.auth, person=record.person))


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
