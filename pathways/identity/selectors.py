"""Reads for identity resolution, always through the people scope."""

from django.db.models import QuerySet
from django.http import Http404

from pathways.accounts.scopes import scope_of
from pathways.identity.models import CandidatePair, MatchModel, MergeRecord
from pathways.people.models import Person
from pathways.people.scopes import visible_to


def can_review(actor) -> bool:
    return scope_of(actor).can_review_duplicates


def candidate_pair_list(*, actor, min_probability: float = 0.0) -> QuerySet[CandidatePair]:
    """Undecided pairs whose two records the actor may both see, most likely first."""
    if not can_review(actor):
        return CandidatePair.objects.none()
    visible = Person.objects.filter(visible_to(actor)).values("pk")
    return (
        CandidatePair.objects.filter(
            person_a__in=visible, person_b__in=visible, probability__gte=min_probability
        )
        .select_related("person_a__home_province", "person_b__home_province")
        .order_by("-probability", "id")
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
