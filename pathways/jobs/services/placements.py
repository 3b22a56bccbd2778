"""Placements (a person starts a job) and their retention follow-ups at 3 and 6 months."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.core import audit
from pathways.jobs import access
from pathways.jobs.models import Checkpoint, Placement, RetentionFollowUp, Vacancy, VacancyStatus
from pathways.jobs.services.checks import (
    check_employer,
    check_isco,
    check_writer,
    place_of_work,
    wage_currency,
)
from pathways.partners.models import Organisation
from pathways.people import selectors as people_selectors
from pathways.people.models import Person
from pathways.places.models import Country, Province
from pathways.results.models import Project

# Fields a placement may be corrected in; person, employer and start date are what it is (its natural key).
CORRECTABLE = (
    "job_title",
    "isco_code",
    "country",
    "province",
    "ends_on",
    "wage_monthly",
    "currency",
    "funding_project",
    "note",
)


def _resolved_person(actor, person: Person) -> Person:
    """The person as the actor may see them; a record merged into another is refused with where it went."""
    merged_into = people_selectors.merged_into_id(person.pk)
    if merged_into:
        raise ValidationError(
            {
                "person": _(
                    "This record was merged into another one (registry ID %(id)s); record the placement "
                    "there."
                )
                % {"id": merged_into}
            }
        )
    return people_selectors.person_get(actor=actor, person_id=person.pk)


def _check_dates(starts_on: datetime.date, ends_on: datetime.date | None, errors: dict) -> None:
    today = timezone.localdate()
    if starts_on > today:
        errors["starts_on"] = _(
            "The start date %(date)s is in the future; record the placement once the person has started."
        ) % {"date": starts_on.isoformat()}
    if ends_on is not None:
        if ends_on < starts_on:
            errors["ends_on"] = _("The end date is before the start date.")
        elif ends_on > today:
            errors["ends_on"] = _("The end date is in the future; record it when the job has ended.")


def _check_follow_ups_after(placement: Placement, starts_on: datetime.date, errors: dict) -> None:
    for follow_up in placement.follow_ups.all():
        due = Placement(starts_on=starts_on).due_on(follow_up.checkpoint)
        if follow_up.checked_on < due:
            errors["starts_on"] = _(
                "The %(n)d-month follow-up was recorded on %(date)s, before this start date allows."
            ) % {"n": follow_up.checkpoint, "date": follow_up.checked_on.isoformat()}


@transaction.atomic
def placement_create(
    *,
    actor,
    person: Person,
    recorded_by_organisation: Organisation,
    starts_on: datetime.date,
    employer: Organisation | None = None,
    job_title: str = "",
    vacancy: Vacancy | None = None,
    isco_code: str = "",
    country: Country | None = None,
    province: Province | None = None,
    ends_on: datetime.date | None = None,
    wage_monthly: int | None = None,
    currency: str = "",
    funding_project: Project | None = None,
    note: str = "",
) -> Placement:
    """Record that a person started a job. From a vacancy, what is not given is the vacancy's (employer,
    title, occupation, place, wage); otherwise the place of work defaults to the employer's."""
    check_writer(actor)
    person = _resolved_person(actor, person)
    errors: dict[str, str] = {}
    if vacancy is not None:
        # The row lock keeps two officers from filling the last opening twice.
        vacancy = Vacancy.objects.select_for_update().select_related("employer").get(pk=vacancy.pk)
        if employer is not None and employer.pk != vacancy.employer_id:
            errors["employer"] = _("The vacancy is at %(employer)s.") % {"employer": vacancy.employer}
        employer = vacancy.employer
        job_title = job_title or vacancy.title_en
        isco_code = isco_code or vacancy.isco_code
        if country is None and province is None:
            country, province = vacancy.country, vacancy.province
        if wage_monthly is None:
            wage_monthly, currency = vacancy.wage_monthly, vacancy.currency
        taken = vacancy.placements.count()
        if vacancy.status != VacancyStatus.OPEN:
            errors["vacancy"] = _("This vacancy is %(status)s (%(taken)d of %(n)d openings placed).") % {
                "status": vacancy.get_status_display().lower(),
                "taken": taken,
                "n": vacancy.openings,
            }
        elif vacancy.placements.filter(person=person).exists():
            errors["person"] = _("%(name)s is already placed in this vacancy.") % {
                "name": person.display_name
            }
    check_employer(employer, errors)
    if (
        employer is not None
        and "employer" not in errors
        and not access.may_record(actor, employer=employer, recorded_by=recorded_by_organisation)
    ):
        raise PermissionDenied(
            _(
                "You may record placements only for an organisation you work for (the employer or your "
                "partner)."
            )
        )
    if not job_title.strip():
        errors["job_title"] = _("Give the job title.")
    isco_code = check_isco(isco_code, errors, required=False)
    country, province = place_of_work(country=country, province=province, employer=employer, errors=errors)
    currency = wage_currency(wage_monthly, currency, country, errors)
    _check_dates(starts_on, ends_on, errors)
    if errors:
        raise ValidationError(errors)
    assert country is not None
    assert employer is not None
    if Placement.objects.filter(person=person, employer=employer, starts_on=starts_on).exists():
        raise ValidationError(
            {
                "starts_on": _("%(name)s's placement at %(employer)s starting %(date)s is already recorded.")
                % {"name": person.display_name, "employer": employer, "date": starts_on.isoformat()}
            }
        )
    try:
        with transaction.atomic():
            placement = Placement.objects.create(
                person=person,
                vacancy=vacancy,
                employer=employer,
                job_title=job_title.strip(),
                isco_code=isco_code,
                country=country,
                province=province,
                starts_on=starts_on,
                ends_on=ends_on,
                wage_monthly=wage_monthly,
                currency=currency,
                funding_project=funding_project,
                recorded_by_organisation=recorded_by_organisation,
                recorded_by=actor,
                note=note.strip(),
            )
    except IntegrityError:
        raise ValidationError({"starts_on": _("This placement is already recorded.")}) from None
    audit.record(actor=actor, action="placement.create", obj=placement, person_id=person.pk)
    if vacancy is not None and vacancy.placements.count() >= vacancy.openings:
        vacancy.status = VacancyStatus.FILLED
        vacancy.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, action="vacancy.update", obj=vacancy, changed_fields=["status"])
    return placement


