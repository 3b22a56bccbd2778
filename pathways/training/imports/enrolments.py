"""The "enrolments" import kind: one row per participant of a cohort, with what became of them.

Rows go through the cohort page's services: enrolment_create (scope, capacity, eligibility by migrant status,
the institution for training of trainers), enrolment_drop_out (reason, date) and enrolment_complete (the
cohort's attendance and assessment rule: a sheet saying "completed" is refused, with the rule's reasons,
until the attendance and assessments are in), and enrolment_update for a corrected date or institution.

The natural key is (cohort, person): a row for someone already enrolled, by any source or on the page, is
"unchanged" or "updated", never a second enrolment. An import moves an enrolment forward only (enrolled ->
completed or dropped out); a row that would undo or rewrite a recorded completion or dropout is refused.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.imports import registry
from pathways.imports.persons import PERSON_FIELDS, person_field, person_from_row
from pathways.imports.registry import CHOICE, DATE, FieldSpec, ImportKind
from pathways.imports.rows import organisation_from_row, rekeyed
from pathways.training import access, services
from pathways.training.imports.common import COHORT_FIELD, cohort_from_row
from pathways.training.models import Cohort, DropoutReason, Enrolment, EnrolmentStatus

STATUS_SPELLINGS: dict[str, list[str]] = {
    EnrolmentStatus.ENROLLED: [
        "enrolled",
        "enroled",
        "registered",
        "active",
        "in training",
        "ລົງທະບຽນ",
        "ກຳລັງຮຽນ",
    ],
    EnrolmentStatus.COMPLETED: ["completed", "complete", "graduated", "finished", "ຮຽນຈົບ", "ຈົບ", "ສຳເລັດ"],
    EnrolmentStatus.DROPPED_OUT: [
        "dropped out",
        "dropout",
        "drop out",
        "dropped",
        "left",
        "quit",
        "ອອກກາງຄັນ",
        "ປະລະ",
        "ຢຸດຮຽນ",
    ],
}
REASON_SPELLINGS: dict[str, list[str]] = {
    DropoutReason.FOUND_WORK: ["found work", "found a job", "job", "work", "ໄດ້ວຽກ", "ໄດ້ວຽກເຮັດ"],
    DropoutReason.MIGRATED: ["migrated", "migrated again", "went abroad", "abroad", "ໄປຕ່າງປະເທດ", "ເຄື່ອນຍ້າຍ"],
    DropoutReason.FAMILY: ["family", "family duties", "ຄອບຄົວ", "ພາລະຄອບຄົວ"],
    DropoutReason.HEALTH: ["health", "sick", "illness", "ສຸຂະພາບ", "ເຈັບປ່ວຍ"],
    DropoutReason.DISTANCE: ["distance", "transport", "too far", "ໄລຍະທາງ", "ການເດີນທາງ", "ໄກ"],
    DropoutReason.OTHER: ["other", "ອື່ນໆ"],
}

FIELDS = [
    COHORT_FIELD,
    *PERSON_FIELDS,
    FieldSpec(
        "enrolled_on",
        gettext_lazy("enrolled on"),
        type=DATE,
        synonyms=["enrolled on", "enrolment date", "enrollment date", "date enrolled", "ວັນທີລົງທະບຽນ"],
    ),
    FieldSpec(
        "institution",
        gettext_lazy("participant's institution (training of trainers)"),
        synonyms=["institution", "organisation", "organization", "employer", "school", "ສະຖາບັນ", "ອົງການ"],
    ),
    FieldSpec(
        "status",
        gettext_lazy("status (enrolled, completed, dropped out)"),
        type=CHOICE,
        choices=STATUS_SPELLINGS,
        synonyms=["status", "enrolment status", "result", "outcome", "ສະຖານະ", "ຜົນ"],
    ),
    FieldSpec(
        "completed_on",
        gettext_lazy("completed on"),
        type=DATE,
        synonyms=["completed on", "completion date", "date completed", "graduation date", "ວັນທີຮຽນຈົບ"],
    ),
    FieldSpec(
        "dropped_out_on",
        gettext_lazy("dropped out on"),
        type=DATE,
        synonyms=["dropped out on", "dropout date", "drop out date", "date left", "ວັນທີອອກ"],
    ),
    FieldSpec(
        "dropout_reason",
        gettext_lazy("dropout reason"),
        type=CHOICE,
        choices=REASON_SPELLINGS,
        synonyms=["dropout reason", "reason", "reason for dropping out", "ເຫດຜົນ", "ສາເຫດ"],
    ),
    FieldSpec(
        "dropout_note", gettext_lazy("dropout note"), synonyms=["dropout note", "note", "remarks", "ໝາຍເຫດ"]
    ),
]


def _refuse_rewrite(enrolment: Enrolment, values: dict, who: str) -> None:
    """A row may not undo or rewrite a completion or dropout already recorded."""
    wanted = values.get("status") or enrolment.status
    date = enrolment.dropped_out_on or enrolment.completed_on
    rewrites = wanted != enrolment.status or (
        enrolment.status == EnrolmentStatus.DROPPED_OUT
        and (
            (values.get("dropped_out_on") and values["dropped_out_on"] != enrolment.dropped_out_on)
            or (values.get("dropout_reason") and values["dropout_reason"] != enrolment.dropout_reason)
        )
    )
    rewrites = rewrites or (
        enrolment.status == EnrolmentStatus.COMPLETED
        and values.get("completed_on")
        and values["completed_on"] != enrolment.completed_on
    )
    if rewrites:
        raise ValidationError(
            {
                "status" if values.get("status") else who: _(
                    "%(name)s is recorded as %(status)s on %(date)s; an import does not undo or change that. "
                    "Correct it on the enrolment page."
                )
                % {
                    "name": enrolment.person.display_name,
                    "status": enrolment.get_status_display(),
                    "date": date.isoformat() if date else "-",
                }
            }
        )


def _default_enrolled_on(cohort: Cohort) -> datetime.date:
    # Sheets usually arrive after the course started: the first day, not the day of the import (the page's
    # default), keeps dropouts and completions dated inside the course possible.
    return min(cohort.starts_on, timezone.localdate())


def apply_row(*, actor, values: dict, existing: Enrolment | None):
    """Enrol, correct, drop out or complete through the training services; nothing of a refused row stays."""
    cohort = cohort_from_row(actor=actor, code=values["cohort"])
    person = person_from_row(actor=actor, values=values)
    who = person_field(values)
    keys = {"person": who, "reason": "dropout_reason", "note": "dropout_note", "on": "dropped_out_on"}
    if existing is not None and (existing.cohort_id, existing.person_id) != (cohort.pk, person.pk):
        raise ValidationError(
            {
                who: _(
                    "This row's ID was imported before as the enrolment of %(name)s in %(code)s; an import "
                    "does not move an enrolment. Give the row a new ID."
                )
                % {"name": existing.person.display_name, "code": existing.cohort.code}
            }
        )
    institution = (
        organisation_from_row(raw=values["institution"], field="institution")
        if values.get("institution")
        else None
    )
    enrolment = (
        Enrolment.objects.filter(cohort=cohort, person=person)
        .select_related("person", "cohort")
        .order_by()
        .first()
    )
    outcome = registry.UNCHANGED
    try:
        if enrolment is None:
            enrolment = services.enrolment_create(
                actor=actor,
                cohort=cohort,
                person=person,
                institution=institution,
                enrolled_on=values.get("enrolled_on") or _default_enrolled_on(cohort),
            )
            outcome = registry.CREATED
        else:
            if enrolment.status != EnrolmentStatus.ENROLLED:
                _refuse_rewrite(enrolment, values, who)
            before = enrolment.updated_at
            enrolment = services.enrolment_update(
                actor=actor,
                enrolment=enrolment,
                enrolled_on=values.get("enrolled_on"),
                institution=institution,
            )
            if enrolment.updated_at != before:
                outcome = registry.UPDATED
        status = values.get("status")
        if status == EnrolmentStatus.DROPPED_OUT and enrolment.status == EnrolmentStatus.ENROLLED:
            if not values.get("dropped_out_on"):
                raise ValidationError({"dropped_out_on": _("Give the date the participant dropped out.")})
            services.enrolment_drop_out(
                actor=actor,
                enrolment=enrolment,
                reason=values.get("dropout_reason") or "",
                on=values["dropped_out_on"],
                note=values.get("dropout_note") or "",
            )
            outcome = outcome if outcome == registry.CREATED else registry.UPDATED
        elif status == EnrolmentStatus.COMPLETED and enrolment.status == EnrolmentStatus.ENROLLED:
            services.enrolment_complete(actor=actor, enrolment=enrolment, on=values.get("completed_on"))
            outcome = outcome if outcome == registry.CREATED else registry.UPDATED
    except ValidationError as error:
        raise rekeyed(error, keys) from None
    return enrolment, outcome


def fetch(*, actor, ids: list[str]) -> dict[str, Enrolment]:
    """Enrolments earlier imports created, in cohorts the actor may run and of people the actor may see."""
    cohorts = Cohort.objects.filter(access.cohorts_visible_to(actor)).values("pk")
    qs = Enrolment.objects.filter(
        Q(pk__in=ids) & Q(cohort__in=cohorts) & access.people_visible_to(actor)
    ).select_related("person", "cohort")
    return {str(e.pk): e for e in qs}


KIND = ImportKind(
    # All or nothing per row until this kind names which of its optional fields may be left out.
    tolerant=False,
    name="enrolments",
    label=gettext_lazy("Enrolments (training)"),
    model=Enrolment,
    fields=FIELDS,
    apply_row=apply_row,
    fetch=fetch,
    results_url="training-home",
    results_label=gettext_lazy("See the cohorts"),
    description=gettext_lazy(
        "One row per participant: cohort code, the person (registry ID, partner's ID from an earlier people "
        "import, or name with date of birth), and optionally the enrolment date, status (enrolled, "
        "completed, dropped out with date and reason) and, for training of trainers, the participant's "
        "institution. Capacity, eligibility and the completion rule are checked as on the cohort page. "
        "Choose the person's ID as the column that identifies a row only if the file holds a single cohort."
    ),
)
