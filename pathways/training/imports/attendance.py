"""The "attendance" import kind: one row per participant per day (cohort code, person, date, mark).

A row is saved through training.services.attendance_day_save, the service of the phone attendance page: the
person must be enrolled in the cohort, the day inside the cohort's dates and not in the future, and a
participant who dropped out cannot be marked after the dropout date.

The natural key is (participant, day): a row for a day already marked, from any source or the page, is
"unchanged" when the mark is the same and "updated" when it differs, so a corrected sheet updates the marks
that changed even without a key column.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.imports import registry
from pathways.imports.persons import PERSON_FIELDS, person_field, person_from_row
from pathways.imports.registry import CHOICE, DATE, FieldSpec, ImportKind
from pathways.imports.rows import rekeyed
from pathways.training import access, services
from pathways.training.imports.common import COHORT_FIELD, cohort_from_row
from pathways.training.models import Attendance, Cohort, Enrolment

STATUS_SPELLINGS = {
    "present": [
        "present",
        "p",
        "yes",
        "y",
        "1",
        "x",
        "attended",
        "ມາ",
        "ມາຮຽນ",
        "ເຂົ້າຮ່ວມ",
        "ມີ",
        "มา",
        "มาเรียน",
        "เข้าเรียน",
    ],
    "absent": ["absent", "a", "no", "n", "0", "missing", "ບໍ່ມາ", "ຂາດ", "ຂາດຮຽນ", "ไม่มา", "ขาด", "ขาดเรียน"],
    "excused": [
        "excused",
        "e",
        "leave",
        "on leave",
        "sick",
        "permission",
        "ລາ",
        "ລາພັກ",
        "ຂໍອະນຸຍາດ",
        "ลา",
        "ลาป่วย",
        "ลากิจ",
    ],
}

FIELDS = [
    COHORT_FIELD,
    *PERSON_FIELDS,
    FieldSpec(
        "day",
        gettext_lazy("date of the session"),
        type=DATE,
        synonyms=["date", "day", "session date", "attendance date", "training date", "ວັນທີ", "ວັນ", "ວັນທີຮຽນ"],
        required=True,
    ),
    FieldSpec(
        "status",
        gettext_lazy("attendance (present, absent, excused)"),
        type=CHOICE,
        choices=STATUS_SPELLINGS,
        synonyms=["attendance", "status", "mark", "present", "ການມາຮຽນ", "ສະຖານະ", "ມາ/ບໍ່ມາ"],
        required=True,
    ),
]


def apply_row(*, actor, values: dict, existing: Attendance | None):
    """Mark the participant for the day through the attendance service; the same mark again is unchanged."""
    cohort = cohort_from_row(actor=actor, code=values["cohort"])
    person = person_from_row(actor=actor, values=values)
    who = person_field(values)
    day, status = values["day"], values["status"]
    enrolment = Enrolment.objects.filter(cohort=cohort, person=person).order_by().first()
    if enrolment is None:
        raise ValidationError(
            {
                who: _(
                    "%(name)s is not enrolled in cohort %(code)s; enrol them first (enrolments import or "
                    "the cohort page)."
                )
                % {"name": person.display_name, "code": cohort.code}
            }
        )
    if existing is not None and (existing.enrolment_id, existing.day) != (enrolment.pk, day):
        raise ValidationError(
            {
                who: _(
                    "This row's ID was imported before as the mark of %(name)s on %(day)s; an import "
                    "does not move a mark to another person or day. Correct it on the attendance page or "
                    "give the row a new ID."
                )
                % {"name": existing.enrolment.person.display_name, "day": existing.day.isoformat()}
            }
        )
    current = Attendance.objects.filter(enrolment=enrolment, day=day).order_by().first()
    if current is not None and current.status == status:
        return current, registry.UNCHANGED
    try:
        services.attendance_day_save(actor=actor, cohort=cohort, day=day, marks={str(enrolment.pk): status})
    except ValidationError as error:
        raise rekeyed(error, {"marks": who}) from None
    saved = Attendance.objects.get(enrolment=enrolment, day=day)
    return saved, registry.CREATED if current is None else registry.UPDATED


def fetch(*, actor, ids: list[str]) -> dict[str, Attendance]:
    """Marks earlier imports created, in cohorts the actor may run and of people the actor may see."""
    cohorts = Cohort.objects.filter(access.cohorts_visible_to(actor)).values("pk")
    qs = Attendance.objects.filter(
        Q(pk__in=ids)
        & Q(enrolment__cohort__in=cohorts)
        & access.people_visible_to(actor, "enrolment__person")
    ).select_related("enrolment__person")
    return {str(a.pk): a for a in qs}


KIND = ImportKind(
    # All or nothing per row until this kind names which of its optional fields may be left out.
    tolerant=False,
    name="attendance",
    label=gettext_lazy("Attendance (training)"),
    model=Attendance,
    fields=FIELDS,
    apply_row=apply_row,
    fetch=fetch,
    results_url="training-home",
    results_label=gettext_lazy("See the cohorts"),
    description=gettext_lazy(
        "One row per participant per day: cohort code, the person (registry ID, partner's ID from an earlier "
        "people import, or name with date of birth), the date and present, absent or excused. Only people "
        "enrolled in the cohort, on the cohort's days up to today. A person has a row per day: do not "
        "choose their ID as the column that identifies a row."
    ),
)
