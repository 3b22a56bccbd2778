"""Information sessions over HTTP: the same services and selectors as the pages."""

import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from pathways.api.paging import RecordPagination
from pathways.outreach import selectors, services
from pathways.outreach.models import Topic
from pathways.partners.models import Organisation
from pathways.places.models import District, Province
from pathways.places.selectors import district_list
from pathways.results import selectors as results_selectors

router = Router(tags=["outreach"])


class SessionIn(Schema):
    organisation_id: UUID = Field(description="who ran it: an organisation you work for")
    held_on: datetime.date
    topic: Topic
    province: str = Field(description="ISO 3166-2 code, e.g. LA-SV")
    district: str | None = Field(None, description="official district code")
    venue: str = Field("", max_length=200)
    women_not_named: int = Field(0, description="attendees whose names were not taken")
    men_not_named: int = 0
    funding_project: str | None = Field(None, description="project code")
    note: str = ""


class SessionOut(Schema):
    id: UUID
    organisation_id: UUID
    organisation: str = Field(alias="organisation.name_en")
    held_on: datetime.date
    topic: Topic
    province: str = Field(alias="province_id")
    venue: str
    women_not_named: int
    men_not_named: int
    named: int = Field(description="attendees registered by name (all of them, as a count)")


class AttendeeIn(Schema):
    person_id: UUID
    pre_test: int | None = Field(None, description="test score before, percent")
    post_test: int | None = None


class AttendeeOut(Schema):
    id: UUID
    person_id: UUID
    person: str = Field(alias="person.display_name")
    pre_test: int | None
    post_test: int | None


def _place(province: str, district: str | None) -> tuple[Province, District | None]:
    found = Province.objects.filter(pk=province.upper()).first()
    if found is None:
        raise ValidationError({"province": f"No province with code {province!r}."})
    d = None
    if district:
        d = district_list().filter(code=district).first()
        if d is None:
            raise ValidationError({"district": f"No district with code {district!r}."})
    return found, d


@router.get("/sessions", response=list[SessionOut], summary="Information sessions (newest first)")
@paginate(RecordPagination)
def session_list(
    request,
    year: int | None = Query(None, ge=1900, le=2100),
    topic: Topic | None = None,
    organisation_id: UUID | None = None,
    province: str = Query("", description="ISO 3166-2 code, e.g. LA-SV"),
):
    sessions = selectors.session_list(actor=request.auth, year=year, topic=topic or "")
    if organisation_id:
        sessions = sessions.filter(organisation_id=organisation_id)
    if province:
        sessions = sessions.filter(province_id=province.upper())
    return sessions.order_by("-held_on", "pk")


@router.post("/sessions", response={201: SessionOut}, summary="Record an information session")
def session_create(request, body: SessionIn):
    organisation = Organisation.objects.filter(pk=body.organisation_id).first()
    if organisation is None:
        raise ValidationError({"organisation_id": "No such organisation."})
    province, district = _place(body.province, body.district)
    session = services.session_create(
        actor=request.auth,
        organisation=organisation,
        province=province,
        district=district,
        funding_project=results_selectors.funding_project(body.funding_project),
        **body.dict(include={"held_on", "topic", "venue", "women_not_named", "men_not_named", "note"}),
    )
    return 201, selectors.session_get(actor=request.auth, session_id=session.pk)


@router.get("/sessions/{session_id}", response=SessionOut, summary="One session")
def session_detail(request, session_id: UUID):
    return selectors.session_get(actor=request.auth, session_id=session_id)


@router.get(
    "/sessions/{session_id}/attendees", response=list[AttendeeOut], summary="Named attendees you may see"
)
@paginate(RecordPagination)
def attendee_list(request, session_id: UUID):
    session = selectors.session_get(actor=request.auth, session_id=session_id)
    return selectors.session_attendees(actor=request.auth, session=session).order_by("created_at", "pk")


@router.post(
    "/sessions/{session_id}/attendees", response={201: AttendeeOut}, summary="Add a registered attendee"
)
def attendee_add(request, session_id: UUID, body: AttendeeIn):
    session = selectors.session_get(actor=request.auth, session_id=session_id)
    attendance = services.attendance_add(
        actor=request.auth,
        session=session,
        person_id=body.person_id,
        pre_test=body.pre_test,
        post_test=body.post_test,
    )
    return 201, attendance


@router.delete("/sessions/{session_id}/attendees/{person_id}", response={204: None}, summary="Take off")
def attendee_remove(request, session_id: UUID, person_id: UUID):
    session = selectors.session_get(actor=request.auth, session_id=session_id)
    attendance = get_object_or_404(
        selectors.session_attendees(actor=request.auth, session=session), person_id=person_id
    )
    services.attendance_remove(actor=request.auth, attendance=attendance)
    return 204, None
