"""Which incoming people are likely already in the registry: the interface the dry run flags with.

    likely_matches(*, actor, people: list[PersonInput]) -> list[list[str]]

returns, for each incoming person, the ids of existing records that are probably the same person. This
default is deliberately simple and index-backed so it stays fast against a registry of millions: the same
phone number (E.164), or the same name key (people.names.sort_key of the name, i.e. the same spelling up to
Unicode normalisation) and the same birth year. Identity resolution replaces it with its on-entry matcher
by assigning `duplicates.matcher = its_function` (same signature) in its AppConfig.ready().

Only records the importer may see are matched (`people.scopes.visible_to`, as everywhere): the dry run's
message names their IDs, and naming a record outside the importer's scope would tell them it exists. A
duplicate across scopes is found by the batch duplicate detection, which national reviewers work through.
"""

import datetime
import uuid
from collections.abc import Callable

from django.db import connection

from pathways.people import names
from pathways.people.models import Person, Phone
from pathways.people.scopes import visible_to
from pathways.people.services import PersonInput, PreparedPerson
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
    return _matches(actor, phones_of, [(_name_key(p), _birth_year(p)) for p in people])


def exact_matches_prepared(*, actor, people: list) -> list[list[str]]:
    """exact_matches for people already validated by people.services.person_prepare (phones in E.164,
    name key computed); items that failed validation (ValidationError) get no matches: they are rejected."""
    phones_of: list[set[str]] = []
    keys: list[tuple[str, int | None]] = []
    for person in people:
        if isinstance(person, PreparedPerson):
            phones_of.append(set(person.phones))
            born = person.values["birth_date"]
            keys.append((person.name_sort_key, born.year if born else person.values["birth_year"]))
        else:
            phones_of.append(set())
            keys.append(("", None))
    return _matches(actor, phones_of, keys)


def only_visible(actor, matches: list[list[str]]) -> list[list[str]]:
    """`matches` without the records the actor may not see (one query per CHUNK of distinct ids)."""
    wanted = sorted({pid for found in matches for pid in found})
    seen: set[str] = set()
    for i in range(0, len(wanted), CHUNK):
        ids = Person.objects.filter(visible_to(actor), pk__in=wanted[i : i + CHUNK]).values_list(
            "pk", flat=True
        )
        seen.update(str(pid) for pid in ids)
    return [[pid for pid in found if pid in seen] for found in matches]


def _matches(actor, phones_of: list[set[str]], keys: list[tuple[str, int | None]]) -> list[list[str]]:
    all_phones = sorted(set().union(*phones_of)) if phones_of else []
    by_phone: dict[str, set[str]] = {}
    for i in range(0, len(all_phones), CHUNK):
        for number, person_id in Phone.objects.filter(number__in=all_phones[i : i + CHUNK]).values_list(
            "number", "person_id"
        ):
            by_phone.setdefault(number, set()).add(str(person_id))
    # (name key, birth year) pairs, filtered in the database: common names match thousands of records in a
    # registry of millions, and only those born the same year matter. Plain SQL joined to a VALUES list:
    # building the same condition as ORM Q objects cost more than running it.
    pairs = sorted({(k, y) for k, y in keys if k and y})
    by_name: dict[tuple[str, int], list[str]] = {}
    meta = Person._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    column = {f.name: quote(str(f.column)) for f in meta.concrete_fields}
    key_col, year_col, date_col = column["name_sort_key"], column["birth_year"], column["birth_date"]
    with connection.cursor() as cursor:
        for i in range(0, len(pairs), PAIR_CHUNK):
            chunk = pairs[i : i + PAIR_CHUNK]
            wanted = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
            params: list = []
            for name_key, born in chunk:
                params += [name_key, born, _date_param(born, 1, 1), _date_param(born, 12, 31)]
            # Two branches, each one range of the (name key, birth year, birth date) index: records with
            # that birth year, and records with no birth year but a date in that year (the services keep
            # the two consistent when both are given).
            cursor.execute(
                f"WITH wanted (k, y, first_day, last_day) AS (VALUES {wanted}) "
                f"SELECT w.k, w.y, p.id FROM wanted w JOIN {table} p "
                f"ON p.{key_col} = w.k AND p.{year_col} = w.y "
                f"UNION ALL SELECT w.k, w.y, p.id FROM wanted w JOIN {table} p ON p.{key_col} = w.k "
                f"AND p.{year_col} IS NULL AND p.{date_col} BETWEEN w.first_day AND w.last_day",
                params,
            )
            for name_key, born, person_id in cursor.fetchall():
                by_name.setdefault((name_key, born), []).append(_uuid_text(person_id))
    result = []
    for numbers, (key, year) in zip(phones_of, keys, strict=True):
        found: list[str] = []
        for number in sorted(numbers):
            found += sorted(by_phone.get(number, ()))
        if key and year:
            found += by_name.get((key, year), [])
        result.append(list(dict.fromkeys(found)))
    return only_visible(actor, result)


def _date_param(year: int, month: int, day: int):
    value = datetime.date(year, month, day)
    return connection.ops.adapt_datefield_value(value)


def _uuid_text(value) -> str:
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(value))


matcher: Callable[..., list[list[str]]] = exact_matches
# Where flagged pairs go for a person to review: identity sets its queue here in its AppConfig.ready().
# review_queue(job=ImportJob, pairs=[(new record id, the record it probably duplicates), ...]).
review_queue: Callable[..., object] | None = None


def match_keys(people: list) -> list[set[tuple]]:
    """For each incoming person (PersonInput, or PreparedPerson from person_prepare; anything else has none),
    the keys two rows of one file share when they are likely the same person: a phone, or the name key with
    the birth year, as exact_matches compares them against the registry."""
    found: list[set[tuple]] = []
    for person in people:
        keys: set[tuple] = set()
        if isinstance(person, PreparedPerson):
            keys.update(("phone", number) for number in person.phones)
            born = person.values["birth_date"]
            name, year = person.name_sort_key, born.year if born else person.values["birth_year"]
        elif isinstance(person, PersonInput):
            for raw in person.phones:
                try:
                    keys.add(("phone", phone_e164(raw)))
                except Exception:
                    continue
            name, year = _name_key(person), _birth_year(person)
        else:
            name, year = "", None
        if name and year:
            keys.add(("name", name, year))
        found.append(keys)
    return found


def likely_matches(*, actor, people: list[PersonInput]) -> list[list[str]]:
    return only_visible(actor, matcher(actor=actor, people=people))
