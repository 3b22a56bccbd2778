from django import template

from pathways.identity import selectors

register = template.Library()


@register.inclusion_tag("identity/person_merges.html", takes_context=True)
def person_merges(context, person):
    """The merges into this person, with an undo button, for reviewers on the person page."""
    actor = context["request"].user
    return {
        "merges": list(selectors.merge_list(actor=actor, person=person)),
        "person": person,
        "csrf_token": context.get("csrf_token"),
    }
