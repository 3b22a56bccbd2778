"""Reads of field submissions. A submission holds personal data that may not be in any record yet (it was
held), so who sees it cannot follow the person: the one who sent it, and reviewers — national roles without a
province limit (M&E and programme officers, administrators), who see every province's."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pathways.accounts.scopes import scope_of
from pathways.core.attention import Item
from pathways.fieldcapture.models import DeviceKey, Submission, SubmissionStatus


def may_review(actor) -> bool:
    scope = scope_of(actor)
    return scope.can_review_duplicates and scope.all_provinces


def require_reviewer(actor) -> None:
    if not may_review(actor):
        raise PermissionDenied(_("Only M&E and programme officers review field submissions."))


def require_form(actor, spec) -> None:
    """A form is filled only by the roles it names (its `may_fill`): downloading and submitting alike."""
    if not spec.may_fill(actor):
        raise PermissionDenied(_("This form is not one you may fill."))


def submissions_visible_to(actor) -> Q:
    if may_review(actor):
        return Q()
    return Q(submitted_by=actor) if actor.is_authenticated else Q(pk__in=[])


def submission_list(*, actor, status: str = "", mine: bool = False) -> QuerySet[Submission]:
    """Submissions this actor may see, newest first; `mine` keeps only their own."""
    qs = Submission.objects.filter(submissions_visible_to(actor)).select_related("submitted_by")
    if mine:
        qs = qs.filter(submitted_by=actor)
    if status:
        qs = qs.filter(status=status)
    return qs.defer("xml")


def submission_get(*, actor, submission_id: UUID | str) -> Submission:
    """One submission the actor may see; anyone else gets the same 404 as for one that does not exist."""
    try:
        return Submission.objects.filter(submissions_visible_to(actor)).get(pk=submission_id)
    except (Submission.DoesNotExist, ValueError, TypeError):
        raise Http404("No such submission.") from None


def device_keys(*, actor) -> QuerySet[DeviceKey]:
    return DeviceKey.objects.filter(user=actor, revoked_at__isnull=True)


def attention(*, actor) -> list[Item]:
    """For the dashboard: field submissions held for a reviewer."""
    if not may_review(actor):
        return []
    held = Submission.objects.filter(status=SubmissionStatus.HELD).count()
    return [Item(_("Field submissions held for review"), held, reverse("fieldcapture-queue"))]
