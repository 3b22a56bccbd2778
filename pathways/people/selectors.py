"""Every read of people goes through here, scoped to the actor."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404

from pathways.accounts.scopes import scope_of
from pathways.core.models import AuditEvent
from pathways.people import names
from pathways.people.models import Person
from pathways.people.scopes import visible_to


def person_list(
    *,
    actor,
    search: str = "",
    province: str = "",
    sex: str = "",
    migrant_status: str = "",
) -> QuerySet[Person]:
    """Return the people this actor may see, filtered, in Lao collation order of their names."""
    qs = Person.objects.filter(visible_to(actor)).select_related("home_province", "home_district")
    for token in names.fold(search).split():
        qs = qs.filter(search_text__contains=token)
    if province:
        qs = qs.filter(home_province_id=province)
    if sex:
        qs = qs.filter(sex=sex)
    if migrant_status:
        qs = qs.filter(migrant_status=migrant_status)
    return qs.order_by("name_sort_key", "id")


def merged_into_id(person_id: UUID | str) -> UUID | None:
    """Where a record was merged to, when it was: services refuse to write to a record merged away and say
    where it went (the ID alone; whether the actor may see the survivor is checked on it)."""
    try:
        return Person.objects.filter(pk=person_id).values_list("merged_into_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None


def person_get(*, actor, person_id: UUID | str) -> Person:
    """Return one person the actor may see; anyone else gets the same 404 as a person who does not exist."""
    try:
        return (
            Person.objects.filter(visible_to(actor))
            .select_related("home_province", "home_district", "home_village", "owner_organisation")
            .prefetch_related("aliases", "phones", "documents__issuing_country", "consents")
            .get(pk=person_id)
        )
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404("No such person.") from None


def person_audit(*, actor, person: Person) -> QuerySet[AuditEvent]:
    """Return the person's audit trail, or nothing for roles that may not read the audit log."""
    if not scope_of(actor).can_read_audit:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(person_id=person.pk).select_related("actor")


def person_counts(*, actor) -> dict[str, dict[str, int]]:
    """Count the people the actor may see by migrant status and by sex, for the dashboard."""
    qs = Person.objects.filter(visible_to(actor))
    by_status = dict(qs.values_list("migrant_status").annotate(n=Count("id")).order_by())
    by_sex = dict(qs.values_list("sex").annotate(n=Count("id")).order_by())
    return {"status": by_status, "sex": by_sex, "total": {"all": sum(by_sex.values())}}
