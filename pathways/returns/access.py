"""Who may see and record returns and referrals: the one place that turns an actor into filters on them.

- A return and a referral are part of the person's record: seen by those who may see the person
  (people.scopes), as the timeline is.
- Recording: national roles for any organisation; partner staff (quarantine centres, border points, MRCs) and
  case workers for the organisations they work for (`Scope.can_record_returns`). Donors do not.
- Updating a referral's outcome: staff of the organisation that made it or that received it, national roles.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from pathways.accounts.scopes import is_national, scope_of
from pathways.partners.models import Organisation
from pathways.partners.selectors import organisations_of
from pathways.people.scopes import NOTHING, visible_people


def _people(actor):
    return visible_people(actor)


def returns_visible_to(actor) -> Q:
    """Filter on Return."""
    return Q(person__in=_people(actor))


def referrals_visible_to(actor) -> Q:
    """Filter on Referral."""
    return Q(person__in=_people(actor))


def recording_organisations(actor):
    """The organisations this actor may record returns and referrals for (all active ones for national
    roles)."""
    if not scope_of(actor).can_record_returns:
        return Organisation.objects.none()
    return organisations_of(actor)


def returns_managed_by(actor) -> Q:
    """Filter on Return: those whose details this actor may correct."""
    if not scope_of(actor).can_record_returns:
        return NOTHING
    if is_national(actor):
        return Q()
    return Q(organisation_id__in=scope_of(actor).organisation_ids, organisation__is_active=True)


def referrals_managed_by(actor) -> Q:
    """Filter on Referral: those whose outcome this actor may record (the referring or receiving side)."""
    if not scope_of(actor).can_record_returns:
        return NOTHING
    if is_national(actor):
        return Q()
    mine = scope_of(actor).organisation_ids
    return Q(organisation_id__in=mine) | Q(referred_to_id__in=mine)


def require_recorder(actor) -> None:
    if not recording_organisations(actor).exists():
        raise PermissionDenied(_("Your role may not record returns or referrals."))


def require_return_manager(actor, record) -> None:
    if not type(record).objects.filter(returns_managed_by(actor), pk=record.pk).exists():
        raise PermissionDenied(
            _("Only staff of the organisation that recorded the return, or national staff, may change it.")
        )
