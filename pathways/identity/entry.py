"""Likely matches for a person about to be registered, found in milliseconds among a million.

Candidates come from indexed lookups only (name blocks, given name with birth year, phone, document
number), then a handful are scored in Python with the same comparison levels and trained m/u as the batch
run (comparisons.py). Only people the actor may see are returned.
"""

import datetime
import hashlib
import math
import re
import time
import uuid
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import connection

from pathways.identity import comparisons
from pathways.identity.keys import SHARED_PHONE_LIMIT, keys_for
from pathways.identity.models import MatchModel, MatchProfile
from pathways.people import names, validation
from pathways.people.models import IdentityDocument, Person, Phone
from pathways.people.scopes import visible_to
from pathways.people.services import PersonInput
from pathways.places.models import Village

# Shown to the user at or above this probability; below it a record is not worth interrupting for. The
# "same given name, family name missing" re-entries of a name many hold land between 0.1 and 0.3 under
# the registry's true name frequencies; at 0.1 the benchmark shows them with few other people shown
# (docs/benchmarks.md, on entry).
ENTRY_THRESHOLD = 0.1
PER_KEY_CAP = 200
# A name block held by more records than this is fetched only for birth years near the new record's: at a
# million records a common name has thousands of holders, and fetching and scoring them was most of the time.
RARE_NAME = 50

_model_cache: dict = {}


@dataclass
class Candidate:
    person: Person
    probability: float
    explanation: list[dict] = field(default_factory=list)


def _parameters() -> tuple[float, dict[str, list[tuple[str, float | None, float | None]]], int]:
    """Return (prior, {comparison: [(label, bayes factor, m) by gamma]}, records) from the latest model."""
    latest = MatchModel.objects.order_by("-created_at").values_list("id", flat=True).first()
    if latest in _model_cache:
        return _model_cache[latest]
    model = MatchModel.objects.get(pk=latest) if latest else None
    settings = model.splink_settings if model else comparisons.splink_settings()
    records = model.records if model else 0
    prior = settings.get("probability_two_random_records_match", 1e-6)
    table: dict[str, list[tuple[str, float | None, float | None]]] = {}
    for c in settings["comparisons"]:
        levels = [lv for lv in c["comparison_levels"] if not lv.get("is_null_level")]
        bfs = []
        for lv in reversed(levels):  # gamma 0 is the last level
            m, u = lv.get("m_probability"), lv.get("u_probability")
            bfs.append((lv["label_for_charts"], (m / u) if m and u else None, m))
        table[c["output_column_name"]] = bfs
    _model_cache.clear()
    _model_cache[latest] = (prior, table, records)
    return prior, table, records


def _record(unique_id, *, profile, sex, province, district, village, phones_ok: set[str] | None) -> dict:
    date = profile.birth_date.isoformat() if profile.birth_date else None
    swapped = None
    if (
        profile.birth_date
        and profile.birth_date.day <= 12
        and profile.birth_date.day != profile.birth_date.month
    ):
        swapped = f"{profile.birth_date.year}-{profile.birth_date.day:02d}-{profile.birth_date.month:02d}"
    phone_list = [n for n in profile.phones.split() if phones_ok is None or n in phones_ok]
    docs = profile.documents.split()

    def pad(values):
        return f" {' '.join(values)} " if values else None

    return {
        "unique_id": unique_id,
        "given_lat": profile.given_lat or None,
        "family_lat": profile.family_lat or None,
        "given_lo": profile.given_lo or None,
        "family_lo": profile.family_lo or None,
        "given_ph": profile.given_ph or None,
        "family_ph": profile.family_ph or None,
        "name_block": profile.name_block or None,
        "name_block_lo": profile.name_block_lo or None,
        "given_sk": profile.given_sk or None,
        "family_sk": profile.family_sk or None,
        "name_block_sk": profile.name_block_sk or None,
        "given_nick": comparisons.given_nick(profile.given_lat, profile.given_lo),
        "full_lat": profile.given_lat + profile.family_lat if profile.given_lat else None,
        "full_lo": profile.given_lo + profile.family_lo if profile.given_lo else None,
        "name_tf": (
            profile.given_lo + profile.family_lo
            if profile.given_lo
            else (profile.given_lat + profile.family_lat if profile.given_lat else None)
        ),
        "given_tf": profile.given_lo or profile.given_lat or None,
        "nicknames": pad(profile.nicknames.split()),
        "birth_date": date,
        "birth_swapped": swapped,
        "birth_day": profile.birth_date.toordinal() if profile.birth_date else None,
        "birth_year": profile.birth_year,
        "sex": sex or None,
        "province": province or None,
        "district": str(district) if district else None,
        "village": str(village) if village else None,
        "phone1": phone_list[0] if phone_list else None,
        "phones": pad(phone_list),
        "doc1": docs[0] if docs else None,
        "docs": pad(docs),
    }


