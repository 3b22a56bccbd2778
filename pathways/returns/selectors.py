"""Every read of returns and referrals goes through here, scoped to the actor (through the person)."""

from uuid import UUID

from django.db.models import Case, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from pathways.core.attention import Item
from pathways.partners.models import Organisation, OrganisationKind
from pathways.people.models import Person
from pathways.returns import access
from pathways.returns.models import Referral, ReferralStatus, Return


def return_list(*, actor, year: int | None = None, reason: str = "") -> QuerySet[Return]:
    """Returns of people the actor may see, newest first."""
    qs = Return.objects.filter(access.returns_visible_to(actor)).select_related(
        "person", "person__home_province", "from_country", "organisation", "quarantine_centre"
    )
    if year:
        qs = qs.filter(returned_on__year=year)
    if reason:
        qs = qs.filter(reason=reason)
    return qs


# Who a returnee is referred to for reintegration services: employers and recruitment agencies are reached
# through job placement (the jobs pages), donors and quarantine centres provide no service.
NOT_REFERRAL_TARGETS = [
    OrganisationKind.DONOR,
    OrganisationKind.EMPLOYER,
    OrganisationKind.RECRUITMENT_AGENCY,
    OrganisationKind.QUARANTINE_CENTRE,
]


def referral_targets(*, province_id: str | None) -> QuerySet[Organisation]:
    """Service providers in the person's home province first, then those working nationwide (no province);
    every one in the country when the province is not known."""
    qs = Organisation.objects.filter(is_active=True).exclude(kind__in=NOT_REFERRAL_TARGETS)
    if province_id:
        qs = qs.filter(Q(province_id=province_id) | Q(province__isnull=True)).order_by(
            Case(When(province_id=province_id, then=Value(0)), default=Value(1)), "name_en"
        )
    else:
        qs = qs.order_by("name_en")
    return qs


def return_get(*, actor, return_id: UUID | str) -> Return:
    """One return the actor may see; anyone else gets the same 404 as a return that does not exist."""
    try:
        return return_list(actor=actor).select_related("funding_project").get(pk=return_id)
    except (Return.DoesNotExist, ValueError, TypeError):
        raise Http404("No such return.") from None


def return_manageable(*, actor, record: Return) -> bool:
    return Return.objects.filter(access.returns_managed_by(actor), pk=record.pk).exists()


def referral_list(*, actor, status: str = "", person: Person | None = None) -> QuerySet[Referral]:
    """Referrals of people the actor may see, newest first."""
    qs = Referral.objects.filter(access.referrals_visible_to(actor)).select_related(
        "person", "person__home_province", "organisation", "referred_to"
    )
    if status in ReferralStatus.values:
        qs = qs.filter(status=status)
    if person is not None:
        qs = qs.filter(person=person)
    return qs


def referral_get(*, actor, referral_id: UUID | str) -> Referral:
    try:
        return referral_list(actor=actor).get(pk=referral_id)
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404("No such referral.") from None


def referrals_manageable(*, actor, referrals) -> set:
    """The ids, among `referrals`, whose outcome this actor may record."""
    ids = [r.pk for r in referrals]
    return set(
        Referral.objects.filter(access.referrals_managed_by(actor), pk__in=ids).values_list("pk", flat=True)
    )


def attention(*, actor) -> list[Item]:
    """For the dashboard: referrals awaiting an outcome that this actor may record."""
    waiting = referral_list(actor=actor, status=ReferralStatus.REFERRED).filter(
        access.referrals_managed_by(actor)
    )
    return [Item(_("Referrals awaiting an outcome"), waiting.count(), reverse("returns-referrals"))]
