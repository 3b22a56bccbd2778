"""What a user may see, computed once per request from their role, provinces and organisations.

Selectors turn this into query filters; nothing else decides visibility.
"""

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from pathways.accounts.models import Role, User

NATIONAL_ROLES = frozenset({Role.ADMIN, Role.PROGRAMME_OFFICER, Role.ME_OFFICER})


@dataclass(frozen=True)
class Scope:
    sees_personal_data: bool
    # National roles see every province unless they were given a province list.
    all_provinces: bool
    province_codes: frozenset[str]
    organisation_ids: frozenset[UUID]
    can_write_people: bool
    can_read_audit: bool
    can_delete_people: bool
    # Reviewing likely duplicates compares records across partners and provinces: national roles only.
    can_review_duplicates: bool
    # Placements and retention follow-ups are recorded by national roles and by partner staff for an
    # organisation they work for (the employer or the recording partner; see jobs/access.py).
    can_record_placements: bool = False
    # Information sessions and who attended them: national roles, partner staff for their organisations.
    can_record_outreach: bool = False
    # Protection cases are opened and handled by case workers only; each case is then seen only by those
    # assigned to it and its supervisor (protection/access.py), whatever else the role may see.
    handles_protection_cases: bool = False
    # Returns (border points, quarantine centres) and referrals to services: national roles, partner staff and
    # case workers, for the organisations they work for.
    can_record_returns: bool = False


def scope_of(user: User) -> Scope:
    """Return the user's scope, cached on the user object for the rest of the request."""
    cached = getattr(user, "_pathways_scope", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = Scope(False, False, frozenset(), frozenset(), False, False, False, False)
    else:
        province_codes = frozenset(user.provinces.values_list("code", flat=True))
        organisation_ids = frozenset(user.memberships.values_list("organisation_id", flat=True))
        national = user.role in NATIONAL_ROLES
        sees = user.role != Role.DONOR
        scope = Scope(
            sees_personal_data=sees,
            all_provinces=national and not province_codes,
            province_codes=province_codes,
            organisation_ids=organisation_ids,
            can_write_people=sees,
            can_read_audit=national,
            can_delete_people=user.role == Role.ADMIN,
            can_review_duplicates=national,
            can_record_placements=national or (user.role == Role.PARTNER_STAFF and bool(organisation_ids)),
            can_record_outreach=national or (user.role == Role.PARTNER_STAFF and bool(organisation_ids)),
            handles_protection_cases=user.role == Role.CASE_WORKER,
            can_record_returns=national
            or (user.role in (Role.PARTNER_STAFF, Role.CASE_WORKER) and bool(organisation_ids)),
        )
    user._pathways_scope = scope  # type: ignore[attr-defined]
    return scope


def is_national(actor) -> bool:
    """Programme and M&E officers and administrators: they record for any organisation."""
    return getattr(actor, "role", None) in NATIONAL_ROLES


def require_personal_data(user: User) -> None:
    """Refuse pages of people's records to roles that see aggregate figures only (donors)."""
    if not scope_of(user).sees_personal_data:
        raise PermissionDenied(_("Your role sees aggregate figures only, not people's records."))
