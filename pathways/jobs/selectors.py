"""Every read of employment records, scoped to the actor: placements through the people they are about."""

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.core.attention import Item
from pathways.jobs import access
from pathways.jobs.models import Checkpoint, Placement, RetentionFollowUp, Vacancy, add_months
from pathways.people.models import Person
from pathways.people.scopes import visible_to
from pathways.training.models import Certificate, CohortKind, Enrolment, EnrolmentStatus

# A follow-up is "due" from its date and "overdue" a month later; the list also shows those due soon.
OVERDUE_AFTER = datetime.timedelta(days=30)
DUE_SOON = datetime.timedelta(days=30)


def _get(qs: QuerySet, pk, what: str):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No such {what}.") from None


def vacancy_list(
    *, actor, status: str = "", country: str = "", employer_id: UUID | None = None
) -> QuerySet[Vacancy]:
    qs = (
        Vacancy.objects.filter(access.vacancies_visible_to(actor))
        .select_related("employer", "country", "province", "posted_by")
        .annotate(placed=Count("placements"))
    )
    if status:
        qs = qs.filter(status=status)
    if country == "LA":
        qs = qs.filter(country_id="LA")
    elif country == "abroad":
        qs = qs.exclude(country_id="LA")
    if employer_id:
        qs = qs.filter(employer_id=employer_id)
    return qs.order_by("-opens_on", "title_en")


def vacancy_get(*, actor, vacancy_id: UUID | str) -> Vacancy:
    qs = (
        Vacancy.objects.filter(access.vacancies_visible_to(actor))
        .select_related("employer", "country", "province", "posted_by")
        .annotate(placed=Count("placements"))
    )
    return _get(qs, vacancy_id, "vacancy")


def vacancy_manageable(*, actor, vacancy: Vacancy) -> bool:
    return Vacancy.objects.filter(access.vacancies_managed_by(actor), pk=vacancy.pk).exists()


@dataclass
class Match:
    """A trained person who fits a vacancy, with the training that makes them fit."""

    person: Person
    by_occupation: bool  # the course's ISCO code is the vacancy's (else only the sector is)
    course: str
    course_lo: str
    on: datetime.date
    certificate: str = ""
    employed_at: str = ""  # an open placement elsewhere, so the officer knows before calling


def vacancy_matches(*, actor, vacancy: Vacancy, province: str = "", limit: int = 50) -> list[Match]:
    """People in the actor's scope who completed a course, or hold a valid certificate, in the vacancy's
    occupation (ISCO code) or sector; occupation matches first, then the most recently trained. People
    already placed in this vacancy are left out."""
    people = Person.objects.filter(visible_to(actor))
    if province:
        people = people.filter(home_province_id=province)
    fits = Q(course__isco_code=vacancy.isco_code) | Q(course__sector=vacancy.sector)
    placed_here = Placement.objects.filter(vacancy=vacancy).values("person_id")
    best: dict[UUID, tuple] = {}

    def consider(person_id, isco, title_en, title_lo, on, number=""):
        key = (isco == vacancy.isco_code, on, number)
        if person_id not in best or key > best[person_id][0]:
            best[person_id] = (key, title_en, title_lo)

    completed = (
        Enrolment.objects.filter(
            person__in=people.values("pk"),
            status=EnrolmentStatus.COMPLETED,
            cohort__kind=CohortKind.TRAINING,
        )
        .exclude(person__in=placed_here)
        .filter(Q(cohort__course__isco_code=vacancy.isco_code) | Q(cohort__course__sector=vacancy.sector))
        .values_list(
            "person_id",
            "cohort__course__isco_code",
            "cohort__course__title_en",
            "cohort__course__title_lo",
            "completed_on",
        )
        .order_by("-completed_on")[:2000]
    )
    for person_id, isco, title_en, title_lo, on in completed:
        consider(person_id, isco, title_en, title_lo, on or datetime.date.min)
    certified = (
        Certificate.objects.filter(person__in=people.values("pk"), revoked_at__isnull=True)
        .exclude(person__in=placed_here)
        .filter(fits)
        .values_list(
            "person_id", "course__isco_code", "course__title_en", "course__title_lo", "issued_on", "number"
        )
        .order_by("-issued_on")[:2000]
    )
    for person_id, isco, title_en, title_lo, on, number in certified:
        consider(person_id, isco, title_en, title_lo, on, number)
    ranked = sorted(best.items(), key=lambda item: (item[1][0][0], item[1][0][1]), reverse=True)[:limit]
    persons = Person.objects.filter(pk__in=[pk for pk, _ in ranked]).select_related("home_province").in_bulk()
    employed = dict(
        Placement.objects.filter(person_id__in=persons, ends_on__isnull=True)
        .order_by("starts_on")
        .values_list("person_id", "employer__name_en")
    )
    return [
        Match(
            person=persons[pk],
            by_occupation=key[0],
            course=title_en,
            course_lo=title_lo,
            on=key[1],
            certificate=key[2],
            employed_at=employed.get(pk, ""),
        )
        for pk, (key, title_en, title_lo) in ranked
        if pk in persons
    ]


