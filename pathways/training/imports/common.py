"""What both training kinds share: the cohort column and turning service refusals into the row's fields."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.imports.registry import FieldSpec
from pathways.training import access
from pathways.training.models import Cohort

COHORT_FIELD = FieldSpec(
    "cohort",
    gettext_lazy("cohort code"),
    synonyms=[
        "cohort",
        "cohort code",
        "class",
        "class code",
        "batch",
        "course batch",
        "ຮຸ່ນ",
        "ລະຫັດຮຸ່ນ",
        "ລຸ້ນ",
        "ລະຫັດລຸ້ນ",
        "ຫ້ອງຮຽນ",
    ],
    required=True,
)


def cohort_from_row(*, actor, code: str) -> Cohort:
    """The cohort with this code among the ones the actor may run; others are 'not found', as on the pages."""
    code = (code or "").strip().upper()
    cohort = (
        Cohort.objects.filter(access.cohorts_visible_to(actor), code=code)
        .select_related("course", "institution")
        .order_by()
        .first()
    )
    if cohort is None:
        raise ValidationError(
            {
                "cohort": _("No cohort with code %(code)s among the cohorts you can see.")
                % {"code": repr(code)}
            }
        )
    return cohort


def person_field(values: dict) -> str:
    """The field that identified the row's person, so refusals about the person point at its column."""
    for name in ("person_id", "person_source_id", "full_name", "given_name", "family_name"):
        if values.get(name):
            return name
    return "full_name"


def rekeyed(error: ValidationError, keys: dict[str, str]) -> ValidationError:
    """A service's ValidationError with its keys renamed to the import's field names."""
    if not hasattr(error, "error_dict"):
        return error
    renamed: dict[str, list[str]] = {}
    for key, messages in error.message_dict.items():
        head = key.split(".")[0]
        renamed.setdefault(keys.get(head, head), []).extend(messages)
    return ValidationError(renamed)