def score(l: dict, r: dict, *, parameters=None, frequency=None) -> tuple[float, list[dict]]:  # noqa: E741
    """Return the match probability of two record dicts and the per-comparison explanation.

    `frequency(column, value)` (how many records hold the value; 0 if unknown) stands in for Splink's
    term-frequency table: the agreeing level's factor becomes m / (count / records).
    """
    prior, table, records = parameters or _parameters()
    weight = math.log2(prior / (1 - prior))
    explanation: list[dict] = []
    for c in comparisons.COMPARISONS:
        gamma = c.level_of(l, r)
        if gamma < 0:
            explanation.append({"comparison": c.name, "level": c.levels[0].label, "bayes_factor": None})
            continue
        label, bf, m = table[c.name][gamma]
        level = _level_at(c, gamma)
        if level.tf_column and m and records and frequency is not None:
            count = max(
                frequency(level.tf_column, l[level.tf_column]), frequency(level.tf_column, r[level.tf_column])
            )
            if count:
                bf = m / (count / records)
        if bf:
            weight += math.log2(bf)
        explanation.append(
            {"comparison": c.name, "level": label, "bayes_factor": bf and comparisons.significant(bf)}
        )
    odds = 2**weight
    return odds / (1 + odds), explanation


def _level_at(comparison, gamma: int):
    non_null = [lv for lv in comparison.levels if not lv.is_null]
    return non_null[len(non_null) - 1 - gamma]


class _Frequencies:
    """How many records hold the new record's name, counted on the indexes (no rows are read).

    They stand in for the batch run's term-frequency table (Splink's count / records): `name_tf` is the
    folded Lao name if there is one (counted by its Lao name block), else the Latin one (counted by its
    phonetic block, which is coarser, so the count is if anything too high and the evidence weaker);
    `given_tf` likewise by the Lao given name or the Latin given name's sound. Each count is made once,
    when first needed; a value other than the new record's own (a candidate's) counts as unknown, and
    `score` then takes the new record's count (the larger of the two, as Splink does).
    """

    def __init__(self, keys, new: dict | None = None):
        self.keys, self.new = keys, new or {}
        self._counts: dict[str, int] = {}

    def holders(self, column: str) -> int:
        if column not in self._counts:
            self.count(column)
        return self._counts[column]

    def count(self, *columns: str) -> None:
        """Count holders of the new record's values in these columns, in one query."""
        wanted = [c for c in columns if c not in self._counts]
        for column in [c for c in wanted if not getattr(self.keys, c)]:
            self._counts[column] = 0
        wanted = [c for c in wanted if getattr(self.keys, c)]
        if not wanted:
            return
        table = connection.ops.quote_name(MatchProfile._meta.db_table)
        sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {table} WHERE {c} = %s)" for c in wanted)
        with connection.cursor() as cursor:
            cursor.execute(sql, [getattr(self.keys, c) for c in wanted])
            self._counts.update(zip(wanted, cursor.fetchone(), strict=True))

    def __call__(self, tf_column: str, value) -> int:
        if not value or value != self.new.get(tf_column):
            return 0
        lao = bool(self.keys.given_lo)
        if tf_column == "name_tf":
            return self.holders("name_block_lo" if lao else "name_block")
        if tf_column == "given_tf":
            return self.holders("given_lo" if lao else "given_ph")
        return 0


