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


# How much a comparison moved the odds, in words: a reviewer reads "strong" and "weak", not factors.
STRENGTHS = [(100.0, _("strong")), (5.0, _("clear")), (1.0, _("weak"))]


@register.filter
def evidence(explanation: list[dict]) -> dict[str, list[dict]]:
    """The comparisons that pointed to one person ("same") and those that pointed to two ("different"),
    strongest first, each as {"comparison", "level", "strength"} in the reader's language."""
    found: dict[str, list[tuple[float, dict]]] = {"same": [], "different": []}
    for e in explanation:
        factor = e.get("bayes_factor")
        if not factor or abs(factor - 1) <= 1e-3:
            continue  # unknown on one side, or no evidence either way
        ratio = factor if factor > 1 else 1 / factor
        strength = next(str(word) for bound, word in STRENGTHS if ratio >= bound)
        item = {
            "comparison": comparison_label(e["comparison"]),
            "level": level_label(e["level"]),
            "strength": strength,
        }
        found["same" if factor > 1 else "different"].append((ratio, item))
    return {side: [item for _r, item in sorted(items, key=lambda x: -x[0])] for side, items in found.items()}


@register.inclusion_tag("identity/person_merges.html", takes_context=True)
def person_merges(context, person):
    """The merges into this person, with an undo button, for reviewers on the person page."""
    actor = context["request"].user
    return {
        "merges": list(selectors.merge_list(actor=actor, person=person)),
        "person": person,
        "csrf_token": context.get("csrf_token"),
    }
