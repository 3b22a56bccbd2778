"""Identity resolution over the API: candidates on entry, the review queue, decisions, merges."""

import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from pathways.api import problems
from pathways.api.paging import PagePagination
from pathways.identity import selectors, services
from pathways.identity.entry import Candidate, entry_candidates
from pathways.identity.models import Decision, MergeRecord
from pathways.people import selectors as people_selectors
from pathways.people.models import Sex

router = Router(tags=["identity"])


class ExplanationOut(Schema):
    comparison: str
    level: str
    bayes_factor: float | None = Field(None, description="above 1: evidence for the same person")


class CandidateOut(Schema):
    person_id: UUID
    display_name: str
    sex: Sex
    birth_date: datetime.date | None
    birth_year: int | None
    home_province: str | None
    registered_by: str | None
    probability: float
    explanation: list[ExplanationOut]


class CandidatesOut(Schema):
    detail: str
    candidates: list[CandidateOut]


def candidates_out(candidates: list[Candidate]) -> list[dict]:
    return [
        {
            "person_id": c.person.pk,
            "display_name": c.person.display_name,
            "sex": c.person.sex,
            "birth_date": c.person.birth_date,
            "birth_year": c.person.birth_year,
            "home_province": c.person.home_province_id,
            "registered_by": str(c.person.owner_organisation) if c.person.owner_organisation else None,
            "probability": round(c.probability, 4),
            "explanation": c.explanation,
        }
        for c in candidates
    ]


class PairOut(Schema):
    id: int
    person_a: UUID = Field(alias="person_a_id")
    person_b: UUID = Field(alias="person_b_id")
    probability: float
    match_weight: float
    explanation: list[ExplanationOut]
    cluster: str


class DecisionIn(Schema):
    decision: Decision


class MergeIn(Schema):
    survivor: UUID
    merged: UUID
    choices: dict[str, Literal["survivor", "merged"]] = Field(
        default_factory=dict, description="field -> 'survivor' or 'merged'; others keep the survivor's value"
    )


class MergeOut(Schema):
    id: UUID
    survivor: UUID = Field(alias="survivor_id")
    merged: UUID = Field(alias="merged_id")
    field_choices: dict[str, str]
    repointed: list[dict] = Field(alias="shown_repointed", description="rows moved to the survivor")
    created_at: datetime.datetime
    undone_at: datetime.datetime | None


def _person_in():
    from pathways.people.api import PersonIn

    return PersonIn


@router.post(
    "/candidates", response=CandidatesOut, summary="Likely matches for a person about to be registered"
)
def candidates(request, payload: _person_in()):  # type: ignore[valid-type]
    from pathways.people.api import _merge
    from pathways.people.services import PersonInput

    found = entry_candidates(actor=request.auth, data=_merge(PersonInput(), payload))
    return {"detail": f"{len(found)} likely matches.", "candidates": candidates_out(found)}


@router.get("/pairs", response=list[PairOut], summary="Undecided possible duplicates in your scope")
@paginate(PagePagination)
def pair_list(request, min_probability: float = Query(0.0, ge=0, le=1)):
    _require(request)
    return selectors.candidate_pair_list(actor=request.auth, min_probability=min_probability)


def _require(request) -> None:
    if not selectors.can_review(request.auth):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only administrators, programme officers and M&E officers review duplicates.")


@router.post("/pairs/{pair_id}/decision", response={204: None}, summary="Same person or different people")
def pair_decide(request, pair_id: int, payload: DecisionIn):
    _require(request)
    pair = selectors.candidate_pair_get(actor=request.auth, pair_id=pair_id)
    a = people_selectors.person_get(actor=request.auth, person_id=pair.person_a_id)
    b = people_selectors.person_get(actor=request.auth, person_id=pair.person_b_id)
    services.pair_decide(actor=request.auth, person_a=a, person_b=b, decision=payload.decision)
    return 204, None


@router.post(
    "/merges",
    response={201: MergeOut, 409: problems.Problem},
    summary="Merge one record into another",
    description="A record merged away already (perhaps by a request sent at the same moment) answers 409 "
    "(`already_merged`) naming the record it was merged into; nothing is changed.",
)
def merge(request, payload: MergeIn):
    _require(request)
    record = services.person_merge(
        actor=request.auth, survivor=payload.survivor, merged=payload.merged, choices=dict(payload.choices)
    )
    return 201, record


@router.post("/merges/{merge_id}/undo", response=MergeOut, summary="Undo a merge")
def unmerge(request, merge_id: UUID):
    _require(request)
    record = selectors.merge_get(actor=request.auth, merge_id=merge_id)
    services.person_unmerge(actor=request.auth, record=record)
    return MergeRecord.objects.get(pk=record.pk)
