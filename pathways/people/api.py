import datetime
from dataclasses import fields
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from pathways.api import problems
from pathways.api.paging import RecordPagination
from pathways.identity import services as identity_services
from pathways.identity.api import CandidateOut, candidates_out
from pathways.people import selectors, services
from pathways.people.models import AliasKind, Difficulty, DocumentKind, MigrantStatus, Sex
from pathways.people.services import AliasInput, DocumentInput, PersonInput

router = Router(tags=["people"])


class AliasSchema(Schema):
    kind: AliasKind
    value: str


class DocumentSchema(Schema):
    kind: DocumentKind
    number: str
    issuing_country: str = "LA"
    expiry_date: datetime.date | None = None


class PersonPatch(Schema):
    """Fields to change; omitted fields keep their value."""

    given_name_lo: str | None = None
    family_name_lo: str | None = None
    given_name_latin: str | None = None
    family_name_latin: str | None = None
    sex: Sex | None = None
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    migrant_status: MigrantStatus | None = None
    home_province: str | None = Field(None, description="ISO 3166-2 code (LA-VT) or a province name")
    home_district: str | None = Field(None, description="official code (0101) or a district name")
    home_village: str | None = None
    wg_seeing: Difficulty | None = None
    wg_hearing: Difficulty | None = None
    wg_walking: Difficulty | None = None
    wg_remembering: Difficulty | None = None
    wg_selfcare: Difficulty | None = None
    wg_communicating: Difficulty | None = None
    phones: list[str] | None = None
    aliases: list[AliasSchema] | None = None
    documents: list[DocumentSchema] | None = None


class PersonIn(PersonPatch):
    sex: Sex
    migrant_status: MigrantStatus


class PersonOut(Schema):
    id: UUID
    given_name_lo: str
    family_name_lo: str
    given_name_latin: str
    family_name_latin: str
    display_name: str
    sex: Sex
    birth_date: datetime.date | None
    birth_year: int | None
    migrant_status: MigrantStatus
    home_province: str | None = Field(None, alias="home_province_id")
    home_district: str | None = Field(None, alias="home_district.code")
    home_village: str | None = Field(None, alias="home_village.name_local")
    wg_seeing: Difficulty | None
    wg_hearing: Difficulty | None
    wg_walking: Difficulty | None
    wg_remembering: Difficulty | None
    wg_selfcare: Difficulty | None
    wg_communicating: Difficulty | None
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


class DuplicateProblem(problems.Problem):
    candidates: list[CandidateOut]


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


@router.get("/", response=list[PersonOut], summary="List people in your scope (in Lao name order)")
@paginate(RecordPagination)
def person_list(
    request,
    q: str = Query("", description="a name in either script, a phone or a document number"),
    province: str = Query("", description="ISO 3166-2 code of the home province, e.g. LA-SV"),
    sex: Sex | None = None,
    migrant_status: MigrantStatus | None = None,
):
    return (
        selectors.person_list(
            actor=request.auth,
            search=q,
            province=province,
            sex=sex or "",
            migrant_status=migrant_status or "",
        )
        .select_related("home_village", "owner_organisation")
        .prefetch_related("phones", "aliases", "documents")
    )


@router.get("/{person_id}", response=PersonOut, summary="One person")
def person_detail(request, person_id: UUID):
    return selectors.person_get(actor=request.auth, person_id=person_id)


@router.post(
    "/",
    response={201: PersonOut, 409: DuplicateProblem},
    summary="Register a person",
    description="With check_duplicates=true, likely matches answer 409 (`possible_duplicate`) with "
    "candidates; nothing is saved.",
)
def person_create(request, payload: PersonIn, check_duplicates: bool = False):
    data = _merge(PersonInput(), payload)
    try:
        person = identity_services.person_register(
            actor=request.auth, data=data, check_duplicates=check_duplicates
        )
    except identity_services.PossibleDuplicate as duplicate:
        return problems.problem(
            request,
            problems.POSSIBLE_DUPLICATE,
            detail=_(
                "This person may already be registered; use a candidate, or post again without "
                "check_duplicates."
            ),
            candidates=candidates_out(duplicate.candidates),
        )
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
