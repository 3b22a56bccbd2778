"""Write a person's MatchProfile: called by the people services on every write and by the bulk seeder."""

from pathways.identity.keys import keys_for
from pathways.identity.models import MatchProfile
from pathways.people.models import Person


def profile_build(
    person: Person, *, aliases: list[str], phones: list[str], document_numbers: list[str]
) -> MatchProfile:
    """Return (unsaved) the profile of a person whose children are given, for bulk writers."""
    keys = keys_for(
        given_name_lo=person.given_name_lo,
        family_name_lo=person.family_name_lo,
        given_name_latin=person.given_name_latin,
        family_name_latin=person.family_name_latin,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        aliases=aliases,
        phones=phones,
        document_numbers=document_numbers,
    )
    return MatchProfile(person=person, **vars(keys))


def profile_refresh(person: Person) -> MatchProfile:
    """Recompute and store the profile from the person's current values and children."""
    profile = profile_build(
        person,
        aliases=list(person.aliases.values_list("value", flat=True)),
        phones=list(person.phones.values_list("number", flat=True)),
        document_numbers=list(person.documents.values_list("number", flat=True)),
    )
    profile.save()
    return profile


def profiles_rebuild(*, models=None, batch: int = 5000, only_missing: bool = False, progress=None) -> int:
    """Recompute every person's profile in batches (after a change to the key rules, or on first install).

    `models` lets a data migration pass its historical models; only plain values are read, so the function
    does not depend on the current shape of Person.
    """
    if models is None:
        from pathways.people.models import IdentityDocument, PersonAlias, Phone

        models = {
            "Person": Person,
            "MatchProfile": MatchProfile,
            "PersonAlias": PersonAlias,
            "Phone": Phone,
            "IdentityDocument": IdentityDocument,
        }
    person_model, profile_model = models["Person"], models["MatchProfile"]
    fields = ["pk", "given_name_lo", "family_name_lo", "given_name_latin", "family_name_latin"]
    fields += ["birth_date", "birth_year"]
    ids = person_model.objects.order_by("pk").values_list("pk", flat=True)
    if only_missing:
        ids = ids.filter(match_profile__isnull=True)
    ids = list(ids)
    done = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        children: dict = {pk: ([], [], []) for pk in chunk}
        for pk, value in (
            models["PersonAlias"].objects.filter(person_id__in=chunk).values_list("person_id", "value")
        ):
            children[pk][0].append(value)
        for pk, value in (
            models["Phone"].objects.filter(person_id__in=chunk).values_list("person_id", "number")
        ):
            children[pk][1].append(value)
        for pk, value in (
            models["IdentityDocument"].objects.filter(person_id__in=chunk).values_list("person_id", "number")
        ):
            children[pk][2].append(value)
        rows = []
        for pk, g_lo, f_lo, g_lat, f_lat, b_date, b_year in person_model.objects.filter(
            pk__in=chunk
        ).values_list(*fields):
            aliases, phones, documents = children[pk]
            keys = keys_for(
                given_name_lo=g_lo,
                family_name_lo=f_lo,
                given_name_latin=g_lat,
                family_name_latin=f_lat,
                birth_date=b_date,
                birth_year=b_year,
                aliases=aliases,
                phones=phones,
                document_numbers=documents,
            )
            rows.append(profile_model(person_id=pk, **vars(keys)))
        profile_model.objects.filter(person_id__in=chunk).delete()
        profile_model.objects.bulk_create(rows, batch_size=2000)
        done += len(rows)
        if progress:
            progress(done)
    return done
