"""Build a realistic demo programme: partners, a user per role and a registry with planted duplicates.

People are bulk-inserted (a million must be possible), so this module computes the same derived keys the
people services compute, through the same functions, instead of calling the service per row.
"""

import csv
import dataclasses
import datetime
import itertools
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from pathways.accounts.models import User
from pathways.core import audit
from pathways.demo.names import SyntheticName, generate_name, sibling_name, vary_name
from pathways.demo.organisations import (
    NATIONAL_REGISTRARS,
    ORGANISATIONS,
    PROJECTS,
    PROVINCE_WEIGHTS,
    REGISTRARS,
    USERS,
    VILLAGES,
)
from pathways.identity.models import MatchProfile
from pathways.identity.profiles import profile_build
from pathways.jobs.demo import jobs_demo_seed
from pathways.outreach.demo import outreach_demo_seed
from pathways.partners.models import Membership, Organisation
from pathways.people import names
from pathways.people.models import Consent, IdentityDocument, Person, PersonAlias, Phone
from pathways.people.services import search_text, sort_name
from pathways.places.models import District, Province, Village
from pathways.places.services import reference_places_load
from pathways.protection.demo import protection_demo_seed
from pathways.recruitment.demo import recruitment_demo_seed
from pathways.results.models import Project
from pathways.results.services import framework_load_file
from pathways.returns.demo import returns_demo_seed
from pathways.training.demo import training_demo_seed

BATCH = 5000
DUPLICATE_SHARE = 0.12
# What makes one person hard to tell from another, or a re-entry hard to recognise; docs/identity.md
# ("The demo registry") gives the reasons for each rate.
TWIN_SHARE = 0.01  # of people, registered together with a twin (same family name, date, village)
SIBLING_SHARE = 0.06  # of people, registered together with a brother or sister (same family name, village)
HOUSEHOLD_PHONE_SHARE = 0.15  # of twins and siblings, giving the family's phone rather than their own
FIRST_LATIN_ONLY, FIRST_LAO_ONLY = 0.04, 0.02  # first registrations in one script only
REENTRY_LATIN_ONLY, REENTRY_LAO_ONLY = 0.10, 0.07  # re-entries in one script only
DAY_OFF_SHARE = 0.06  # of re-entries with a date: the day one off
SWAPPED_SHARE = 0.15  # of re-entries with a date whose day is 12 or less: day and month swapped
YEAR_ONLY_SHARE = 0.20  # of re-entries: the year only (a year off in a quarter of them)
NO_BIRTH_SHARE = 0.03  # of re-entries: no birth at all
PHONE_DROPPED_SHARE, PHONE_CHANGED_SHARE = 0.30, 0.20  # of re-entries
# Registrations start with the 2020 wave of returnees (before PROMISE II began), grow as partners join over
# the first RAMP_MONTHS and then level off, up to today: every reporting period up to now has people in it.
REGISTRATIONS_FROM = datetime.date(2020, 1, 1)
RAMP_MONTHS = 30
FIRST_MONTH_SHARE = 0.5
STATUS_WEIGHTS = {"returnee": 45, "prospective": 25, "current": 15, "family_member": 12, "non_migrant": 3}
LAO_MOBILE_PREFIXES = [
    "2022",
    "2023",
    "2055",
    "2056",
    "2058",
    "2076",
    "2077",
    "2078",
    "2095",
    "2096",
    "2097",
    "2099",
]


