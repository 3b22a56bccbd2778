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