def placement_list(
    *, actor, vacancy: Vacancy | None = None, person: Person | None = None, country: str = ""
) -> QuerySet[Placement]:
    qs = Placement.objects.filter(access.placements_visible_to(actor)).select_related(
        "person", "employer", "country", "province", "vacancy"
    )
    if vacancy is not None:
        qs = qs.filter(vacancy=vacancy)
    if person is not None:
        qs = qs.filter(person=person)
    if country == "LA":
        qs = qs.filter(country_id="LA")
    elif country == "abroad":
        qs = qs.exclude(country_id="LA")
    return qs.order_by("-starts_on", "created_at")


def placement_get(*, actor, placement_id: UUID | str) -> Placement:
    qs = Placement.objects.filter(access.placements_visible_to(actor)).select_related(
        "person", "employer", "country", "province", "vacancy", "funding_project", "recorded_by_organisation"
    )
    return _get(qs.prefetch_related("follow_ups__recorded_by"), placement_id, "placement")


def placement_recordable(*, actor, placement: Placement) -> bool:
    return Placement.objects.filter(access.placements_recordable_by(actor), pk=placement.pk).exists()


@dataclass
class CheckpointRow:
    checkpoint: int
    due_on: datetime.date
    follow_up: RetentionFollowUp | None
    state: str  # recorded, not_yet, due_soon, due, overdue


def _state(due_on: datetime.date, today: datetime.date) -> str:
    if due_on > today + DUE_SOON:
        return "not_yet"
    if due_on > today:
        return "due_soon"
    if today - due_on > OVERDUE_AFTER:
        return "overdue"
    return "due"


def placement_checkpoints(placement: Placement, *, today: datetime.date | None = None) -> list[CheckpointRow]:
    """The 3- and 6-month checkpoints of a placement: recorded, or when they are due."""
    today = today or timezone.localdate()
    recorded = {f.checkpoint: f for f in placement.follow_ups.all()}
    out = []
    for checkpoint in Checkpoint.values:
        due = placement.due_on(checkpoint)
        follow_up = recorded.get(checkpoint)
        out.append(CheckpointRow(checkpoint, due, follow_up, "recorded" if follow_up else _state(due, today)))
    return out


@dataclass
class DueFollowUp:
    placement: Placement
    checkpoint: int
    due_on: datetime.date
    state: str


def follow_ups_due(*, actor, today: datetime.date | None = None) -> list[DueFollowUp]:
    """Follow-ups this actor may record that are overdue, due, or due within a month; oldest first."""
    today = today or timezone.localdate()
    # Only placements old enough for their 3-month checkpoint to be near, and not yet followed up twice.
    started_by = _latest_start(today + DUE_SOON, min(Checkpoint.values))
    qs = (
        Placement.objects.filter(
            access.placements_visible_to(actor),
            access.placements_recordable_by(actor),
            starts_on__lte=started_by,
        )
        .annotate(done=Count("follow_ups"))
        .filter(done__lt=len(Checkpoint.values))
        .select_related("person", "employer", "country", "province")
        .prefetch_related("follow_ups", "person__phones")
        .order_by("starts_on")
    )
    out = []
    for placement in qs:
        for row in placement_checkpoints(placement, today=today):
            if row.state in ("due_soon", "due", "overdue"):
                out.append(DueFollowUp(placement, row.checkpoint, row.due_on, row.state))
    return sorted(out, key=lambda d: d.due_on)


def _latest_start(due_by: datetime.date, checkpoint: int) -> datetime.date:
    """The latest start date whose checkpoint falls on or before `due_by` (add_months is monotonic but
    clamps month ends: 31 Jan + 3 months = 30 Apr, so stepping back 3 months from 30 Apr is not enough)."""
    start = add_months(due_by, -checkpoint)
    while add_months(start + datetime.timedelta(days=1), checkpoint) <= due_by:
        start += datetime.timedelta(days=1)
    return start


def follow_ups_due_counts(*, actor, today: datetime.date | None = None) -> tuple[int, int]:
    """How many follow-ups `follow_ups_due` lists, and how many of them are overdue, counted in the database
    (the list builds every row in Python: a minute at a million people, too slow for the dashboard)."""
    today = today or timezone.localdate()
    placements = Placement.objects.filter(
        access.placements_visible_to(actor), access.placements_recordable_by(actor)
    )
    # Overdue: more than OVERDUE_AFTER past the due date (as _state says).
    overdue_by = today - OVERDUE_AFTER - datetime.timedelta(days=1)
    due = overdue = 0
    for checkpoint in Checkpoint.values:
        counts = placements.exclude(follow_ups__checkpoint=checkpoint).aggregate(
            due=Count("pk", filter=Q(starts_on__lte=_latest_start(today + DUE_SOON, checkpoint))),
            overdue=Count("pk", filter=Q(starts_on__lte=_latest_start(overdue_by, checkpoint))),
        )
        due += counts["due"]
        overdue += counts["overdue"]
    return due, overdue


def attention(*, actor) -> list[Item]:
    """For the dashboard: retention follow-ups this actor may record that are due, and how many overdue."""
    due, overdue = follow_ups_due_counts(actor=actor)
    return [
        Item(
            _("Retention follow-ups due"),
            due,
            reverse("jobs-follow-ups"),
            urgent=overdue,
            urgent_label=_("%(n)s overdue") % {"n": overdue},
        )
    ]
