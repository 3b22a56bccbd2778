"""What both training kinds share: the cohort column."""

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