@transaction.atomic
def partners_and_users_create(*, password: str) -> dict[str, Organisation]:
    """Create (or refresh) the demo partners and one user per role; safe to run again."""
    reference_places_load()
    orgs = {}
    for name, acronym, kind, province, name_local in ORGANISATIONS:
        orgs[acronym], _created = Organisation.objects.update_or_create(
            name_en=name,
            country_id="LA",
            defaults={"acronym": acronym, "kind": kind, "province_id": province, "name_local": name_local},
        )
    for acronym in ("LFTU-SDI",):
        orgs[acronym].parent = orgs["LFTU"]
        orgs[acronym].save(update_fields=["parent"])
    for code, name, name_local, donors, starts, ends in PROJECTS:
        project, _created = Project.objects.update_or_create(
            code=code, defaults={"name": name, "name_local": name_local, "starts_on": starts, "ends_on": ends}
        )
        project.donors.set([orgs[acronym] for acronym in donors])
        if code == "PROMISE-II":
            framework_load_file(actor=None, project=project, name="promise_ii.json")
    password_hash = make_password(password)  # once: each hash takes a tenth of a second on purpose
    for username, role, acronym, provinces, full_name in USERS:
        first, _space, last = full_name.partition(" ")
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "first_name": first,
                "last_name": last,
                "is_staff": role == "admin",
                "is_superuser": role == "admin",
            },
        )
        user.password = password_hash
        user.save()
        user.provinces.set(Province.objects.filter(code__in=provinces))
        Membership.objects.get_or_create(user=user, organisation=orgs[acronym])
    return orgs


@dataclass
class _Real:
    """A real person behind one or more records."""

    key: int
    name: SyntheticName
    birth: datetime.date
    year_only: bool
    province: str
    district_id: int
    village: tuple[str, str]
    phone: str | None
    passport: str | None
    pink_card: str | None
    status: str
    wg: tuple[int, ...]
    # Twins and siblings share a family key (their own key otherwise): the truth file names it so a
    # benchmark can count how often two of a family are taken for one person.
    family: int = -1
    relation: str = ""


