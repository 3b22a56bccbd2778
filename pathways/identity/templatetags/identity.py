from django import template
from django.utils.translation import gettext_lazy as _

from pathways.identity import selectors

register = template.Library()

# The explanation stored with a pair names each comparison and level as the model does (English, also the
# Splink chart labels); these are what a reviewer reads. A test checks every label of comparisons.py is here.
COMPARISON_LABELS = {
    "name": _("Name"),
    "birth": _("Birth"),
    "sex": _("Sex"),
    "phone": _("Phone"),
    "document": _("Document"),
    "place": _("Home"),
}
LEVEL_LABELS = {
    "no script in common": _("no script in common"),
    "same name (folded)": _("same name, spelling variants aside"),
    "same sound, or given and family swapped": _("same sound, or given and family name swapped"),
    "same consonants, in either script": _("the same name written in Lao and in Latin letters"),
    "same given name, family name missing on one": _("same given name, family name missing on one"),
    "nickname of the other": _("nickname of the other"),
    "similar spelling (Jaro-Winkler ≥ 0.92)": _("similar spelling"),
    "same given name only": _("same given name only"),
    "same family name, one given name may be a nickname": _(
        "same family name; one given name may be a nickname"
    ),
    "same family name, given names completely different": _(
        "same family name but entirely different given names (brothers, sisters or twins)"
    ),
    "same family name only": _("same family name only"),
    "unknown": _("unknown"),
    "same date": _("same date"),
    "day and month swapped": _("day and month swapped"),
    "a day apart": _("a day apart"),
    "same year, one gives the year only": _("same year, one gives the year only"),
    "a year apart, one gives the year only": _("a year apart, one gives the year only"),
    "same": _("same"),
    "a number in common": _("a number in common"),
    "same village": _("same village"),
    "same district": _("same district"),
    "same province": _("same province"),
    "else": _("different"),
}


@register.filter
def comparison_label(name: str) -> str:
    return str(COMPARISON_LABELS.get(name, name))


@register.filter
def level_label(label: str) -> str:
    return str(LEVEL_LABELS.get(label, label))


@register.filter
def telling(explanation: list[dict]) -> list[dict]:
    """The comparisons that are evidence one way or the other (a Bayes factor other than 1)."""
    return [e for e in explanation if e.get("bayes_factor") and abs(e["bayes_factor"] - 1) > 1e-3]


@register.inclusion_tag("identity/person_merges.html", takes_context=True)
def person_merges(context, person):
    """The merges into this person, with an undo button, for reviewers on the person page."""
    actor = context["request"].user
    return {
        "merges": list(selectors.merge_list(actor=actor, person=person)),
        "person": person,
        "csrf_token": context.get("csrf_token"),
    }
