"""Results pages' filters: a framework's names and units in the reader's language."""

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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
def definition(indicator) -> str:
    """An indicator's definition in the reader's language (English when it has none in that language)."""
    return reporting.localised(indicator, "definition")


@register.filter
def project_name(project) -> str:
    lao = (get_language() or "").startswith("lo")
    return project.name_local if lao and project.name_local else project.name


@register.filter
def breakdown(combo) -> str:
    """A DHIS2 category combination's breakdown in the reader's language: "Age, Sex", "Sex", "None"."""
    from pathways.results.engine.dimensions import DIMENSION_LABELS

    parts = [str(DIMENSION_LABELS[d]) for d in (combo.dimension, "sex" if combo.by_sex else "") if d]
    return ", ".join(parts) or str(_("None"))
