"""Kinds of record whose very existence is restricted to a few people (protection cases).

Code that works on every record of a person without knowing their kinds — a merge moves them all — leaves
these out of what it shows, so that telling a reviewer "3 rows moved" never names one of them. Apps
register their models from their AppConfig.ready()."""

from django.db import models

_labels: set[str] = set()


def register(model: type[models.Model]) -> None:
    _labels.add(model._meta.label_lower)


def is_confidential(label: str) -> bool:
    """`label` as Django writes it: "app_label.modelname"."""
    return label in _labels
