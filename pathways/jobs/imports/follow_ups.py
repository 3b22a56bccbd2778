"""The "follow_ups" import kind: one row per retention follow-up (the 3- or 6-month call to a placed person).

Partners keep these calls in sheets. A row names the person (as imports.persons describes), the employer and,
when the person has several jobs there, the start date; then the checkpoint, the date of the call and the
answer: still working, no longer working, or could not be reached. Rows go through
jobs.services.follow_up_record, the placement page's service: the same rules (not before the due date, not
in the future, no wage for someone not reached, only staff who may follow up this placement).

A checkpoint is recorded once: a row for one already recorded, from any source or the page, corrects it
(jobs.services.follow_up_update, the page's correction) and is "updated", or "unchanged" when it says what is
recorded (a sheet can be imported again). Empty wage and note columns keep what is recorded.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.accounts.scopes import scope_of
from pathways.imports import registry
from pathways.imports.persons import PERSON_FIELDS, person_from_row
from pathways.imports.registry import CHOICE, DATE, FieldSpec, ImportKind
from pathways.imports.rows import organisation_from_row, rekeyed
from pathways.jobs import access, services
from pathways.jobs.imports import wage_amount
from pathways.jobs.models import Placement, RetentionFollowUp
from pathways.partners.models import OrganisationKind

FIELDS = [
    *PERSON_FIELDS,
    FieldSpec(
        "employer",
        gettext_lazy("employer (acronym or name)"),
        synonyms=["employer", "company", "factory", "workplace", "ນາຍຈ້າງ", "ບໍລິສັດ", "ໂຮງງານ"],
        required=True,
    ),
    FieldSpec(
        "starts_on",
        gettext_lazy("job start date (when the person has several jobs with the employer)"),
        type=DATE,
        synonyms=["start date", "started on", "date started", "placement date", "ວັນທີເລີ່ມວຽກ", "ວັນເລີ່ມວຽກ"],
    ),
    FieldSpec(
        "checkpoint",
        gettext_lazy("checkpoint (3 or 6 months)"),
        type=CHOICE,
        choices={
            "3": ["3 months", "3 month", "3m", "three months", "3 ເດືອນ", "3 เดือน"],
            "6": ["6 months", "6 month", "6m", "six months", "6 ເດືອນ", "6 เดือน"],
        },
        synonyms=["checkpoint", "follow-up", "follow up", "months", "months after start", "ຈຸດຕິດຕາມ", "ເດືອນທີ"],
        required=True,
    ),
    FieldSpec(
        "checked_on",
        gettext_lazy("date of the follow-up"),
        type=DATE,
        synonyms=["checked on", "date checked", "follow-up date", "date of call", "call date", "ວັນທີຕິດຕາມ"],
        required=True,
    ),
    FieldSpec(
        "answer",
        gettext_lazy("still working? (yes, no, not reached)"),
        type=CHOICE,
        choices={
            "yes": [
                "y",
                "still working",
                "still employed",
                "working",
                "employed",
                "ແມ່ນ",
                "ຍັງເຮັດວຽກ",
                "ຍັງເຮັດວຽກຢູ່",
                "ใช่",
                "ทำงานอยู่",
            ],
            "no": [
                "n",
                "not working",
                "no longer working",
                "left",
                "quit",
                "ບໍ່",
                "ບໍ່ໄດ້ເຮັດວຽກ",
                "ບໍ່ໄດ້ເຮັດວຽກແລ້ວ",
                "ອອກວຽກແລ້ວ",
                "ไม่",
                "ออกแล้ว",
            ],
            "not_reached": [
                "not reached",
                "could not be reached",
                "no answer",
                "unreachable",
                "no contact",
                "lost to follow-up",
                "ຕິດຕໍ່ບໍ່ໄດ້",
                "ບໍ່ມີຄົນຮັບ",
                "ติดต่อไม่ได้",
            ],
        },
        synonyms=[
            "still working",
            "still employed",
            "employed",
            "working",
            "result",
            "status",
            "ຍັງເຮັດວຽກຢູ່ບໍ",
            "ຜົນການຕິດຕາມ",
            "ສະຖານະ",
        ],
        required=True,
    ),
    FieldSpec(
        "current_wage",
        gettext_lazy("current monthly wage"),
        synonyms=["current wage", "wage", "salary", "current salary", "ເງິນເດືອນ", "ເງິນເດືອນປັດຈຸບັນ"],
    ),
    FieldSpec("note", gettext_lazy("note"), synonyms=["note", "notes", "remarks", "comment", "ໝາຍເຫດ"]),
]


def _placement(*, actor, values: dict) -> Placement:
    """The placement the row follows up: the person's job with the employer (the one starting on the row's
    start date, needed only when there are several)."""
    person = person_from_row(actor=actor, values=values)
    employer = organisation_from_row(
        raw=values["employer"], field="employer", kinds=[OrganisationKind.EMPLOYER]
    )
    jobs = Placement.objects.filter(access.placements_visible_to(actor), person=person, employer=employer)
    if values.get("starts_on"):
        jobs = jobs.filter(starts_on=values["starts_on"])
    found = list(jobs.order_by("starts_on")[:5])
    if not found:
        raise ValidationError(
            {
                "employer" if not values.get("starts_on") else "starts_on": _(
                    "No placement of %(name)s at %(employer)s%(when)s is recorded; "
                    "record the placement first."
                )
                % {
                    "name": person.display_name,
                    "employer": employer,
                    "when": _(" starting on %(d)s") % {"d": values["starts_on"].isoformat()}
                    if values.get("starts_on")
                    else "",
                }
            }
        )
    if len(found) > 1:
        raise ValidationError(
            {
                "starts_on": _(
                    "%(name)s has several jobs at %(employer)s (started %(dates)s); give the start date."
                )
                % {
                    "name": person.display_name,
                    "employer": employer,
                    "dates": ", ".join(p.starts_on.isoformat() for p in found),
                }
            }
        )
    return found[0]


def apply_row(*, actor, values: dict, existing: RetentionFollowUp | None):
    """Record a follow-up, or correct the one recorded at that checkpoint, through the jobs services."""
    placement = _placement(actor=actor, values=values)
    checkpoint = int(values["checkpoint"])
    still_employed = {"yes": True, "no": False, "not_reached": None}[values["answer"]]
    wage = wage_amount(values.get("current_wage") or "", field="current_wage")
    recorded = existing or placement.follow_ups.filter(checkpoint=checkpoint).first()
    if recorded is not None and (recorded.placement_id, recorded.checkpoint) != (placement.pk, checkpoint):
        raise ValidationError(
            {
                "checkpoint": _(
                    "This row's ID was imported before as another follow-up; an import does not move a "
                    "follow-up. Give the row a new ID."
                )
            }
        )
    try:
        if recorded is None:
            follow_up = services.follow_up_record(
                actor=actor,
                placement=placement,
                checkpoint=checkpoint,
                checked_on=values["checked_on"],
                still_employed=still_employed,
                current_wage=wage,
                note=values.get("note") or "",
            )
            return follow_up, registry.CREATED
        before = recorded.updated_at
        follow_up = services.follow_up_update(
            actor=actor,
            follow_up=recorded,
            checked_on=values["checked_on"],
            still_employed=still_employed,
            # Empty columns keep what is recorded; someone not reached has no wage.
            current_wage=wage if wage is not None or still_employed is None else recorded.current_wage,
            note=values.get("note") or recorded.note,
        )
        return follow_up, registry.UNCHANGED if follow_up.updated_at == before else registry.UPDATED
    except ValidationError as error:
        raise rekeyed(error, {"still_employed": "answer"}) from None


def fetch(*, actor, ids: list[str]) -> dict[str, RetentionFollowUp]:
    """Follow-ups earlier imports created, of people the actor may see."""
    qs = RetentionFollowUp.objects.filter(
        access.placements_visible_to(actor, prefix="placement"), pk__in=ids
    ).select_related("placement")
    return {str(f.pk): f for f in qs}


KIND = ImportKind(
    # All or nothing per row until this kind names which of its optional fields may be left out.
    tolerant=False,
    name="follow_ups",
    label=gettext_lazy("Retention follow-ups"),
    model=RetentionFollowUp,
    fields=FIELDS,
    apply_row=apply_row,
    fetch=fetch,
    allowed=lambda actor: scope_of(actor).can_record_placements,
    results_url="jobs-follow-ups",
    results_label=gettext_lazy("See the follow-ups due"),
    description=gettext_lazy(
        "One row per 3- or 6-month follow-up of a placed person: the person (registry ID, partner's ID from "
        "an earlier people import, or name with date of birth), the employer (and the job's start date when "
        "the person has several jobs there), the checkpoint, the date of the call and the answer: still "
        "working, no longer working, or could not be reached; optionally the current wage and a note. A "
        "checkpoint already recorded is corrected to what the row says."
    ),
)
