"""Every read of training records, scoped to the actor: cohorts by institution, people by people.scopes."""

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from pathways.partners.models import Organisation, OrganisationKind
from pathways.places.models import Province
from pathways.training import access
from pathways.training.models import (
    RPL_CLOSED,
    Assessment,
    Attendance,
    AttendanceStatus,
    Certificate,
    Cohort,
    CohortKind,
    CompetencyUnit,
    Course,
    Enrolment,
    EnrolmentStatus,
    InstitutionSafeMigration,
    Result,
    RplApplication,
)


def _get(qs: QuerySet, pk, what: str):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No such {what}.") from None


def course_list(*, active_only: bool = True) -> QuerySet[Course]:
    qs = Course.objects.prefetch_related("units", "offered_by")
    return qs.filter(is_active=True) if active_only else qs


def course_get(*, course_id) -> Course:
    return _get(Course.objects.prefetch_related("units", "offered_by"), course_id, "course")


def cohort_list(*, actor, kind: str = "", year: int | None = None) -> QuerySet[Cohort]:
    qs = (
        Cohort.objects.filter(access.cohorts_visible_to(actor))
        .distinct()
        .select_related("course", "institution", "funding_project")
        .annotate(
            enrolled=Count("enrolments", distinct=True),
            completed=Count(
                "enrolments", filter=Q(enrolments__status=EnrolmentStatus.COMPLETED), distinct=True
            ),
        )
    )
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(starts_on__year=year)
    return qs.order_by("-starts_on", "name")


def cohort_get(*, actor, cohort_id: UUID | str) -> Cohort:
    """One cohort the actor may see; anyone else gets the same 404 as a cohort that does not exist."""
    qs = (
        Cohort.objects.filter(access.cohorts_visible_to(actor))
        .distinct()
        .select_related("course", "institution", "funding_project")
        .prefetch_related("trainers", "course__units")
    )
    return _get(qs, cohort_id, "cohort")


def enrolment_list(*, actor, cohort: Cohort) -> QuerySet[Enrolment]:
    """The cohort's participants that the actor may see, in Lao name order."""
    return (
        cohort.enrolments.filter(access.people_visible_to(actor))
        .select_related("person", "institution")
        .order_by("person__name_sort_key", "person_id")
    )


def enrolment_get(*, actor, enrolment_id: UUID | str) -> Enrolment:
    qs = Enrolment.objects.filter(
        access.people_visible_to(actor),
        cohort__in=Cohort.objects.filter(access.cohorts_visible_to(actor)).values("pk"),
    ).select_related("person", "cohort__course", "cohort__institution", "institution")
    return _get(qs, enrolment_id, "enrolment")


def attendance_grid(*, actor, cohort: Cohort, day: datetime.date) -> list[tuple[Enrolment, str]]:
    """Every visible participant with their mark for the day ('' when not yet marked)."""
    enrolments = list(
        enrolment_list(actor=actor, cohort=cohort).exclude(
            status=EnrolmentStatus.DROPPED_OUT, dropped_out_on__lt=day
        )
    )
    marks = dict(
        Attendance.objects.filter(enrolment__in=enrolments, day=day).values_list("enrolment_id", "status")
    )
    return [(e, marks.get(e.pk, "")) for e in enrolments]


def attendance_days(*, cohort: Cohort) -> dict[datetime.date, int]:
    """Days on which attendance was recorded, with the number present."""
    rows = (
        Attendance.objects.filter(enrolment__cohort=cohort)
        .values("day")
        .annotate(present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)))
        .order_by("day")
    )
    return {row["day"]: row["present"] for row in rows}


@dataclass
class Progress:
    present_days: int = 0
    session_days: int = 0
    units_total: int = 0
    units_competent: list[str] = field(default_factory=list)
    units_missing: list[str] = field(default_factory=list)

    @property
    def share(self) -> Decimal:
        if not self.session_days:
            return Decimal(0)
        return Decimal(self.present_days) / Decimal(self.session_days)


