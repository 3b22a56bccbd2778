"""Results pages' filters: a framework's names and units in the reader's language."""

from django import template
from django.utils.translation import get_language

from pathways.results import reporting

register = template.Library()


@register.filter
def unit(value: str) -> str:
    return str(reporting.UNITS.get(reporting.unit_code(value), value))


@register.filter
def localised(obj) -> str:
    """A result node's or indicator's title in the reader's language (English when it has no Lao title)."""
    return reporting.localised(obj)


@register.filter
def project_name(project) -> str:
    lao = (get_language() or "").startswith("lo")
    return project.name_local if lao and project.name_local else project.name