class _Generator:
    def __init__(self, seed: int, orgs: dict[str, Organisation]):
        self.rng = random.Random(seed)
        self.orgs = orgs
        self.provinces = list(PROVINCE_WEIGHTS)
        self.province_weights = list(PROVINCE_WEIGHTS.values())
        self.districts: dict[str, list[int]] = {}
        for district in District.objects.filter(province__country_id="LA"):
            self.districts.setdefault(district.province_id, []).append(district.pk)
        self.villages = self._villages_everywhere()
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.months, self.month_weights = self._registration_months()

    def real_person(self, key: int) -> _Real:
        rng = self.rng
        province = rng.choices(self.provinces, self.province_weights)[0]
        age_days = rng.randint(16 * 365, 55 * 365)
        wg = tuple(rng.choices([1, 2, 3, 4], [92, 5, 2, 1])[0] for _ in range(6))
        return _Real(
            key=key,
            name=generate_name(rng),
            birth=self.today - datetime.timedelta(days=age_days),
            year_only=rng.random() < 0.2,
            province=province,
            district_id=rng.choice(self.districts[province]),
            village=rng.choice(VILLAGES),
            phone=self.phone() if rng.random() < 0.8 else None,
            passport=f"P{rng.randint(1000000, 9999999)}" if rng.random() < 0.3 else None,
            pink_card=f"00{rng.randint(10**10, 10**11 - 1)}" if rng.random() < 0.1 else None,
            status=rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0],
            wg=wg,
        )

    def phone(self) -> str:
        rng = self.rng
        return f"+856{rng.choice(LAO_MOBILE_PREFIXES)}{rng.randint(0, 9999):04d}{rng.randint(0, 99):02d}"

    def relative(self, real: _Real, key: int, *, twin: bool) -> _Real:
        """A twin (same date of birth) or a brother or sister (born 1–8 years apart) from the same village."""
        rng = self.rng
        other = self.real_person(key)
        if twin:
            birth = real.birth
        else:
            birth = real.birth + datetime.timedelta(days=rng.choice([-1, 1]) * rng.randint(365, 8 * 365))
            birth = min(birth, self.today - datetime.timedelta(days=15 * 365))
        real.family = real.key if real.family < 0 else real.family
        real.relation = "twin" if twin else "sibling"
        return dataclasses.replace(
            other,
            name=sibling_name(real.name, rng),
            birth=birth,
            year_only=real.year_only if twin else other.year_only,
            province=real.province,
            district_id=real.district_id,
            village=real.village,
            phone=real.phone if real.phone and rng.random() < HOUSEHOLD_PHONE_SHARE else other.phone,
            family=real.family,
            relation="twin" if twin else "sibling",
        )

    def registrar(self, province: str, avoid: str | None = None) -> Organisation:
        local = REGISTRARS.get(province, [])
        choices = (
            [a for a in (local + NATIONAL_REGISTRARS) if a != avoid]
            if avoid
            else local or NATIONAL_REGISTRARS
        )
        # Local partners register most of their province's people; national teams do the rest.
        if not avoid and local and self.rng.random() < 0.85:
            choices = local
        return self.orgs[self.rng.choice(choices or NATIONAL_REGISTRARS)]

    def _villages_everywhere(self) -> dict[tuple[int, str], int]:
        """Give every district the demo's village names up front: one bulk insert, not one per person."""
        district_ids = [d for ids in self.districts.values() for d in ids]
        with transaction.atomic():
            Village.objects.bulk_create(
                [
                    Village(district_id=d, name_local=lo, name_en=en)
                    for d in district_ids
                    for lo, en in VILLAGES
                ],
                ignore_conflicts=True,
            )
        return {
            (v.district_id, v.name_local): v.pk for v in Village.objects.filter(district_id__in=district_ids)
        }

    def village_id(self, district_id: int, village: tuple[str, str]) -> int:
        return self.villages[(district_id, village[0])]

    def _registration_months(self) -> tuple[list[datetime.datetime], list[float]]:
        """The first moment of every month from REGISTRATIONS_FROM to now, and how many register in each
        (cumulative weights: a ramp, then level; the current month only as far as it has gone)."""
        months: list[datetime.datetime] = []
        weights: list[float] = []
        month = REGISTRATIONS_FROM
        while month <= self.today:
            start = timezone.make_aware(datetime.datetime(month.year, month.month, 1))
            following = (month + datetime.timedelta(days=32)).replace(day=1)
            end = min(timezone.make_aware(datetime.datetime(following.year, following.month, 1)), self.now)
            full = min(1.0, FIRST_MONTH_SHARE + (1 - FIRST_MONTH_SHARE) * len(months) / RAMP_MONTHS)
            months.append(start)
            weights.append(full * (end - start) / datetime.timedelta(days=30))
            month = following
        return months, list(itertools.accumulate(weights))

    def registered_at(self) -> datetime.datetime:
        start = self.rng.choices(self.months, cum_weights=self.month_weights)[0]
        following = (start + datetime.timedelta(days=32)).replace(day=1)
        seconds = (min(following, self.now) - start).total_seconds()
        return start + datetime.timedelta(seconds=self.rng.uniform(0, seconds))


