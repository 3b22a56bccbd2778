"""Who may change how results leave the system."""

from pathways.accounts.models import Role

# M&E officers own the indicator definitions, and with them where the figures go in DHIS2; administrators
# set up the DHIS2 instance itself (its address and account, in the admin).
DHIS2_ROLES = frozenset({Role.ME_OFFICER, Role.ADMIN})


def may_manage_dhis2(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and getattr(actor, "role", None) in DHIS2_ROLES