def _dates(date: datetime.date) -> list[datetime.date]:
    """The dates a birth agrees with: itself, a day either side, and day and month swapped (if valid)."""
    day = datetime.timedelta(days=1)
    dates = [date, date - day, date + day]
    if date.day <= 12 and date.day != date.month:
        dates.append(datetime.date(date.year, date.day, date.month))
    return dates


def _birth_can_agree(keys) -> tuple[str, list] | None:
    """SQL for births that can reach a birth level above "different" (comparisons.py), or None if unknown.

    A full date agrees with the same date, the date with day and month swapped, or a year-only entry of
    the same year or a year apart; a year-only entry with any birth within a year. Each indexed key is
    followed by (birth_year, birth_date) in its index, so this is filtered on the index entries.
    """
    year, date = keys.birth_year, keys.birth_date
    if not year:
        return None
    if not date:
        return "birth_year BETWEEN %s AND %s", [year - 1, year + 1]
    near = _dates(date)
    dates = [connection.ops.adapt_datefield_value(d) for d in near]
    marks = ", ".join(["%s"] * len(dates))
    years = sorted({d.year for d in near})  # a day off may cross New Year
    year_marks = ", ".join(["%s"] * len(years))
    return (
        f"((birth_year IN ({year_marks}) AND birth_date IN ({marks}))"
        " OR (birth_date IS NULL AND birth_year BETWEEN %s AND %s))",
        [*years, *dates, year - 1, year + 1],
    )


def _key_lookups(keys, frequency: _Frequencies) -> set[uuid.UUID]:
    """Ids of the records that share an indexed key with the new record, in one query (a UNION of index
    seeks, at most PER_KEY_CAP each): the ORM's per-query cost was a third of the look-up's time."""
    table = connection.ops.quote_name(MatchProfile._meta.db_table)
    arms: list[str] = []
    params: list = []

    def seek(where: str, args: list) -> None:
        inner = f"SELECT person_id FROM {table} WHERE {where} LIMIT {PER_KEY_CAP}"
        arms.append(f"SELECT person_id FROM ({inner}) AS k{len(arms)}")
        params.extend(args)

    birth = _birth_can_agree(keys)
    if birth:
        frequency.count("name_block", "name_block_lo", "name_block_sk")
    # The Latin sound block, the Lao spelling block and the consonants in either script (a Lao-only new
    # record finds a Latin-only one, and the other way round).
    for column in ("name_block", "name_block_lo", "name_block_sk"):
        value = getattr(keys, column)
        if not value:
            continue
        if birth and frequency.holders(column) > RARE_NAME:
            # A common name: only its holders whose birth can agree (or is unknown) can score high enough.
            seek(f"{column} = %s AND ({birth[0]} OR birth_year IS NULL)", [value, *birth[1]])
        else:
            seek(f"{column} = %s", [value])
    if birth:
        # The same given name (sound or Lao spelling) with a birth that can agree: catches a family name
        # missing on one side and the one-year slip of a year-only entry. Where both give a family name and
        # they differ, the name level is "same given name only", too weak to show: so if the new record has
        # a family name, only holders without one are scored.
        no_family = " AND family_lo = '' AND family_lat = ''" if keys.family_lo or keys.family_lat else ""
        for column in ("given_ph", "given_lo", "given_sk"):
            if getattr(keys, column):
                seek(f"{column} = %s AND {birth[0]}{no_family}", [getattr(keys, column), *birth[1]])
    if keys.birth_date and keys.family_lo:
        # A nickname used as the given name: the same Lao family name and the same full date (or with day
        # and month swapped); a year only is too weak beside "same family name only" to show.
        near = _dates(keys.birth_date)
        dates = [connection.ops.adapt_datefield_value(d) for d in near]
        years = sorted({d.year for d in near})
        seek(
            f"family_lo = %s AND birth_year IN ({', '.join(['%s'] * len(years))})"
            f" AND birth_date IN ({', '.join(['%s'] * len(dates))})",
            [keys.family_lo, *years, *dates],
        )
    if not arms:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(" UNION ".join(arms), params)
        return {v if isinstance(v, uuid.UUID) else uuid.UUID(str(v)) for (v,) in cursor.fetchall()}


