import datetime
from dataclasses import fields
from uuid import UUID

from django.conf import settings
from django.core.paginator import Paginator
from ninja import Field, Router, Schema

from pathways.identity.api import CandidatesOut, candidates_out
from pathways.identity.entry import entry_candidates
from pathways.people import selectors, services
from pathways.people.services import AliasInput, DocumentInput, PersonInput

router = Router(tags=["people"])


class AliasSchema(Schema):
    kind: str = Field(description="latin, lao or nickname")
    value: str


class DocumentSchema(Schema):
    kind: str = Field(
        description="passport, national_id, family_book, birth_certificate, work_permit, pink_card, other"
    )
    number: str
    issuing_country: str = "LA"
    expiry_date: datetime.date | None = None


class PersonPatch(Schema):
    """Fields to change; omitted fields keep their value."""

    given_name_lo: str | None = None
    family_name_lo: str | None = None
    given_name_latin: str | None = None
    family_name_latin: str | None = None
    sex: str | None = Field(None, description="female, male or other")
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    migrant_status: str | None = Field(
        None, description="prospective, current, returnee, family_member, non_migrant"
    )
    home_province: str | None = Field(None, description="ISO 3166-2 code (LA-VT) or a province name")
    home_district: str | None = Field(None, description="official code (0101) or a district name")
    home_village: str | None = None
    wg_seeing: int | None = None
    wg_hearing: int | None = None
    wg_walking: int | None = None
    wg_remembering: int | None = None
    wg_selfcare: int | None = None
    wg_communicating: int | None = None
    phones: list[str] | None = None
    aliases: list[AliasSchema] | None = None
    documents: list[DocumentSchema] | None = None


class PersonIn(PersonPatch):
    sex: str = Field(description="female, male or other")
    migrant_status: str = Field(description="prospective, current, returnee, family_member, non_migrant")


class PersonOut(Schema):
    id: UUID
    given_name_lo: str
    family_name_lo: str
    given_name_latin: str
    family_name_latin: str
    display_name: str
    sex: str
    birth_date: datetime.date | None
    birth_year: int | None
    migrant_status: str
    home_province: str | None = Field(None, alias="home_province_id")
    home_district: str | None = Field(None, alias="home_district.code")
    home_village: str | None = Field(None, alias="home_village.name_local")
    wg_seeing: int | None
    wg_hearing: int | None
    wg_walking: int | None
    wg_remembering: int | None
    wg_selfcare: int | None
    wg_communicating: int | None
    has_disability: bool
    phones: list[str]
    aliases: list[AliasSchema]
    documents: list[DocumentSchema]
    registered_by: str | None = Field(None, alias="owner_organisation.name_en")
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_phones(obj):
        return [p.number for p in obj.phones.all()]

    @staticmethod
    def resolve_aliases(obj):
        return list(obj.aliases.all())

    @staticmethod
    def resolve_documents(obj):
        return [
            {
                "kind": d.kind,
                "number": d.number,
                "issuing_country": d.issuing_country_id,
                "expiry_date": d.expiry_date,
            }
            for d in obj.documents.all()
        ]


class PersonPage(Schema):
    count: int
    page: int
    pages: int
    results: list[PersonOut]


def _merge(base: PersonInput, patch: PersonPatch) -> PersonInput:
    given = patch.dict(exclude_unset=True)
    for f in fields(PersonInput):
        if f.name not in given:
            continue
        value = given[f.name]
        if f.name == "aliases":
            value = [AliasInput(**a) for a in value or []]
        elif f.name == "documents":
            value = [DocumentInput(**d) for d in value or []]
        elif value is None and f.type in (str, "str"):
            value = ""
        elif value is None and f.name == "phones":
            value = []
        setattr(base, f.name, value)
    return base


@router.get("/", response=PersonPage, summary="List people in your scope")
def person_list(
    request, q: str = "", province: str = "", sex: str = "", migrant_status: str = "", page: int = 1
):
    qs = selectors.person_list(
        actor=request.auth, search=q, province=province, sex=sex, migrant_status=migrant_status
    )
    paginator = Paginator(
        qs.select_related("home_village", "owner_organisation").prefetch_related(
            "phones", "aliases", "documents"
        ),
        settings.PAGE_SIZE,
    )
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "results": list(current.object_list),
    }


@router.get("/{person_id}", response=PersonOut, summary="One person")
def person_detail(request, person_id: UUID):
    return selectors.person_get(actor=request.auth, person_id=person_id)


@router.post(
    "/",
    response={201: PersonOut, 409: CandidatesOut},
    summary="Register a person",
    description="With check_duplicates=true, likely matches answer 409 with candidates; nothing is saved.",
)
def person_create(request, payload: PersonIn, check_duplicates: bool = False):
    data = _merge(PersonInput(), payload)
    if check_duplicates:
        found = entry_candidates(actor=request.auth, data=data)
        if found:
            return 409, {
                "detail": "This person may already be registered; link to a candidate or post again without "
                "check_duplicates.",
                "candidates": candidates_out(found),
            }
    person = services.person_create(actor=request.auth, data=data)
    return 201, selectors.person_get(actor=request.auth, person_id=person.pk)


@router.patch("/{person_id}", response=PersonOut, summary="Change some of a person's fields")
def person_update(request, person_id: UUID, payload: PersonPatch):
    person = selectors.person_get(actor=request.auth, person_id=person_id)
    services.person_update(
        actor=request.auth, person=person, data=_merge(services.person_input_from(person), payload)
    )
    return selectors.person_get(actor=request.auth, person_id=person_id)


@router.delete("/{person_id}", response={204: None}, summary="Delete a person (administrators)")
def person_delete(request, person_id: UUID):
    person = selectors.person_get(actor=request.auth, person_id=person_id)
    services.person_delete(actor=request.auth, person=person)
    return 204, None
