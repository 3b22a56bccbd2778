"""The audit log: every service that writes personal data calls `record`."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from pathways.core import bulk
from pathways.core.models import AuditEvent


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    changed_fields: Iterable[str] = (),
    person_id: Any = None,
) -> AuditEvent:
    """Record that `actor` did `action` to `obj`, naming the fields that changed."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        person_id=person_id,
        changed_fields=sorted(changed_fields),
    )


def record_many(
    *,
    actor: Any,
    action: str,
    items: Iterable[tuple[models.Model, Any, Iterable[str]]],
    at: datetime.datetime | None = None,
) -> None:
    """Record the same action on many objects at once (bulk imports): (object, person_id, changed fields)."""
    at = at or timezone.now()
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    bulk.insert_rows(
        AuditEvent,
        ["at", "actor_id", "action", "object_type", "object_id", "person_id", "changed_fields"],
        (
            (at, actor_id, action, obj._meta.label_lower, str(obj.pk), person_id, sorted(changed_fields))
            for obj, person_id, changed_fields in items
        ),
    )


def apply_changes(instance: models.Model, values: dict[str, Any]) -> list[str]:
    """Set `values` on `instance` and return the names of the fields whose value actually changed."""
    changed = []
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed.append(field)
    return changed


def save_changes(
    *, actor: Any, action: str, instance: models.Model, values: dict[str, Any], person_id: Any = None
) -> list[str]:
    """Correct `instance` to `values`: save and audit only the fields whose value changed (nothing when none
    did, so the same correction twice leaves no trace). Returns the changed fields."""
    changed = apply_changes(instance, values)
    if changed:
        instance.save(update_fields=[*changed, "updated_at"])
        record(actor=actor, action=action, obj=instance, changed_fields=changed, person_id=person_id)
    return changed


# What each action means to a person reading the log, registered by the app that records it.
_ACTION_LABELS: dict[str, Any] = {}


def describe_actions(labels: Mapping[str, Any]) -> None:
    """Name an app's audit actions for readers of the log (called from its AppConfig.ready())."""
    _ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    """The registered description of an action, or its code when none was registered."""
    return str(_ACTION_LABELS.get(action, action))


def field_labels(object_type: str, fields: Iterable[str]) -> list[str]:
    """The changed fields as their model's translated names ("family name (Lao)"), codes when unknown."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        model = None
    out = []
    for name in fields:
        try:
            out.append(str(model._meta.get_field(name).verbose_name) if model else name)
        except FieldDoesNotExist:
            out.append(name)
    return out
