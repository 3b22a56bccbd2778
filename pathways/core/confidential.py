"""Kinds of record whose very existence is restricted to a few people (protection cases).

Code that works on every record of a person, a user or an organisation without knowing their kinds — a
merge moves them all, the Django admin lists what a deletion would touch — must not name these to its user:
a merge's list of moved rows leaves them out, and the admin refuses such a deletion without listing them.
Apps register their models from their AppConfig.ready()."""

from django.db import models

_models: list[type[models.Model]] = []


def register(model: type[models.Model]) -> None:
    if model not in _models:
        _models.append(model)


def is_confidential(label: str) -> bool:
    """`label` as Django writes it: "app_label.modelname"."""
    return any(m._meta.label_lower == label for m in _models)


def referenced(obj: models.Model) -> bool:
    """Whether any confidential record points at `obj` (a case's supervisor, organisation, project...)."""
    for model in _models:
        for f in model._meta.get_fields():
            points_at_it = (f.many_to_one or f.many_to_many) and f.concrete and f.related_model is type(obj)
            if points_at_it and model._default_manager.filter(**{f.name: obj}).exists():
                return True
    return False
