"""Every write to protection cases: atomic, audited, refusing bad input with errors that name the field.

The audit events of a case carry no person ID: the person's audit trail is read by national staff, who must
not learn from it that a case exists. The case's own log (selectors.case_log) shows them to those who see it.
"""

import datetime
from collections.abc import Iterable
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.accounts.models import User
from pathways.core import audit
from pathways.partners.models import Organisation
from pathways.people import selectors as people_selectors
from pathways.protection import access, selectors
from pathways.protection.models import (
    CaseKind,
    CaseNote,
    CaseStatus,
    ClosureReason,
    ProtectionCase,
    RiskLevel,
)
from pathways.results.models import Project

# What correcting a case may change; who manages it, whose it is and when it opened stay.
EDITABLE = ("kind", "risk", "summary", "funding_project")
MAX_SUMMARY = 4_000
MAX_NOTE = 10_000


def _locked(actor, case: ProtectionCase) -> ProtectionCase:
    """The case, locked for the change, if the actor is assigned to it or supervises it; else the same 404 as
    a case that does not exist."""
    access.require_case_worker(actor)
    return selectors.case_get(actor=actor, case_id=case.pk, for_update=True)


def _checked(values: dict, errors: dict[str, str]) -> dict:
    """The case's own fields as opening and correcting both check them, tidied."""
    if values["kind"] not in CaseKind.values:
        errors["kind"] = _("Choose the kind of case.")
    if values["risk"] not in RiskLevel.values:
        errors["risk"] = _("Choose the level of risk.")
    values["summary"] = (values["summary"] or "").strip()
    if len(values["summary"]) > MAX_SUMMARY:
        errors["summary"] = _("Keep the summary under %(n)s characters; add the rest as notes.") % {
            "n": f"{MAX_SUMMARY:,}"
        }
    return values


def _date_errors(field: str, day: datetime.date | None, *, not_before: datetime.date | None = None) -> dict:
    if day is None:
        return {field: _("Give the date.")}
    if day > timezone.localdate():
        return {field: _("The date is in the future.")}
    if not_before is not None and day < not_before:
        return {
            field: _("The date is before the case was opened (%(date)s).")
            % {"date": f"{not_before:%Y-%m-%d}"}
        }
    return {}


