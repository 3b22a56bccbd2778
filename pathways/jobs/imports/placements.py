"""The "placements" import kind: one row per person who started a job (employer, start date, where, wage).

Rows go through the placement page's services (jobs.services.placement_create / placement_update): the
person must be one the actor may see and not a record merged away, the employer an organisation of kind
employer, the start date not in the future, the end date after the start, and the actor must work for the
employer or the recording partner (national roles for any).

People are found as imports.persons describes (registry ID, partner's ID from an earlier people import, or
name with date of birth); the employer by acronym or name among employer organisations. The natural key is
(person, employer, start date): a row for a placement already recorded, from any source or the page, is
"unchanged" or "updated" (title, occupation, place, end date, wage, project, note), never a second placement.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.accounts.scopes import scope_of
from pathways.imports import registry
from pathways.imports.persons import PERSON_FIELDS, person_field, person_from_row
from pathways.imports.registry import CHOICE, DATE, FieldSpec, ImportKind
from pathways.imports.rows import organisation_from_row, rekeyed
from pathways.jobs import access, services
from pathways.jobs.imports import CURRENCY_SPELLINGS, place_of_row, recording_organisation, wage_amount
from pathways.jobs.models import Placement
from pathways.partners.models import OrganisationKind
from pathways.results.models import Project

FIELDS = [
    *PERSON_FIELDS,
    FieldSpec(
        "employer",
        gettext_lazy("employer (acronym or name)"),
        synonyms=[
            "employer",
            "company",
            "factory",
            "workplace",
            "employer name",
            "ນາຍຈ້າງ",
            "ບໍລິສັດ",
            "ໂຮງງານ",
            "ສະຖານທີ່ເຮັດວຽກ",
        ],
        required=True,
    ),
    FieldSpec(
        "job_title",
        gettext_lazy("job title"),
        synonyms=["job title", "job", "position", "occupation", "ຕຳແໜ່ງ", "ຕຳແໜ່ງງານ", "ວຽກ", "ອາຊີບ"],
        required=True,
    ),
    FieldSpec(
        "isco_code",
        gettext_lazy("ISCO-08 occupation code"),
        synonyms=["isco", "isco code", "isco-08", "occupation code", "ລະຫັດອາຊີບ"],
    ),
    FieldSpec(
        "starts_on",
        gettext_lazy("start date"),
        type=DATE,
        synonyms=[
            "start date",
            "started on",
            "date started",
            "placement date",
            "employment date",
            "date of employment",
            "ວັນທີເລີ່ມວຽກ",
            "ວັນເລີ່ມວຽກ",
            "ວັນທີເຂົ້າວຽກ",
        ],
        required=True,
    ),
    FieldSpec(
        "ends_on",
        gettext_lazy("end date (job ended)"),
        type=DATE,
        synonyms=["end date", "ended on", "date left", "ວັນທີອອກວຽກ", "ວັນທີສິ້ນສຸດ"],
    ),
    FieldSpec(
        "country",
        gettext_lazy("country of work"),
        synonyms=["country", "destination country", "country of work", "destination", "ປະເທດ", "ປະເທດປາຍທາງ"],
    ),
    FieldSpec(
        "province",
        gettext_lazy("province of work"),
        synonyms=[
            "province",
            "province of work",
            "destination province",
            "work province",
            "ແຂວງ",
            "ແຂວງເຮັດວຽກ",
        ],
    ),
    FieldSpec(
        "wage_monthly",
        gettext_lazy("monthly wage"),
        synonyms=["monthly wage", "wage", "salary", "monthly salary", "income", "ເງິນເດືອນ", "ລາຍຮັບ", "ຄ່າຈ້າງ"],
    ),
    FieldSpec(
        "currency",
        gettext_lazy("currency"),
        type=CHOICE,
        choices=CURRENCY_SPELLINGS,
        synonyms=["currency", "ສະກຸນເງິນ"],
    ),
    FieldSpec(
        "funding_project",
        gettext_lazy("funding project (code)"),
        synonyms=["project", "funding project", "project code", "donor project", "ໂຄງການ"],
    ),
    FieldSpec(
        "recorded_by",
        gettext_lazy("recorded by (partner's acronym or name)"),
        synonyms=["recorded by", "reported by", "partner", "placement partner", "ອົງການທີ່ບັນທຶກ", "ຄູ່ຮ່ວມງານ"],
    ),
    FieldSpec("note", gettext_lazy("note"), synonyms=["note", "notes", "remarks", "comment", "ໝາຍເຫດ"]),
]


def _project(raw: str) -> Project | None:
    if not raw:
        return None
    project = Project.objects.filter(code__iexact=raw.strip()).first()
    if project is None:
        raise ValidationError({"funding_project": _("No project has the code %(v)s.") % {"v": repr(raw)}})
    return project


def apply_row(*, actor, values: dict, existing: Placement | None):
    """Record or correct a placement through the jobs services; nothing of a refused row stays."""
    person = person_from_row(actor=actor, values=values)
    who = person_field(values)
    employer = organisation_from_row(
        raw=values["employer"], field="employer", kinds=[OrganisationKind.EMPLOYER]
    )
    starts_on = values["starts_on"]
    if existing is not None and (existing.person_id, existing.employer_id, existing.starts_on) != (
        person.pk,
        employer.pk,
        starts_on,
    ):
        raise ValidationError(
            {
                who: _(
                    "This row's ID was imported before as the placement of %(name)s at %(employer)s from "
                    "%(date)s; an import does not move a placement to another person, employer or start "
                    "date. "
                    "Give the row a new ID."
                )
                % {
                    "name": existing.person.display_name,
                    "employer": existing.employer,
                    "date": existing.starts_on.isoformat(),
                }
            }
        )
    country, province = place_of_row(values)
    fields = {
        "job_title": values["job_title"],
        "isco_code": values.get("isco_code") or "",
        "ends_on": values.get("ends_on"),
        "wage_monthly": wage_amount(values.get("wage_monthly") or ""),
        "currency": values.get("currency") or "",
        "funding_project": _project(values.get("funding_project") or ""),
        "note": values.get("note") or "",
    }
    keys = {"person": who}
    placement = Placement.objects.filter(person=person, employer=employer, starts_on=starts_on).first()
    try:
        if placement is None:
            placement = services.placement_create(
                actor=actor,
                person=person,
                employer=employer,
                starts_on=starts_on,
                recorded_by_organisation=recording_organisation(
                    actor, values.get("recorded_by") or "", employer, field="recorded_by"
                ),
                country=country,
                province=province,
                **fields,
            )
            return placement, registry.CREATED
        # Columns the sheet leaves empty keep what is recorded; the place is changed only when given.
        changes = {k: v for k, v in fields.items() if v not in (None, "")}
        if country is not None or province is not None:
            changes["country"], changes["province"] = (
                country or (province.country if province else None),
                province,
            )
        before = placement.updated_at
        placement = services.placement_update(actor=actor, placement=placement, **changes)
        return placement, registry.UNCHANGED if placement.updated_at == before else registry.UPDATED
    except ValidationError as error:
        raise rekeyed(error, keys) from None


def fetch(*, actor, ids: list[str]) -> dict[str, Placement]:
    """Placements earlier imports created, of people the actor may see."""
    qs = Placement.objects.filter(access.placements_visible_to(actor), pk__in=ids).select_related(
        "person", "employer"
    )
    return {str(p.pk): p for p in qs}


KIND = ImportKind(
    # All or nothing per row until this kind names which of its optional fields may be left out.
    tolerant=False,
    name="placements",
    label=gettext_lazy("Job placements"),
    model=Placement,
    fields=FIELDS,
    apply_row=apply_row,
    fetch=fetch,
    allowed=lambda actor: scope_of(actor).can_record_placements,
    results_url="jobs-placements",
    results_label=gettext_lazy("See the placements"),
    description=gettext_lazy(
        "One row per person who started a job: the person (registry ID, partner's ID from an earlier people "
        "import, or name with date of birth), the employer (acronym or name of an employer organisation), "
        "job title and start date; optionally the ISCO-08 code, country and province of work (else the "
        "employer's), end date, monthly wage and currency, funding project code and the recording partner. "
        "A person, employer and start date already recorded is updated, never duplicated."
    ),
)