def _check_can_write(actor, placement: Placement) -> None:
    people_selectors.person_get(actor=actor, person_id=placement.person_id)
    check_writer(actor)
    if not Placement.objects.filter(access.placements_recordable_by(actor), pk=placement.pk).exists():
        raise PermissionDenied(
            _("Only the employer's staff, the recording partner or national staff may change this placement.")
        )


@transaction.atomic
def placement_update(*, actor, placement: Placement, **changes) -> Placement:
    """Correct a placement or record that the job ended; fields not given stay as they are."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise TypeError(f"placement_update cannot change {', '.join(sorted(unknown))}")
    _check_can_write(actor, placement)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    errors: dict[str, str] = {}
    values = {name: changes.get(name, getattr(placement, name)) for name in CORRECTABLE}
    if not (values["job_title"] or "").strip():
        errors["job_title"] = _("Give the job title.")
    values["isco_code"] = check_isco(values["isco_code"], errors, required=False)
    values["country"], values["province"] = place_of_work(
        country=values["country"], province=values["province"], employer=placement.employer, errors=errors
    )
    values["currency"] = wage_currency(values["wage_monthly"], values["currency"], values["country"], errors)
    _check_dates(placement.starts_on, values["ends_on"], errors)
    errors.pop("starts_on", None)  # the start date is not being changed here
    if errors:
        raise ValidationError(errors)
    values["job_title"] = values["job_title"].strip()
    values["note"] = (values["note"] or "").strip()
    audit.save_changes(
        actor=actor,
        action="placement.update",
        instance=placement,
        values=values,
        person_id=placement.person_id,
    )
    return placement


def _follow_up_errors(
    placement: Placement,
    checkpoint: int,
    checked_on: datetime.date | None,
    still_employed: bool | None,
    current_wage: int | None,
) -> dict[str, str]:
    """What recording and correcting a follow-up both refuse: a date before the checkpoint is due or in the
    future, a negative wage, a wage for someone not reached."""
    errors: dict[str, str] = {}
    due = placement.due_on(checkpoint)
    if checked_on is None:
        errors["checked_on"] = _("Give the date of the follow-up.")
    elif checked_on < due:
        errors["checked_on"] = _(
            "The %(n)d-month follow-up is due on %(due)s (%(n)d months after the start on %(start)s); "
            "record it from that day."
        ) % {"n": checkpoint, "due": due.isoformat(), "start": placement.starts_on.isoformat()}
    elif checked_on > timezone.localdate():
        errors["checked_on"] = _("The date is in the future.")
    if current_wage is not None and current_wage < 0:
        errors["current_wage"] = _("A wage cannot be negative.")
    elif current_wage is not None and still_employed is None:
        errors["current_wage"] = _("The person could not be reached: leave the wage empty.")
    return errors


@transaction.atomic
def follow_up_record(
    *,
    actor,
    placement: Placement,
    checkpoint: int,
    checked_on: datetime.date,
    still_employed: bool | None,
    current_wage: int | None = None,
    note: str = "",
) -> RetentionFollowUp:
    """Record whether the person still works at the 3- or 6-month checkpoint (once per checkpoint).

    `still_employed=None`: the person could not be reached. That closes the checkpoint (it leaves the list of
    follow-ups due) without saying anything about the job; the note says how they were sought."""
    _check_can_write(actor, placement)
    if checkpoint not in Checkpoint.values:
        raise ValidationError({"checkpoint": _("Follow-ups are at 3 or 6 months.")})
    errors = _follow_up_errors(placement, checkpoint, checked_on, still_employed, current_wage)
    if placement.follow_ups.filter(checkpoint=checkpoint).exists():
        errors["checkpoint"] = _("The %(n)d-month follow-up is already recorded.") % {"n": checkpoint}
    if errors:
        raise ValidationError(errors)
    follow_up = RetentionFollowUp.objects.create(
        placement=placement,
        checkpoint=checkpoint,
        checked_on=checked_on,
        still_employed=still_employed,
        current_wage=current_wage,
        note=note.strip(),
        recorded_by=actor,
    )
    audit.record(actor=actor, action="follow_up.record", obj=follow_up, person_id=placement.person_id)
    return follow_up


FOLLOW_UP_CORRECTABLE = ("checked_on", "still_employed", "current_wage", "note")


@transaction.atomic
def follow_up_update(*, actor, follow_up: RetentionFollowUp, **changes) -> RetentionFollowUp:
    """Correct a recorded follow-up (its date, answer, wage or note; not its checkpoint): fields not given
    stay as they are, and the same rules as recording it hold. A wage left from an answer now "not reached"
    must be cleared in the same change."""
    unknown = set(changes) - set(FOLLOW_UP_CORRECTABLE)
    if unknown:
        raise TypeError(f"follow_up_update cannot change {', '.join(sorted(unknown))}")
    placement = follow_up.placement
    _check_can_write(actor, placement)
    follow_up = RetentionFollowUp.objects.select_for_update().get(pk=follow_up.pk)
    values = {name: changes.get(name, getattr(follow_up, name)) for name in FOLLOW_UP_CORRECTABLE}
    errors = _follow_up_errors(
        placement,
        follow_up.checkpoint,
        values["checked_on"],
        values["still_employed"],
        values["current_wage"],
    )
    if errors:
        raise ValidationError(errors)
    values["note"] = (values["note"] or "").strip()
    audit.save_changes(
        actor=actor,
        action="follow_up.update",
        instance=follow_up,
        values=values,
        person_id=placement.person_id,
    )
    return follow_up
