"""Merges on the person's timeline, read from the merge records themselves."""

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.identity.models import MergeRecord
from pathways.people.models import Person
from pathways.people.scopes import visible_to
from pathways.people.timeline import TimelineEntry


def merge_events(*, actor, person: Person) -> Iterable[TimelineEntry]:
    mine = Q(survivor=person) | Q(merged=person)
    records = list(MergeRecord.objects.filter(mine).select_related("merged_by", "undone_by"))
    others = {r.merged_id if r.survivor_id == person.pk else r.survivor_id for r in records}
    # The other record is named only to those who may see it; the event itself is about this person.
    names = {p.pk: p.display_name for p in Person.objects.filter(visible_to(actor), pk__in=others)}
    for record in records:
        if record.survivor_id == person.pk:
            title = _("Another record of this person was merged into this one")
            other = record.merged_id
        else:
            title = _("Merged into another record of the same person")
            other = record.survivor_id
        yield TimelineEntry(
            when=timezone.localdate(record.created_at),
            kind="merged",
            title=title,
            detail=names.get(other, ""),
            recorded_by=str(record.merged_by or ""),
        )
        if record.undone_at:
            yield TimelineEntry(
                when=timezone.localdate(record.undone_at),
                kind="unmerged",
                title=_("Merge undone: the two records are separate again"),
                detail=names.get(other, ""),
                recorded_by=str(record.undone_by or ""),
            )
