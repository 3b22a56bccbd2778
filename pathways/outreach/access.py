"""Who may see and record outreach: the one place that turns an actor's scope into outreach filters.

- An information session is not personal data (where, when, what about, how many): every role that works with
  people's records sees every session, as every vacancy.
- Who attended is part of each person's record: an attendee is listed only to those who may see the person
  (people.scopes), as on the timeline.
- Recording a session or its attendance: national roles for any organisation, partner staff (outreach workers
  at a Migration Resource Centre, a mass organisation, a school) for the organisations they work for. Case
  workers and donors do not.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from pathways.accounts.scopes import is_national, scope_of
from pathways.partners.models import Organisation
from pathways.partners.selectors import organisations_of
from pathways.people.scopes import NOTHING, about_visible_people


def sessions_visible_to(actor) -> Q:
    """Filter on InformationSession."""
    return Q() if scope_of(actor).sees_personal_data else NOTHING


def sessions_managed_by(actor) -> Q:
    """Filter on InformationSession: the ones whose details and attendance this actor may record."""
    scope = scope_of(actor)
    if not scope.can_record_outreach:
        return NOTHING
    if is_national(actor):
        return Q()
    # As recording_organisations: staff of an organisation no longer active record nothing for it.
    return Q(organisation_id__in=scope.organisation_ids, organisation__is_active=True)


def attendances_visible_to(actor) -> Q:
    """Filter on SessionAttendance: attendees the actor may see."""
    return about_visible_people(actor)


def recording_organisations(actor):
    """The organisations this actor may record sessions for (all active ones for national roles)."""
    if not scope_of(actor).can_record_outreach:
        return Organisation.objects.none()
    return organisations_of(actor)


def require_recorder(actor) -> None:
    if not recording_organisations(actor).exists():
        raise PermissionDenied(_("Your role may not record information sessions."))


def require_session_manager(actor, session) -> None:
    require_recorder(actor)
    if not type(session).objects.filter(sessions_managed_by(actor), pk=session.pk).exists():
        raise PermissionDenied(
            _("Only staff of the organisation that ran the session, or national staff, may change it.")
        )