def _open_clash(actor, person_id, kind: str, *, exclude=None) -> ProtectionCase | None:
    """An open case of the same kind for the same person that the actor already sees (a colleague's case
    stays unknown to them, so it is not named and not a refusal)."""
    qs = ProtectionCase.objects.filter(access.cases_visible_to(actor)).filter(
        person_id=person_id, kind=kind, status=CaseStatus.OPEN
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.first()


def _clash_error(case: ProtectionCase, name: str) -> str:
    return _("%(name)s already has an open case of this kind (opened %(date)s): add notes to it instead.") % {
        "name": name,
        "date": f"{case.opened_on:%Y-%m-%d}",
    }


def _team_errors(
    organisation: Organisation, supervisor: User | None, case_workers: Iterable[User]
) -> dict[str, str]:
    eligible = access.case_workers_of([organisation])
    errors = {}
    if supervisor is None:
        errors["supervisor"] = _("Choose the case's supervisor.")
    elif not eligible.filter(pk=supervisor.pk).exists():
        errors["supervisor"] = _("%(user)s is not an active case worker of %(organisation)s.") % {
            "user": supervisor.username,
            "organisation": organisation,
        }
    outside = sorted(u.username for u in case_workers if not eligible.filter(pk=u.pk).exists())
    if outside:
        errors["case_workers"] = _("Not active case workers of %(organisation)s: %(users)s.") % {
            "organisation": organisation,
            "users": ", ".join(outside),
        }
    return errors


@transaction.atomic
def case_open(
    *,
    actor,
    person_id: UUID | str,
    organisation: Organisation,
    kind: str,
    risk: str,
    opened_on: datetime.date,
    supervisor: User | None,
    case_workers: Iterable[User] = (),
    summary: str = "",
    funding_project: Project | None = None,
) -> ProtectionCase:
    """Open a protection case for a registered person; the case worker who opens it is assigned to it."""
    access.require_case_worker(actor)
    if not access.opening_organisations(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("You may open cases only for an organisation you work for."))
    merged_into = people_selectors.merged_into_id(person_id)
    if merged_into:
        raise ValidationError(
            {
                "person": _(
                    "This record was merged into another one (registry ID %(id)s); open the case there."
                )
                % {"id": merged_into}
            }
        )
    person = people_selectors.person_get(actor=actor, person_id=person_id)  # 404 outside the actor's scope
    team = {u.pk: u for u in [actor, *case_workers]}
    errors = _date_errors("opened_on", opened_on)
    errors |= _team_errors(organisation, supervisor, team.values())
    if supervisor is not None and supervisor.pk == actor.pk:
        errors["supervisor"] = _("A case is supervised by someone other than the case worker who opens it.")
    values = _checked({"kind": kind, "risk": risk, "summary": summary}, errors)
    already = _open_clash(actor, person.pk, kind)
    if already is not None:
        errors["kind"] = _clash_error(already, person.display_name)
    if errors:
        raise ValidationError(errors)
    assert supervisor is not None  # checked in _team_errors
    case = ProtectionCase.objects.create(
        person=person,
        organisation=organisation,
        opened_on=opened_on,
        supervisor=supervisor,
        funding_project=funding_project,
        created_by=actor,
        **values,
    )
    case.case_workers.set(team.values())
    audit.record(actor=actor, action="protection_case.open", obj=case)
    return case


@transaction.atomic
def case_update(*, actor, case: ProtectionCase, **changes) -> ProtectionCase:
    """Correct a case's kind, risk, summary or funding project; fields not given stay as they are."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"case_update cannot change {', '.join(sorted(unknown))}")
    case = _locked(actor, case)
    errors: dict[str, str] = {}
    values = _checked({name: changes.get(name, getattr(case, name)) for name in EDITABLE}, errors)
    if case.status == CaseStatus.OPEN and values["kind"] != case.kind:
        already = _open_clash(actor, case.person_id, values["kind"], exclude=case)
        if already is not None:
            errors["kind"] = _clash_error(already, case.person.display_name)
    if errors:
        raise ValidationError(errors)
    audit.save_changes(actor=actor, action="protection_case.update", instance=case, values=values)
    return case


@transaction.atomic
def case_assign(
    *, actor, case: ProtectionCase, supervisor: User | None, case_workers: Iterable[User]
) -> ProtectionCase:
    """Change who supervises and who works on a case: the supervisor's decision (its case workers' when the
    supervisor has gone: access.may_reassign)."""
    case = _locked(actor, case)
    if not access.may_reassign(actor, case):
        raise PermissionDenied(_("Only the case's supervisor may change who works on it."))
    workers = {u.pk: u for u in case_workers}
    errors = _team_errors(case.organisation, supervisor, workers.values())
    if not workers:
        errors["case_workers"] = _("Assign at least one case worker.")
    if errors:
        raise ValidationError(errors)
    changed = []
    if case.supervisor_id != supervisor.pk:  # type: ignore[union-attr]
        case.supervisor = supervisor  # type: ignore[assignment]
        case.save(update_fields=["supervisor", "updated_at"])
        changed.append("supervisor")
    if set(case.case_workers.values_list("pk", flat=True)) != set(workers):
        case.case_workers.set(workers.values())
        changed.append("case_workers")
    if changed:
        audit.record(actor=actor, action="protection_case.assign", obj=case, changed_fields=changed)
    return case


@transaction.atomic
def case_close(
    *, actor, case: ProtectionCase, closed_on: datetime.date, closure_reason: str, note: str = ""
) -> ProtectionCase:
    """Close a case on a date, for a reason; a note, if given, says what happened last."""
    case = _locked(actor, case)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(
            {"status": _("The case was already closed on %(date)s.") % {"date": f"{case.closed_on:%Y-%m-%d}"}}
        )
    errors = _date_errors("closed_on", closed_on, not_before=case.opened_on)
    if closure_reason not in ClosureReason.values:
        errors["closure_reason"] = _("Choose why the case is closed.")
    if errors:
        raise ValidationError(errors)
    if note.strip():
        _note_create(actor, case, written_on=closed_on, text=note)
    audit.save_changes(
        actor=actor,
        action="protection_case.close",
        instance=case,
        values={"status": CaseStatus.CLOSED, "closed_on": closed_on, "closure_reason": closure_reason},
    )
    return case


@transaction.atomic
def case_reopen(*, actor, case: ProtectionCase) -> ProtectionCase:
    """Open a closed case again (the person came back with the same need)."""
    case = _locked(actor, case)
    if case.status == CaseStatus.OPEN:
        raise ValidationError({"status": _("The case is open.")})
    already = _open_clash(actor, case.person_id, case.kind, exclude=case)
    if already is not None:
        raise ValidationError({"status": _clash_error(already, case.person.display_name)})
    audit.save_changes(
        actor=actor,
        action="protection_case.reopen",
        instance=case,
        values={"status": CaseStatus.OPEN, "closed_on": None, "closure_reason": ""},
    )
    return case


def _note_create(actor, case: ProtectionCase, *, written_on: datetime.date | None, text: str) -> CaseNote:
    errors = _date_errors("written_on", written_on, not_before=case.opened_on)
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Write the note.")
    elif len(text) > MAX_NOTE:
        errors["text"] = _("Keep a note under %(n)s characters.") % {"n": f"{MAX_NOTE:,}"}
    if errors:
        raise ValidationError(errors)
    assert written_on is not None  # checked in _date_errors
    note = CaseNote.objects.create(case=case, written_on=written_on, text=text, author=actor)
    # On the case, so that the case's log reads as one history.
    audit.record(actor=actor, action="protection_case.note", obj=case)
    return note


@transaction.atomic
def note_add(*, actor, case: ProtectionCase, written_on: datetime.date | None, text: str) -> CaseNote:
    """Record what was done or learned on a date: a contact, an assessment, a referral, a follow-up."""
    return _note_create(actor, _locked(actor, case), written_on=written_on, text=text)