def _record(gen: _Generator, real: _Real, org: Organisation, *, variant: bool) -> tuple:
    """One registration of a real person by one partner; a variant carries the variation of re-entry."""
    rng = gen.rng
    name = vary_name(real.name, rng) if variant else real.name
    birth_date: datetime.date | None = None if real.year_only else real.birth
    birth_year = real.birth.year if real.year_only else None
    phone: str | None = real.phone
    village: tuple[str, str] | None = real.village
    if variant:
        birth_date, birth_year = _birth_as_reentered(rng, real, birth_date, birth_year)
        roll = rng.random()
        if roll < PHONE_DROPPED_SHARE:
            phone = None
        elif roll < PHONE_DROPPED_SHARE + PHONE_CHANGED_SHARE:
            phone = gen.phone()  # a new SIM card: Lao returnees change numbers often
        if rng.random() < 0.3:
            village = None
    roll = rng.random()
    latin_only, lao_only = (
        (REENTRY_LATIN_ONLY, REENTRY_LAO_ONLY) if variant else (FIRST_LATIN_ONLY, FIRST_LAO_ONLY)
    )
    if roll < latin_only:  # a partner's spreadsheet or a border list in Latin letters only
        name = dataclasses.replace(name, given_lo="", family_lo="", nickname_lo="")
    elif roll < latin_only + lao_only:  # a handwritten village list typed in Lao only
        name = dataclasses.replace(name, given_latin="", family_latin="", nickname_latin="")
    created = gen.registered_at()
    person = Person(
        id=uuid.uuid4(),
        given_name_lo=names.normalise(name.given_lo),
        family_name_lo=names.normalise(name.family_lo),
        given_name_latin=name.given_latin,
        family_name_latin=name.family_latin,
        sex=name.sex,
        birth_date=birth_date,
        birth_year=birth_year,
        migrant_status=real.status,
        home_province_id=real.province,
        home_district_id=real.district_id,
        home_village_id=gen.village_id(real.district_id, village) if village else None,
        wg_seeing=real.wg[0],
        wg_hearing=real.wg[1],
        wg_walking=real.wg[2],
        wg_remembering=real.wg[3],
        wg_selfcare=real.wg[4],
        wg_communicating=real.wg[5],
        owner_organisation=org,
        created_at=created,
    )
    aliases = []
    if name.nickname_latin:
        aliases.append(("nickname", name.nickname_latin))
    if name.nickname_lo:
        aliases.append(("nickname", names.normalise(name.nickname_lo)))
    documents = []
    if real.passport and (not variant or rng.random() < 0.5):
        documents.append(("passport", real.passport, "LA"))
    if real.pink_card and (not variant or rng.random() < 0.5):
        documents.append(("pink_card", real.pink_card, "TH"))
    phones = [phone] if phone else []
    person.name_sort_key = names.sort_key(sort_name(person))
    person.search_text = search_text(
        [
            person.given_name_lo,
            person.family_name_lo,
            person.given_name_latin,
            person.family_name_latin,
            *(v for _k, v in aliases),
        ],
        phones=phones,
        document_numbers=[n for _k, n, _c in documents],
    )
    return person, phones, aliases, documents


def _birth_as_reentered(
    rng: random.Random, real: _Real, birth_date: datetime.date | None, birth_year: int | None
) -> tuple[datetime.date | None, int | None]:
    """The birth a second partner writes down: the same, a day off, day and month swapped, the year only
    (sometimes a year off), or nothing."""
    roll = rng.random()
    if roll < NO_BIRTH_SHARE:
        return None, None
    roll -= NO_BIRTH_SHARE
    if roll < YEAR_ONLY_SHARE:
        return None, real.birth.year + rng.choice([0, 0, 0, -1, 1, 0, 0, 0])
    roll -= YEAR_ONLY_SHARE
    if birth_date is None:
        return birth_date, birth_year
    if roll < SWAPPED_SHARE and real.birth.day <= 12 and real.birth.day != real.birth.month:
        return real.birth.replace(day=real.birth.month, month=real.birth.day), None
    roll -= SWAPPED_SHARE
    if roll < DAY_OFF_SHARE:
        return real.birth + datetime.timedelta(days=rng.choice([-1, 1])), None
    return birth_date, birth_year


def _records(gen: _Generator, count: int) -> Iterator[tuple[_Real, tuple]]:
    """Yield (real person key, record) until `count` records; about DUPLICATE_SHARE of them are re-entries."""
    made, key = 0, 0
    while made < count:
        real = gen.real_person(key)
        family = [real]
        roll = gen.rng.random()
        if roll < TWIN_SHARE + SIBLING_SHARE:
            key += 1
            family.append(gen.relative(real, key, twin=roll < TWIN_SHARE))
        for person in family:
            if made == count:
                return
            first = gen.registrar(person.province)
            yield person, _record(gen, person, first, variant=False)
            made += 1
            if made < count and gen.rng.random() < DUPLICATE_SHARE / (1 - DUPLICATE_SHARE):
                again = gen.registrar(person.province, avoid=first.acronym)
                yield person, _record(gen, person, again, variant=True)
                made += 1
        key += 1


