"""Every write to information sessions and their attendance: atomic, audited, refusing bad input with errors
that name the field."""

import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.core import audit
from pathways.outreach import access
from pathways.outreach.models import InformationSession, SessionAttendance, Topic
from pathways.partners.models import Organisation
from pathways.people import selectors as people_selectors
from pathways.places.models import District, Province
from pathways.results.models import Project

# What recording a session gives and correcting it may change; who ran it stays.
EDITABLE = (
    "held_on",
    "topic",
    "province",
    "district",
    "venue",
    "women_not_named",
    "men_not_named",
    "funding_project",
    "note",
)


# A head count above this is a typing mistake, not a session (the largest village campaigns gather hundreds).
MAX_HEAD_COUNT = 100_000


_check_recorder = access.require_recorder
_check_manager = access.require_session_manager


def _checked(values: dict, errors: dict[str, str]) -> dict:
    """The session's own fields as recording and correcting both check them, tidied."""
    if values["held_on"] is None:
        errors["held_on"] = _("Give the date of the session.")
    elif values["held_on"] > timezone.localdate():
        errors["held_on"] = _("The date is in the future.")
    if values["topic"] not in Topic.values:
        errors["topic"] = _("Choose a topic.")
    province: Province | None = values["province"]
    district: District | None = values["district"]
    if province is None:
        errors["province"] = _("Choose the province where the session was held.")
    elif district is not None and district.province_id != province.pk:
        errors["district"] = _("%(district)s is not in %(province)s.") % {
            "district": district,
            "province": province,
        }
    for field in ("women_not_named", "men_not_named"):
        if values[field] is None:
            values[field] = 0
        elif values[field] < 0:
            errors[field] = _("A head count cannot be negative.")
        elif values[field] > MAX_HEAD_COUNT:
            errors[field] = _("More than %(n)s people at one session: check the number.") % {
                "n": f"{MAX_HEAD_COUNT:,}"
            }
    values["venue"] = (values["venue"] or "").strip()
    if len(values["venue"]) > 200:
        errors["venue"] = _("Keep the village or venue under 200 characters.")
    values["note"] = (values["note"] or "").strip()
    return values


@transaction.atomic
def session_create(
    *,
    actor,
    organisation: Organisation,
    held_on: datetime.date,
    topic: str,
    province: Province,
    district: District | None = None,
    venue: str = "",
    women_not_named: int = 0,
    men_not_named: int = 0,
    funding_project: Project | None = None,
    note: str = "",
) -> InformationSession:
    """Record an information session run by `organisation`; attendees are added by name afterwards, those
    whose names were not taken are the head counts by sex."""
    _check_recorder(actor)
    if not access.recording_organisations(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("You may record sessions only for an organisation you work for."))
    errors: dict[str, str] = {}
    values = _checked(
        {
            "held_on": held_on,
            "topic": topic,
            "province": province,
            "district": district,
            "venue": venue,
            "women_not_named": women_not_named,
            "men_not_named": men_not_named,
            "funding_project": funding_project,
            "note": note,
        },
        errors,
    )
    if errors:
        raise ValidationError(errors)
    session = InformationSession.objects.create(organisation=organisation, created_by=actor, **values)
    audit.record(actor=actor, action="information_session.create", obj=session)
    return session


@transaction.atomic
def session_update(*, actor, session: InformationSession, **changes) -> InformationSession:
    """Correct a session (date, topic, place, head counts, project, note); fields not given stay as they
    are."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"session_update cannot change {', '.join(sorted(unknown))}")
    _check_manager(actor, session)
    session = InformationSession.objects.select_for_update().get(pk=session.pk)
    errors: dict[str, str] = {}
    values = _checked({name: changes.get(name, getattr(session, name)) for name in EDITABLE}, errors)
    if errors:
        raise ValidationError(errors)
    audit.save_changes(actor=actor, action="information_session.update", instance=session, values=values)
    return session


def _score_errors(pre_test: int | None, post_test: int | None) -> dict[str, str]:
    errors = {}
    for field, value in (("pre_test", pre_test), ("post_test", post_test)):
        if value is not None and not 0 <= value <= 100:
            errors[field] = _("A test score is a percentage, from 0 to 100.")
    return errors


@transaction.atomic
def attendance_add(
    *,
    actor,
    session: InformationSession,
    person_id: UUID | str,
    pre_test: int | None = None,
    post_test: int | None = None,
) -> SessionAttendance:
    """Record that a registered person attended the session (once), with their test scores if taken."""
    _check_manager(actor, session)
    merged_into = people_selectors.merged_into_id(person_id)
    if merged_into:
        raise ValidationError(
            {
                "person": _(
                    "This record was merged into another one (registry ID %(id)s); record the attendance "
                    "there."
                )
                % {"id": merged_into}
            }
        )
    person = people_selectors.person_get(actor=actor, person_id=person_id)  # 404 outside the actor's scope
    errors = _score_errors(pre_test, post_test)
    if session.attendances.filter(person=person).exists():
        errors["person"] = _("%(name)s is already on this session's attendance.") % {
            "name": person.display_name
        }
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            attendance = SessionAttendance.objects.create(
                session=session, person=person, pre_test=pre_test, post_test=post_test, recorded_by=actor
            )
    except IntegrityError:  # added at the same moment by someone else
        raise ValidationError(
            {"person": _("%(name)s is already on this session's attendance.") % {"name": person.display_name}}
        ) from None
    audit.record(actor=actor, action="session_attendance.create", obj=attendance, person_id=person.pk)
    return attendance


@transaction.atomic
def attendance_scores(
    *, actor, attendance: SessionAttendance, pre_test: int | None, post_test: int | None
) -> SessionAttendance:
    """Record or correct an attendee's test scores (empty: no test taken)."""
    _check_manager(actor, attendance.session)
    people_selectors.person_get(actor=actor, person_id=attendance.person_id)
    errors = _score_errors(pre_test, post_test)
    if errors:
        raise ValidationError(errors)
    audit.save_changes(
        actor=actor,
        action="session_attendance.update",
        instance=attendance,
        values={"pre_test": pre_test, "post_test": post_test},
        person_id=attendance.person_id,
    )
    return attendance


@transaction.atomic
def attendance_remove(*, actor, attendance: SessionAttendance) -> None:
    """Take a person off the attendance (recorded by mistake)."""
    _check_manager(actor, attendance.session)
    people_selectors.person_get(actor=actor, person_id=attendance.person_id)
    audit.record(
        actor=actor, action="session_attendance.delete", obj=attendance, person_id=attendance.person_id
    )
    attendance.delete()
