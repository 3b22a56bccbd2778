"""Reads for identity resolution, always through the people scope."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from pathways.accounts.scopes import scope_of
from pathways.identity.models import CandidatePair, DuplicateRun, MatchModel, MergeRecord, PairDecision
from pathways.people.models import Person
from pathways.people.scopes import RESOLVED, visible_people, visible_to


def require_reviewer(actor) -> None:
    """Reviewing and merging likely duplicates compares records across partners: national roles only."""
    if not can_review(actor):
        raise PermissionDenied(
            _("Only administrators, programme officers and M&E officers may review and merge duplicates.")
        )


def can_review(actor) -> bool:
    return scope_of(actor).can_review_duplicates


def candidate_pair_list(*, actor, min_probability: float = 0.0) -> QuerySet[CandidatePair]:
    """Undecided pairs whose two records the actor may both see, most likely first."""
    if not can_review(actor):
        return CandidatePair.objects.none()
    pairs = CandidatePair.objects.filter(probability__gte=min_probability)
    if visible_to(actor) == RESOLVED:
        # Every resolved person is visible: a condition on the two joined rows, where `person_a__in` a
        # subquery of all resolved people made the database read a million ids for each page (1.1–1.5 s).
        pairs = pairs.filter(person_a__merged_into__isnull=True, person_b__merged_into__isnull=True)
    else:
        visible = visible_people(actor)
        pairs = pairs.filter(person_a__in=visible, person_b__in=visible)
    return pairs.select_related("person_a__home_province", "person_b__home_province", "import_job").order_by(
        "-probability", "id"
    )


def candidate_pair_get(*, actor, pair_id: int) -> CandidatePair:
    try:
        return candidate_pair_list(actor=actor).get(pk=pair_id)
    except (CandidatePair.DoesNotExist, ValueError, TypeError):
        raise Http404("No such pair.") from None


def merge_list(*, actor, person: Person) -> QuerySet[MergeRecord]:
    """Merges into this person (the person page offers to undo them)."""
    if not can_review(actor):
        return MergeRecord.objects.none()
    return MergeRecord.objects.filter(survivor=person).select_related("merged", "merged_by")


def merge_get(*, actor, merge_id) -> MergeRecord:
    try:
        record = MergeRecord.objects.select_related("survivor", "merged").get(pk=merge_id)
    except (MergeRecord.DoesNotExist, ValueError, TypeError):
        raise Http404("No such merge.") from None
    if not can_review(actor) or not Person.objects.filter(visible_to(actor), pk=record.survivor_id).exists():
        raise Http404("No such merge.")
    return record


def match_model_latest() -> MatchModel | None:
    return MatchModel.objects.order_by("-created_at").first()


def duplicate_run_latest(*, actor) -> DuplicateRun | None:
    """The last batch run started from the review page, for its progress (reviewers only)."""
    if not can_review(actor):
        return None
    return DuplicateRun.objects.select_related("started_by").first()


@dataclass
class PairWhy:
    """Why two records were or were not proposed as one person, for a reviewer who asks."""

    a: Person
    b: Person
    probability: float
    explanation: list[dict]
    queued: CandidatePair | None
    decision: PairDecision | None
    proposed_from: float


def pair_why(*, actor, person_a_id, person_b_id) -> PairWhy:
    """Score the two records with the latest model and say where the pair stands (Http404 if either is not
    visible to the actor, or they are the same record)."""
    from pathways.identity import batch, entry
    from pathways.identity.services import ordered
    from pathways.people.selectors import person_get

    if not can_review(actor) or str(person_a_id) == str(person_b_id):
        raise Http404("No such pair.")
    a = person_get(actor=actor, person_id=person_a_id)
    b = person_get(actor=actor, person_id=person_b_id)
    probability, explanation = entry.pair_score(a, b)
    first, second = ordered(a.pk, b.pk)
    return PairWhy(
        a=a,
        b=b,
        probability=probability,
        explanation=explanation,
        queued=CandidatePair.objects.filter(person_a_id=first, person_b_id=second).first(),
        decision=PairDecision.objects.filter(person_a_id=first, person_b_id=second)
        .select_related("decided_by")
        .first(),
        proposed_from=batch.REVIEW_THRESHOLD,
    )