def people_create(
    *, count: int, seed: int, orgs: dict[str, Organisation], truth_path: str | None = None, progress=None
) -> int:
    """Bulk-insert `count` person records; write which records are the same real person to `truth_path`."""
    gen = _Generator(seed, orgs)
    truth = open(truth_path, "w", newline="", encoding="utf-8") if truth_path else None  # noqa: SIM115
    writer = csv.writer(truth) if truth else None
    if writer:
        writer.writerow(["person_id", "real_person", "registered_by", "family", "relation"])
    batch: list[tuple[_Real, tuple]] = []
    written = 0
    try:
        for item in _records(gen, count):
            batch.append(item)
            if len(batch) == BATCH:
                written += _flush(batch, writer, gen)
                batch = []
                if progress:
                    progress(written)
        written += _flush(batch, writer, gen)
    finally:
        if truth:
            truth.close()
    return written


@transaction.atomic
def _flush(batch, writer, gen: _Generator) -> int:
    if not batch:
        return 0
    people = [record[0] for _key, record in batch]
    Person.objects.bulk_create(people, batch_size=1000)
    Phone.objects.bulk_create(
        [Phone(person=p, number=n) for _k, (p, phones, _a, _d) in batch for n in phones], batch_size=2000
    )
    PersonAlias.objects.bulk_create(
        [PersonAlias(person=p, kind=k, value=v) for _k, (p, _ph, aliases, _d) in batch for k, v in aliases],
        batch_size=2000,
        ignore_conflicts=True,
    )
    IdentityDocument.objects.bulk_create(
        [
            IdentityDocument(person=p, kind=k, number=n, issuing_country_id=c)
            for _k, (p, _ph, _a, docs) in batch
            for k, n, c in docs
        ],
        batch_size=2000,
    )
    MatchProfile.objects.bulk_create(
        [
            profile_build(
                p, aliases=[v for _k, v in aliases], phones=phones, document_numbers=[n for _k, n, _c in docs]
            )
            for _k, (p, phones, aliases, docs) in batch
        ],
        batch_size=2000,
    )
    Consent.objects.bulk_create(
        [
            Consent(
                person=p,
                given_on=p.created_at.date(),
                purposes=["registration", "services", "follow_up"],
                notice_version="2020-1",
                notice_language="lo",
                method=gen.rng.choice(["signed", "thumbprint"]),
            )
            for _k, (p, _ph, _a, _d) in batch
            if gen.rng.random() < 0.9
        ],
        batch_size=2000,
    )
    if writer:
        writer.writerows(
            [
                (
                    p.pk,
                    real.key,
                    p.owner_organisation.acronym,
                    real.family if real.family >= 0 else "",
                    real.relation,
                )
                for real, (p, _ph, _a, _d) in batch
            ]
        )
    return len(batch)


def demo_seed(*, people: int, seed: int, truth_path: str | None, if_empty: bool, progress=None) -> dict:
    """Seed the demo programme; with if_empty, people are only added to an empty registry."""
    orgs = partners_and_users_create(password=settings.DEMO_PASSWORD)
    created = 0
    if not (if_empty and Person.objects.exists()):
        created = people_create(count=people, seed=seed, orgs=orgs, truth_path=truth_path, progress=progress)
        audit.record(actor=None, action="demo.seed", obj=orgs["IOM"], changed_fields=[f"people:{created}"])
        training_demo_seed(orgs, random.Random(seed))
        jobs_demo_seed(orgs, random.Random(seed))
        outreach_demo_seed(orgs, random.Random(seed))
    # Outside the block: a demo database made before protection cases existed gets them on its next run.
    protection_demo_seed(orgs, random.Random(seed))
    returns_demo_seed(orgs, random.Random(seed))
    recruitment_demo_seed(orgs, random.Random(seed))
    return {"organisations": len(orgs), "users": len(USERS), "people": created}
