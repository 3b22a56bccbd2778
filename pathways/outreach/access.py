"""Who may see and record outreach: the one place that turns an actor's scope into outreach filters.

- An information session is not personal data (where, when, what about, how many): every role that works with
  people's records sees every session, as every vacancy.
- Who attended is part of each person's record: an attendee is listed only to those who may see the person
  (people.scopes), as on the timeline.
- Recording a session or its attendance: national roles for any organisation, partner staff (outreach workers
  at a Migration Resource Centre, a mass organisation, a school) for the organisations they work for. Case
  workers and donors do not.
"""

from django.db.models import Q

from pathways.accounts.scopes import is_national, scope_of
from pathways.partners.models import Organisation
from pathways.partners.selectors import organisations_of
from pathways.people.models import Person
from pathways.people.scopes import NOTHING, visible_to


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
    return Q(person__in=Person.objects.filter(visible_to(actor)).values("pk"))


def recording_organisations(actor):
    """The organisations this actor may record sessions for (all active ones for national roles)."""
    if not scope_of(actor).can_record_outreach:
        return Organisation.objects.none()
    return organisations_of(actor)
