"""Helpers for import kinds: the organisation a row names, and service refusals keyed by the row's fields."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from pathways.partners.models import Organisation


def organisation_from_row(*, raw: str, field: str, kinds: Iterable[str] = ()) -> Organisation:
    """The one organisation (of these kinds, when given) whose acronym, English or local name the cell
    holds; none or several refuse the row under `field`."""
    raw = raw.strip()
    qs = Organisation.objects.filter(Q(acronym__iexact=raw) | Q(name_en__iexact=raw) | Q(name_local=raw))
    kinds = list(kinds)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    found = list(qs[:3])
    if not found:
        if kinds:
            message = _("No %(kind)s is called %(name)s (acronym or name).") % {
                "kind": ", ".join(str(Organisation(kind=k).get_kind_display()).lower() for k in kinds),
                "name": repr(raw),
            }
        else:
            message = _("No organisation is called %(name)s (acronym or name).") % {"name": repr(raw)}
        raise ValidationError({field: message})
    if len(found) > 1:
        raise ValidationError(
            {
                field: _("%(name)s names several organisations (%(which)s); use the full name.")
                % {"name": repr(raw), "which": ", ".join(o.name_en for o in found)}
            }
        )
    return found[0]


def rekeyed(error: ValidationError, keys: dict[str, str]) -> ValidationError:
    """A service's ValidationError with its keys renamed to the import's field names."""
    if not hasattr(error, "error_dict"):
        return error
    renamed: dict[str, list[str]] = {}
    for key, messages in error.message_dict.items():
        head = key.split(".")[0]
        renamed.setdefault(keys.get(head, head), []).extend(messages)
    return ValidationError(renamed)
