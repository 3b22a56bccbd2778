"""What each form's submission becomes: the same services the pages, the API and the imports call, in one
transaction per submission (all of it or nothing), as the user who filled it.

A person named by a submission is the registered one its registry ID gives, or is registered — after the same
on-entry duplicate check as the registration page: likely matches hold the submission until a reviewer decides
"the same as this record" or "a new person" (`Context.decisions`, keyed by where the person is in the
form)."""

import datetime
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.identity.entry import entry_candidates, matching_keys_lock
from pathways.jobs import selectors as jobs_selectors
from pathways.jobs import services as jobs_services
from pathways.outreach import services as outreach_services
from pathways.partners.models import Organisation
from pathways.people import selectors as people_selectors
from pathways.people import services as people_services
from pathways.people.models import ConsentMethod, ConsentPurpose, MigrantStatus, Person
from pathways.people.services import DocumentInput, PersonInput
from pathways.places.models import Country, District, Province, Village
from pathways.returns import services as returns_services
from pathways.training import selectors as training_selectors
from pathways.training import services as training_services
from pathways.training.models import AttendanceStatus, EnrolmentStatus


class Held(Exception):
    """Likely duplicates need a reviewer's decision: {where in the form: [candidate person ids]}."""

    def __init__(self, candidates: dict[str, list[str]]):
        super().__init__(candidates)
        self.candidates = candidates


@dataclass
class Context:
    actor: object
    form_label: str  # "pw_person v3": the privacy notice's version is the form's
    decisions: dict[str, str] = field(default_factory=dict)
    candidates: dict[str, list[str]] = field(default_factory=dict)
    records: dict = field(default_factory=dict)
    person: Person | None = None  # the first person the submission is about


# Where the services name a field differently from the form's question.
SERVICE_TO_QUESTION = {
    "phones": "phone",
    "documents": "document_number",
    "checkpoint": "follow_up",
    "still_employed": "answer",
    "marks": "present",
    "person": "registry_id",
}


def question_of(service_key: str) -> str:
    parts = service_key.split(".")
    if len(parts) >= 3 and parts[1].isdigit() and parts[0] in ("referral", "attendee"):
        return service_key  # already named inside its repetition
    return SERVICE_TO_QUESTION.get(parts[0], parts[0])


@contextmanager
def within(prefix: str) -> Iterator[None]:
    """Errors raised inside name questions of one repetition (`referral.2.`)."""
    try:
        yield
    except ValidationError as error:
        raise ValidationError(
            {f"{prefix}{question_of(k)}": v for k, v in getattr(error, "error_dict", {"": error}).items()}
        ) from None


# Reading answers: a malformed answer is refused naming its question, as a service would.


def text(values: dict, name: str) -> str:
    return (values.get(name) or "").strip()


def date_of(values: dict, name: str, *, required: bool = False) -> datetime.date | None:
    raw = text(values, name)
    if not raw:
        if required:
            raise ValidationError({name: _("Give the date.")})
        return None
    try:
        return datetime.date.fromisoformat(raw[:10])
    except ValueError:
        raise ValidationError({name: _("Give a date as YYYY-MM-DD.")}) from None


def number_of(values: dict, name: str) -> int | None:
    raw = text(values, name)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationError({name: _("Give a whole number.")}) from None


def _pick(model, values: dict, name: str, **filters):
    raw = text(values, name)
    if not raw:
        return None
    try:
        return model.objects.get(pk=raw, **filters)
    except (model.DoesNotExist, ValueError, ValidationError):
        raise ValidationError(
            {name: _("%(value)s is not one of this form's choices.") % {"value": raw}}
        ) from None


def organisation_of(values: dict, name: str) -> Organisation | None:
    return _pick(Organisation, values, name)


def person_input(values: dict, *, migrant_status: str) -> PersonInput:
    """The answers about a person as people.services reads them (the registration page's input)."""
    village = ""
    if text(values, "home_village") == "other":
        village = text(values, "home_village_other")
    elif text(values, "home_village"):
        village = (
            Village.objects.filter(pk=number_of(values, "home_village") or 0)
            .values_list("name_local", flat=True)
            .first()
            or ""
        )
    birth_date = date_of(values, "birth_date")
    documents = []
    if text(values, "document_kind") and text(values, "document_number"):
        kind = text(values, "document_kind")
        documents.append(
            DocumentInput(kind, text(values, "document_number"), "TH" if kind == "pink_card" else "LA")
        )
    return PersonInput(
        given_name_lo=text(values, "given_name_lo"),
        family_name_lo=text(values, "family_name_lo"),
        given_name_latin=text(values, "given_name_latin"),
        family_name_latin=text(values, "family_name_latin"),
        sex=text(values, "sex"),
        birth_date=birth_date,
        birth_year=None if birth_date else number_of(values, "birth_year"),
        migrant_status=text(values, "migrant_status") or migrant_status,
        home_province=text(values, "home_province"),
        home_district=text(values, "home_district"),
        home_village=village,
        phones=[text(values, "phone")] if text(values, "phone") else [],
        documents=documents,
    )


