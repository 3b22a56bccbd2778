"""Tombstones: what a partner system keeping a copy needs to learn that a record is gone.

Each app names the kinds of records the API lists (`track`). A deletion leaves a tombstone whatever deletes
the row — a service, the cascade of an erased person, the admin — which is why it is written from the
pre_delete signal: only the signal sees every path (a rule of the domain would live in a service; this is
bookkeeping, like the database's own cascade). Merges and their undoing are written by identity's services.
"""

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.signals import pre_delete

from pathways.core.models import Tombstone


@dataclass(frozen=True)
class Tracked:
    kind: str
    area: str  # the API area whose read scope lists them
    person_id: Callable[[models.Model], UUID | None]  # whom the record is about, if anyone


_TRACKED: dict[type[models.Model], Tracked] = {}


def track(model: type[models.Model], *, kind: str, area: str, person: str | None = None) -> None:
    """Leave a tombstone whenever a record of `model` is deleted. `person` is the path to the foreign key of
    the person it is about ("person", "placement.person"; "self" for people), which scopes who sees the
    tombstone."""

    def person_id(instance: models.Model) -> UUID | None:
        if person is None:
            return None
        if person == "self":
            return instance.pk
        *through, last = person.split(".")
        obj = instance
        for name in through:
            obj = getattr(obj, name)
        return getattr(obj, f"{last}_id")

    _TRACKED[model] = Tracked(kind, area, person_id)
    pre_delete.connect(_deleted, sender=model, weak=False, dispatch_uid=f"tombstone:{kind}")


def kinds() -> dict[str, str]:
    """Every tracked kind and its area."""
    return {t.kind: t.area for t in _TRACKED.values()}


def _about(person_id: UUID | None) -> dict:
    from pathways.people.models import Person

    if person_id is None:
        return {}
    found = dict(
        Person.objects.filter(pk=person_id).values("home_province_id", "owner_organisation_id").first() or {}
    )
    return {
        "person_id": person_id,
        "province_id": found.get("home_province_id") or "",
        "organisation_id": found.get("owner_organisation_id"),
    }


def _deleted(sender, instance, **kwargs) -> None:
    tracked = _TRACKED[sender]
    Tombstone.objects.create(
        kind=tracked.kind,
        object_id=instance.pk,
        change=Tombstone.Change.DELETED,
        **_about(tracked.person_id(instance)),
    )


def person_merged(*, merged_id: UUID, survivor_id: UUID) -> None:
    """The merged record is gone from the API; its tombstone names the survivor, which now holds its rows."""
    Tombstone.objects.create(
        kind="person",
        object_id=merged_id,
        change=Tombstone.Change.MERGED,
        survivor_id=survivor_id,
        **_about(merged_id),
    )


def person_unmerged(*, merged_id: UUID) -> None:
    """The merged record is back: its tombstone goes (the record itself was touched, so lists show it)."""
    Tombstone.objects.filter(kind="person", object_id=merged_id, change=Tombstone.Change.MERGED).delete()


def tombstone_list(*, actor, kinds_read: set[str]) -> QuerySet[Tombstone]:
    """The tombstones of these kinds this actor may see: of records about nobody, and of records about people
    seen as the people were (their province, or the organisation that registered them)."""
    from pathways.accounts.scopes import scope_of

    scope = scope_of(actor)
    qs = Tombstone.objects.filter(kind__in=kinds_read)
    if not scope.sees_personal_data:
        return qs.filter(person_id__isnull=True)
    if scope.all_provinces:
        return qs
    return qs.filter(
        Q(person_id__isnull=True)
        | Q(province_id__in=scope.province_codes)
        | Q(organisation_id__in=scope.organisation_ids)
    )