def latest_results(*, person_id, unit_ids, enrolment=None, rpl_application=None) -> dict[int, Assessment]:
    """The latest assessment per unit for this enrolment or application (the latest judgement counts)."""
    qs = Assessment.objects.filter(person_id=person_id, unit_id__in=unit_ids).select_related(
        "assessor", "unit"
    )
    if enrolment is not None:
        qs = qs.filter(enrolment=enrolment)
    if rpl_application is not None:
        qs = qs.filter(rpl_application=rpl_application)
    latest: dict[int, Assessment] = {}
    for a in qs.order_by("assessed_on", "created_at"):
        latest[a.unit_id] = a
    return latest


def enrolment_progress(enrolment: Enrolment) -> Progress:
    return cohort_progress(enrolment.cohort, [enrolment])[enrolment.pk]


def cohort_progress(cohort: Cohort, enrolments) -> dict[UUID, Progress]:
    """Attendance share and unit results for many participants in three queries."""
    ids = [e.pk for e in enrolments]
    session_days = Attendance.objects.filter(enrolment__cohort=cohort).values("day").distinct().count()
    present = dict(
        Attendance.objects.filter(enrolment_id__in=ids, status=AttendanceStatus.PRESENT)
        .values_list("enrolment_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    units = list(CompetencyUnit.objects.filter(course_id=cohort.course_id).values_list("pk", "code"))
    results: dict = defaultdict(dict)
    for enrolment_id, unit_id, result in (
        Assessment.objects.filter(enrolment_id__in=ids)
        .order_by("assessed_on", "created_at")
        .values_list("enrolment_id", "unit_id", "result")
    ):
        results[enrolment_id][unit_id] = result
    out = {}
    for pk in ids:
        competent = [code for unit_id, code in units if results[pk].get(unit_id) == Result.COMPETENT]
        out[pk] = Progress(
            present_days=present.get(pk, 0),
            session_days=session_days,
            units_total=len(units),
            units_competent=competent,
            units_missing=[code for _unit_id, code in units if code not in competent],
        )
    return out


@dataclass
class AssessmentCell:
    unit: CompetencyUnit
    latest: str  # the latest recorded result, "" if none
    chosen: str  # what the grid shows: the latest result, or what was sent back with an error
    error: str = ""


@dataclass
class AssessmentRow:
    enrolment: Enrolment
    cells: list[AssessmentCell]


def assessment_grid(
    *,
    actor,
    cohort: Cohort,
    units: list[CompetencyUnit],
    shown: Mapping[tuple[str, str], str] | None = None,
    errors: Mapping[tuple[str, str], str] | None = None,
) -> list[AssessmentRow]:
    """The cohort's participants still in training, each with their latest result per unit, in two queries.

    `shown` overrides what a cell shows (a grid sent back with an error, or a column pre-filled); `errors` are
    the service's messages for cells, keyed like `shown`.
    """
    enrolments = list(enrolment_list(actor=actor, cohort=cohort).exclude(status=EnrolmentStatus.DROPPED_OUT))
    latest: dict[tuple[str, str], str] = {}
    for enrolment_id, unit_id, result in (
        Assessment.objects.filter(enrolment__in=[e.pk for e in enrolments], unit__in=[u.pk for u in units])
        .order_by("assessed_on", "created_at")
        .values_list("enrolment_id", "unit_id", "result")
    ):
        latest[(str(enrolment_id), str(unit_id))] = result
    shown, errors = shown or {}, errors or {}
    rows = []
    for e in enrolments:
        cells = []
        for u in units:
            key = (str(e.pk), str(u.pk))
            was = latest.get(key, "")
            cells.append(AssessmentCell(u, was, shown.get(key, was), errors.get(key, "")))
        rows.append(AssessmentRow(enrolment=e, cells=cells))
    return rows


def certificate_list(*, actor, cohort: Cohort | None = None) -> QuerySet[Certificate]:
    qs = Certificate.objects.filter(
        access.people_visible_to(actor),
        institution__in=Organisation.objects.filter(access.institutions_visible_to(actor)).values("pk"),
    ).select_related("person", "course", "institution")
    if cohort is not None:
        qs = qs.filter(enrolment__cohort=cohort)
    return qs.order_by("-issued_on", "-number")


def certificate_get(*, actor, certificate_id: UUID | str) -> Certificate:
    qs = Certificate.objects.filter(access.people_visible_to(actor)).filter(
        Q(institution__in=Organisation.objects.filter(access.institutions_visible_to(actor)).values("pk"))
        | Q(enrolment__cohort__in=Cohort.objects.filter(access.cohorts_visible_to(actor)).values("pk"))
    )
    return _get(
        qs.select_related("person", "course", "institution", "issued_by"), certificate_id, "certificate"
    )


# What people mistype when copying a number from paper: O for 0, I or L for 1 (the random part never holds
# them), spaces for dashes.
_TYPED_AS_DIGITS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def certificate_number_typed(number: str) -> str:
    """A certificate number as the register holds it, from what someone typed."""
    parts = "-".join(number.strip().upper().split()).split("-", 2)
    if len(parts) == 3 and parts[0] == "PW":
        parts[1:] = [p.translate(_TYPED_AS_DIGITS) for p in parts[1:]]
    return "-".join(parts)


def certificate_public(*, number: str) -> Certificate | None:
    """A certificate by number for the public page and API, which show only non-sensitive fields."""
    return (
        Certificate.objects.select_related("course", "institution", "person")
        .filter(number=certificate_number_typed(number))
        .first()
    )


def _rpl_scope(actor) -> QuerySet[RplApplication]:
    return RplApplication.objects.filter(access.people_visible_to(actor)).filter(
        Q(institution__in=Organisation.objects.filter(access.institutions_visible_to(actor)).values("pk"))
        | Q(assessor=actor)
    )


def rpl_queue(*, actor, assessor=None, include_closed: bool = False) -> QuerySet[RplApplication]:
    """Applications waiting on someone: an assessor's own queue, or all in scope for national roles."""
    qs = _rpl_scope(actor).select_related("person", "course", "institution", "assessor")
    if assessor is not None:
        qs = qs.filter(assessor=assessor)
    if not include_closed:
        qs = qs.exclude(status__in=RPL_CLOSED)
    return qs.order_by("applied_on", "created_at")


def rpl_get(*, actor, application_id: UUID | str) -> RplApplication:
    qs = _rpl_scope(actor).select_related("person", "course", "institution", "assessor", "gap_cohort")
    return _get(qs.prefetch_related("steps__by", "evidence", "course__units"), application_id, "application")


@dataclass
class CoverageRow:
    province: Province | None
    institutions: int = 0
    trained: int = 0
    scheduled: int = 0
    covered: int = 0


TOT_INSTITUTION_KINDS = (OrganisationKind.TVET_SCHOOL, OrganisationKind.SKILLS_CENTRE)


def institutions_with_trained_staff() -> set[UUID]:
    """Institutions with a staff member who completed a training of trainers (derived, not stored)."""
    return set(
        Enrolment.objects.filter(
            cohort__kind=CohortKind.TRAINING_OF_TRAINERS,
            status=EnrolmentStatus.COMPLETED,
            institution__isnull=False,
        ).values_list("institution_id", flat=True)
    )


def tot_coverage() -> tuple[list[CoverageRow], CoverageRow, list[dict]]:
    """TVET schools and skills centres by province: trained staff, module scheduled, both (aggregates)."""
    institutions = list(
        Organisation.objects.filter(
            kind__in=TOT_INSTITUTION_KINDS, is_active=True, country_id="LA"
        ).select_related("province")
    )
    trained = institutions_with_trained_staff()
    scheduled = set(
        InstitutionSafeMigration.objects.filter(module_scheduled_on__isnull=False).values_list(
            "institution_id", flat=True
        )
    )
    rows: dict = {}
    total = CoverageRow(province=None)
    detail: list[dict] = []
    for org in institutions:
        row = rows.setdefault(org.province_id, CoverageRow(province=org.province))
        t, s = org.pk in trained, org.pk in scheduled
        for r in (row, total):
            r.institutions += 1
            r.trained += t
            r.scheduled += s
            r.covered += t and s
        detail.append({"institution": org, "trained": t, "scheduled": s})
    ordered = sorted(rows.values(), key=lambda r: r.province.name_en if r.province else "~")
    detail.sort(key=lambda d: (d["institution"].province_id or "~", d["institution"].name_en))
    return ordered, total, detail