def _registered(ctx: Context, person_id: str, question: str) -> Person:
    merged_into = people_selectors.merged_into_id(person_id)
    if merged_into:
        raise ValidationError(
            {
                question: _("This record was merged into another one (registry ID %(id)s).")
                % {"id": merged_into}
            }
        )
    try:
        return people_selectors.person_get(actor=ctx.actor, person_id=person_id)
    except Http404:
        raise ValidationError(
            {question: _("No one with registry ID %(id)s is in your scope.") % {"id": person_id}}
        ) from None


def person_from(ctx: Context, values: dict, *, key: str, migrant_status: str) -> Person | None:
    """The person the answers name: by registry ID, by a reviewer's decision, or registered now. None when
    likely duplicates were found: the submission will be held (Held) once the rest is checked."""
    prefix = f"{key}." if key else ""
    if text(values, "registry_id"):
        person = _registered(ctx, text(values, "registry_id"), f"{prefix}registry_id")
    else:
        data = person_input(values, migrant_status=migrant_status)
        with within(prefix):
            # Checked as registering would, before any look-up: a duplicate check on a bad record is no help.
            people_services.person_prepare(data, countries=people_services.person_reference())
        decision = ctx.decisions.get(key or "person", "")
        if decision and decision != "new":
            person = _registered(ctx, decision, f"{prefix}registry_id")
        else:
            # Two phones sending the same person at once: one registers, the other's check then finds it.
            matching_keys_lock(data)
            if not decision:
                found = entry_candidates(actor=ctx.actor, data=data)
                if found:
                    ctx.candidates[key or "person"] = [str(c.person.pk) for c in found]
                    return None
            with within(prefix):
                person = people_services.person_create(actor=ctx.actor, data=data)
                people_services.consent_record(
                    actor=ctx.actor,
                    person=person,
                    given_on=date_of(values, "today") or timezone.localdate(),
                    purposes=[ConsentPurpose.REGISTRATION],
                    notice_version=ctx.form_label,
                    notice_language=text(values, "notice_language") or "lo",
                    method=ConsentMethod.VERBAL,
                )
            ctx.records.setdefault("people_registered", []).append(str(person.pk))
    if ctx.person is None:
        ctx.person = person
    return person


def register_person(ctx: Context, values: dict) -> None:
    person = person_from(ctx, values, key="", migrant_status="")
    if person is not None:
        ctx.records["person"] = str(person.pk)


def returnee_intake(ctx: Context, values: dict) -> None:
    """Person, return with its needs assessment, and referrals. Written against people.services and
    returns.services directly; when the imports' one-row returnee intake service lands, this calls it."""
    person = person_from(ctx, values, key="", migrant_status=MigrantStatus.RETURNEE)
    organisation = organisation_of(values, "organisation")
    if organisation is None:
        raise ValidationError({"organisation": _("Choose the organisation recording the return.")})
    if person is None:
        return
    country = _pick(Country, values, "from_country")
    record = returns_services.return_record(
        actor=ctx.actor,
        person_id=person.pk,
        organisation=organisation,
        returned_on=date_of(values, "returned_on", required=True),
        from_country=country,
        reason=text(values, "reason"),
        border_point=text(values, "border_point"),
        quarantine_centre=organisation_of(values, "quarantine_centre"),
        screening=text(values, "screening") or "not_screened",
        savings_lak=number_of(values, "savings_lak"),
        debt_lak=number_of(values, "debt_lak"),
        skills_gained=text(values, "skills_gained"),
        needs=text(values, "needs").split(),
    )
    ctx.records["person"], ctx.records["return"] = str(person.pk), str(record.pk)
    for n, referral in enumerate(values.get("referral", []), start=1):
        with within(f"referral.{n}."):
            made = returns_services.referral_make(
                actor=ctx.actor,
                person_id=person.pk,
                organisation=organisation,
                service=text(referral, "service"),
                referred_to=organisation_of(referral, "referred_to"),
                referred_on=date_of(referral, "referred_on", required=True),
                after_return=record,
            )
        ctx.records.setdefault("referrals", []).append(str(made.pk))