def _phones_of(data: PersonInput) -> list[str]:
    phones = []
    for raw in data.phones:
        try:
            phones.append(validation.phone_e164(raw))
        except ValidationError:
            continue
    return phones


def _entry_keys(data: PersonInput):
    return keys_for(
        given_name_lo=names.normalise(data.given_name_lo),
        family_name_lo=names.normalise(data.family_name_lo),
        given_name_latin=names.normalise(data.given_name_latin),
        family_name_latin=names.normalise(data.family_name_latin),
        birth_date=data.birth_date,
        birth_year=data.birth_year,
        aliases=[a.value for a in data.aliases],
        phones=_phones_of(data),
        document_numbers=[d.number for d in data.documents if d.number],
    )


# The two-number form of PostgreSQL's advisory locks, with this first number, is a key space of its own:
# it cannot collide with the one-number locks imports take on their jobs.
_MATCHING_LOCKS = 0x50570001


def matching_keys_lock(data: PersonInput) -> None:
    """Inside a transaction: wait for, and hold until it ends, the locks of the matching keys of the person
    about to be registered, so that a duplicate check and the insert after it cannot interleave with another
    registration of the same person (20 identical requests sent at once make one record; the others' checks
    then find it).

    Every look-up of `entry_candidates` goes through one of these keys — a name's sound or Lao spelling
    (given or family, so swapped names share one), a phone, a document number — so two records the check
    could match always share a lock, while people with nothing in common never wait for each other. Locks are
    taken in sorted order, so two registrations never hold one each while waiting for the other's. SQLite
    needs none: its transactions take the database's one write lock when they begin (settings).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("matching_keys_lock needs a transaction; the locks last until it ends.")
    if connection.vendor != "postgresql":
        return
    keys = _entry_keys(data)
    wanted = {f"sound:{k}" for k in (keys.given_ph, keys.family_ph) if k}
    wanted |= {f"lo:{k}" for k in (keys.given_lo, keys.family_lo) if k}
    wanted |= {f"phone:{k}" for k in keys.phones.split()}
    wanted |= {f"document:{k}" for k in keys.documents.split()}
    hashed = sorted(
        {
            int.from_bytes(hashlib.blake2b(k.encode(), digest_size=4).digest(), "big", signed=True)
            for k in wanted
        }
    )
    with connection.cursor() as cursor:
        for key in hashed:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_MATCHING_LOCKS, key])


def entry_candidates(
    *, actor, data: PersonInput, threshold: float = ENTRY_THRESHOLD, limit: int = 5, exclude=None
) -> list[Candidate]:
    """Return people the actor may see who are likely the person in `data`, best first."""
    documents = [(d.kind, d.number) for d in data.documents if d.number]
    keys = _entry_keys(data)
    frequency = _Frequencies(keys)
    ids = _key_lookups(keys, frequency)
    usable_phones = set()
    for number in keys.phones.split():
        owners = list(
            Phone.objects.filter(number=number).values_list("person_id", flat=True)[: SHARED_PHONE_LIMIT + 1]
        )
        if len(owners) <= SHARED_PHONE_LIMIT:  # an office number on many records is no evidence
            usable_phones.add(number)
            ids.update(owners)
    for kind, raw in documents:
        # (kind, number) is the indexed pair; numbers are stored upper case without spaces or dashes.
        number = re.sub(r"[\s\-.]", "", raw).upper()
        ids.update(
            IdentityDocument.objects.filter(kind=kind, number=number).values_list("person_id", flat=True)[:20]
        )
    if exclude is not None:
        ids.discard(exclude)
    if not ids:
        return []
    district_id = village_id = None
    province = data.home_province
    if data.home_province or data.home_district:
        from pathways.places.selectors import district_match, province_match

        matched_province = province_match(data.home_province) if data.home_province else None
        province = matched_province.code if matched_province else ""
        district = (
            district_match(data.home_district, province=matched_province) if data.home_district else None
        )
        district_id = district.pk if district else None
        if district and not province:
            province = district.province_id
        if district and data.home_village:
            village_id = (
                Village.objects.filter(district=district, name_local=names.normalise(data.home_village))
                .values_list("pk", flat=True)
                .first()
            )
    new = _record(
        None,
        profile=MatchProfile(**vars(keys)),
        sex=data.sex,
        province=province,
        district=district_id,
        village=village_id,
        phones_ok=usable_phones,
    )
    # Score on narrow tuples first (hundreds of candidates for a common name), then load and scope-check
    # only the few that pass: scope is applied to a handful of primary keys, never as a registry scan.
    parameters = _parameters()
    scored: dict = {}
    rows = (
        MatchProfile.objects.filter(person_id__in=ids, person__merged_into__isnull=True)
        .values_list(
            *_PROFILE_FIELDS,
            "person__sex",
            "person__home_province_id",
            "person__home_district_id",
            "person__home_village_id",
        )
        .order_by()
    )
    others = []
    for row in rows:
        values = dict(zip(_PROFILE_FIELDS, row[: len(_PROFILE_FIELDS)], strict=True))
        sex, prov, dist, vill = row[len(_PROFILE_FIELDS) :]
        others.append(
            _record(
                values["person_id"],
                profile=SimpleNamespace(**values),
                sex=sex,
                province=prov,
                district=dist,
                village=vill,
                phones_ok=None,
            )
        )
    frequency.new = new
    for other in others:
        probability, explanation = score(new, other, parameters=parameters, frequency=frequency)
        if probability >= threshold:
            scored[other["unique_id"]] = (probability, explanation)
    if not scored:
        return []
    people = Person.objects.filter(visible_to(actor), pk__in=list(scored)).select_related(
        "home_province", "owner_organisation"
    )
    found = [Candidate(person=p, probability=scored[p.pk][0], explanation=scored[p.pk][1]) for p in people]
    found.sort(key=lambda c: -c.probability)
    return found[:limit]


_PROFILE_FIELDS = [f.attname for f in MatchProfile._meta.concrete_fields]


def timed_candidates(**kwargs) -> tuple[list[Candidate], float]:
    started = time.perf_counter()
    result = entry_candidates(**kwargs)
    return result, time.perf_counter() - started


def pair_score(person_a: Person, person_b: Person) -> tuple[float, list[dict]]:
    """Score two registered people with the latest model, as the batch run would (name frequencies counted
    on the registry as on entry); for a reviewer asking why a pair was or was not proposed."""
    records = []
    for person in (person_a, person_b):
        profile = MatchProfile.objects.get(person_id=person.pk)
        records.append(
            _record(
                person.pk,
                profile=profile,
                sex=person.sex,
                province=person.home_province_id,
                district=person.home_district_id,
                village=person.home_village_id,
                phones_ok=None,
            )
        )
    first = MatchProfile.objects.get(person_id=person_a.pk)
    return score(records[0], records[1], frequency=_Frequencies(first, new=records[0]))


def score_pairs(pairs: list[tuple[uuid.UUID, uuid.UUID]]) -> dict[tuple, tuple[float, list[dict]]]:
    """The match probability and explanation of each pair of registered records, from their matching
    profiles (pairs whose profiles are missing are left out)."""
    ids = {person_id for pair in pairs for person_id in pair}
    rows = MatchProfile.objects.filter(person_id__in=ids).values_list(
        *_PROFILE_FIELDS,
        "person__sex",
        "person__home_province_id",
        "person__home_district_id",
        "person__home_village_id",
    )
    records = {}
    for row in rows:
        values = dict(zip(_PROFILE_FIELDS, row[: len(_PROFILE_FIELDS)], strict=True))
        sex, province, district, village = row[len(_PROFILE_FIELDS) :]
        records[values["person_id"]] = _record(
            values["person_id"],
            profile=SimpleNamespace(**values),
            sex=sex,
            province=province,
            district=district,
            village=village,
            phones_ok=None,
        )
    parameters = _parameters()
    return {
        (a, b): score(records[a], records[b], parameters=parameters)
        for a, b in pairs
        if a in records and b in records
    }
