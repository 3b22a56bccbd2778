"""Which incoming people are likely already in the registry: the interface the dry run flags with.

    likely_matches(*, actor, people: list[PersonInput]) -> list[list[str]]

returns, for each incoming person, the ids of existing records that are probably the same person. This
default is deliberately simple and index-backed so it stays fast against a registry of millions: the same
phone number (E.164), or the same name key (people.names.sort_key of the name, i.e. the same spelling up to
Unicode normalisation) and the same birth year. Identity resolution replaces it with its on-entry matcher
by assigning `duplicates.matcher = its_function` (same signature) in its AppConfig.ready().
"""

import datetime
from collections.abc import Callable

from django.db.models import Q

from pathways.people import names
from pathways.people.models import Person, Phone
from pathways.people.services import PersonInput
from pathways.people.validation import phone_e164

CHUNK = 900  # below SQLite's limit on query parameters
PAIR_CHUNK = 200  # four parameters per pair


def _name_key(person: PersonInput) -> str:
    if person.given_name_lo:
        text = f"{person.given_name_lo} {person.family_name_lo}"
    else:
        text = f"{person.given_name_latin} {person.family_name_latin}"
    return names.sort_key(text) if text.strip() else ""


def _birth_year(person: PersonInput) -> int | None:
    return person.birth_date.year if person.birth_date else person.birth_year


def exact_matches(*, actor, people: list[PersonInput]) -> list[list[str]]:
    phones_of: list[set[str]] = []
    for person in people:
        numbers = set()
        for raw in person.phones:
            try:
                numbers.add(phone_e164(raw))
            except Exception:
                continue
        phones_of.append(numbers)
    all_phones = sorted(set().union(*phones_of)) if phones_of else []
    by_phone: dict[str, set[str]] = {}
    for i in range(0, len(all_phones), CHUNK):
        for number, person_id in Phone.objects.filter(number__in=all_phones[i : i + CHUNK]).values_list(
            "number", "person_id"
        ):
            by_phone.setdefault(number, set()).add(str(person_id))
    keys = [_name_key(p) for p in people]
    # (name key, birth year) pairs, filtered in the database: common names match thousands of records in a
    # registry of millions, and only those born the same year matter.
    pairs = sorted({(k, y) for k, y in zip(keys, map(_birth_year, people), strict=True) if k and y})
    by_name: dict[str, list[tuple[str, int | None]]] = {}
    for i in range(0, len(pairs), PAIR_CHUNK):
        condition = Q()
        for key, year in pairs[i : i + PAIR_CHUNK]:
            condition |= Q(name_sort_key=key) & (
                Q(birth_year=year)
                | Q(birth_date__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
            )
        rows = Person.objects.filter(condition).values_list("name_sort_key", "id", "birth_date", "birth_year")
        for key, person_id, birth_date, birth_year in rows:
            by_name.setdefault(key, []).append(
                (str(person_id), birth_date.year if birth_date else birth_year)
            )
    result = []
    for person, numbers, key in zip(people, phones_of, keys, strict=True):
        found: list[str] = []
        for number in sorted(numbers):
            found += sorted(by_phone.get(number, ()))
        person_year = _birth_year(person)
        if key and person_year:
            found += [pid for pid, y in by_name.get(key, []) if y == person_year]
        result.append(list(dict.fromkeys(found)))
    return result


matcher: Callable[..., list[list[str]]] = exact_matches


def likely_matches(*, actor, people: list[PersonInput]) -> list[list[str]]:
    return matcher(actor=actor, people=people)