def session_attendance(ctx: Context, values: dict) -> None:
    """The information session, then each named attendee (registered if new) on its attendance."""
    organisation = organisation_of(values, "organisation")
    if organisation is None:
        raise ValidationError({"organisation": _("Choose the organisation that ran the session.")})
    session = outreach_services.session_create(
        actor=ctx.actor,
        organisation=organisation,
        held_on=date_of(values, "held_on", required=True),  # type: ignore[arg-type]
        topic=text(values, "topic"),
        province=_pick(Province, values, "province"),  # type: ignore[arg-type]
        district=District.objects.filter(code=text(values, "district")).first()
        if text(values, "district")
        else None,
        venue=text(values, "venue"),
        women_not_named=number_of(values, "women_not_named") or 0,
        men_not_named=number_of(values, "men_not_named") or 0,
    )
    ctx.records["session"] = str(session.pk)
    for n, attendee in enumerate(values.get("attendee", []), start=1):
        key = f"attendee.{n}"
        person = person_from(ctx, attendee, key=key, migrant_status=MigrantStatus.PROSPECTIVE)
        if person is None:
            continue
        with within(f"{key}."):
            outreach_services.attendance_add(
                actor=ctx.actor,
                session=session,
                person_id=person.pk,
                pre_test=number_of(attendee, "pre_test"),
                post_test=number_of(attendee, "post_test"),
            )


def cohort_attendance(ctx: Context, values: dict) -> None:
    """The whole day of the cohort: ticked present or excused, everyone else still in the cohort absent."""
    try:
        cohort = training_selectors.cohort_get(actor=ctx.actor, cohort_id=text(values, "cohort"))
    except Http404:
        raise ValidationError({"cohort": _("This cohort is not one you may take attendance for.")}) from None
    day = date_of(values, "day", required=True)
    present, excused = set(text(values, "present").split()), set(text(values, "excused").split())
    marks: dict[str, str] = {}
    for enrolment in training_selectors.enrolment_list(actor=ctx.actor, cohort=cohort):
        key = str(enrolment.pk)
        gone = (
            enrolment.status == EnrolmentStatus.DROPPED_OUT
            and enrolment.dropped_out_on
            and day > enrolment.dropped_out_on  # type: ignore[operator]
        )  # type: ignore[operator]
        if key in present:
            marks[key] = AttendanceStatus.PRESENT
        elif key in excused:
            marks[key] = AttendanceStatus.EXCUSED
        elif not gone:
            marks[key] = AttendanceStatus.ABSENT
    for key in (present | excused) - set(marks):
        marks[key] = AttendanceStatus.PRESENT  # not a participant: the service refuses it by name
    training_services.attendance_day_save(actor=ctx.actor, cohort=cohort, day=day, marks=marks)  # type: ignore[arg-type]
    ctx.records["cohort"], ctx.records["day"] = str(cohort.pk), day.isoformat()  # type: ignore[union-attr]


ANSWER_TO_EMPLOYED = {"still_working": True, "no_longer": False, "not_reached": None}


def follow_up(ctx: Context, values: dict) -> None:
    placement_id, _sep, checkpoint = text(values, "follow_up").rpartition("_")
    try:
        placement = jobs_selectors.placement_get(actor=ctx.actor, placement_id=uuid.UUID(placement_id))
    except (Http404, ValueError):
        raise ValidationError({"follow_up": _("This follow-up is not one you may record.")}) from None
    answer = text(values, "answer")
    if answer not in ANSWER_TO_EMPLOYED:
        raise ValidationError({"answer": _("Choose the answer.")})
    made = jobs_services.follow_up_record(
        actor=ctx.actor,
        placement=placement,
        checkpoint=int(checkpoint) if checkpoint.isdigit() else 0,
        checked_on=date_of(values, "checked_on", required=True),  # type: ignore[arg-type]
        still_employed=ANSWER_TO_EMPLOYED[answer],
        current_wage=number_of(values, "current_wage") if answer == "still_working" else None,
        note=text(values, "note"),
    )
    ctx.person = placement.person
    ctx.records["follow_up"] = str(made.pk)


HANDLERS: dict[str, Callable[[Context, dict], None]] = {
    "pw_person": register_person,
    "pw_returnee_intake": returnee_intake,
    "pw_session_attendance": session_attendance,
    "pw_cohort_attendance": cohort_attendance,
    "pw_follow_up": follow_up,
}


def run(ctx: Context, form_id: str, values: dict) -> None:
    """Run the form's handler; raise ValidationError (keys are questions), PermissionDenied, or Held."""
    try:
        HANDLERS[form_id](ctx, values)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError({question_of(k): v for k, v in error.error_dict.items()}) from None
        raise
    except Http404 as error:
        raise PermissionDenied(
            str(error) or _("A record this submission names is not in your scope.")
        ) from None
    if ctx.candidates:
        raise Held(ctx.candidates)
