"""A second synthetic registry, written apart from seed_demo's generator (pathways/demo) to check the match
model on data it was not tuned on: its own names, households and error model, registered through the
import path (`people.services.person_create_many`), as a partner's file would be.

How it differs from seed_demo: people come in households (1–4 members sharing a family name, a village and
often a phone), with twins born in the same household; a second registration is a fresh copy by another
clerk who picks a romanisation from their own habits, retypes with a per-letter slip rate rather than one
slip per name, writes border-list capitals, estimates birth years from age, puts the whole name in the given
name field now and then, and records a nickname the person gave at the desk.

Rates (per second registration): another romanisation 50%; per-letter slip 1.5%; capitals 15%; Lao only 8%,
Latin only 12%; title before the name 10%; nickname as the given name 4%, with the nickname kept as an
alias half the time; whole name in the given-name field 2%; birth: exact 55%, a day off 5%, day and month
swapped 5% (when valid), year only 25% (estimated from age, a year off in a third of them), none 5%, a
"1 January" placeholder 5%; phone: same 45%, new 25%, none 30%; village left out 35%.
"""

import csv
import datetime
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from pathways.people.services import AliasInput, PersonInput, person_create_many
from pathways.places.models import District

# (Lao, romanisations): the first is this generator's usual one. Written for this module, not copied.
WOMEN = [
    ("ບຸນມີ", ["Bounmy", "Bunmi", "Boonmee"]), ("ຄຳພອນ", ["Khamphone", "Kampon", "Khamphon"]),
    ("ສີດາວັນ", ["Sidavanh", "Sidawan"]), ("ນວນຈັນ", ["Nouanchanh", "Nuanchan", "Nuanjan"]),
    ("ພອນໄຊ", ["Phonexay", "Phonsai", "Ponsay"]), ("ເກດສະໜາ", ["Ketsana", "Kedsana"]),
    ("ແສງຈັນ", ["Sengchanh", "Saengchan", "Sengjan"]), ("ທອງສີ", ["Thongsy", "Thongsi", "Tongsee"]),
    ("ວັນເພັງ", ["Vanpheng", "Wanpeng", "Vanpeng"]), ("ລິນດາ", ["Linda", "Lindar"]),
    ("ອຳໄພ", ["Amphai", "Amphay", "Ampai"]), ("ຈັນເພັງ", ["Chanpheng", "Janpheng"]),
    ("ນາລີວັນ", ["Nalyvanh", "Naliwan"]), ("ບົວລາ", ["Boualar", "Buala", "Bouala"]),
    ("ສຸລິວັນ", ["Soulivanh", "Suliwan", "Soulivan"]), ("ມະນີຈັນ", ["Manichanh", "Manijan"]),
    ("ປານີ", ["Pany", "Pani", "Panee"]), ("ເພັດສະໝອນ", ["Phetsamone", "Petsamon"]),
    ("ຄຳແສງ", ["Khamsaeng", "Khamseng", "Kamsaeng"]), ("ດາວວອນ", ["Daovone", "Daowon", "Daovon"]),
    ("ອຸດອນ", ["Oudone", "Udon", "Oudon"]), ("ສົມສະໜຸກ", ["Somsanouk", "Somsanuk"]),
    ("ຈັນທອນ", ["Chanthone", "Janthon", "Chanthon"]), ("ແພງສີ", ["Phengsy", "Paengsi"]),
    ("ວຽງສະຫວັນ", ["Viengsavanh", "Wiangsawan"]), ("ບຸນທະວີ", ["Bounthavy", "Bunthawi"]),
]  # fmt: skip
MEN = [
    ("ສົມບັດ", ["Sombath", "Sombat", "Somphat"]), ("ທອງລຸນ", ["Thongloun", "Thonglun", "Tongloon"]),
    ("ບຸນເລີດ", ["Bounleuth", "Bunloet", "Bounlert"]), ("ສີສະຫວາດ", ["Sisavath", "Sisawat", "Seesavat"]),
    ("ຄຳໄຊ", ["Khamxay", "Khamsai", "Kamsay"]), ("ວິລະພົນ", ["Viraphon", "Wilaphon", "Vilaphone"]),
    ("ພູມີ", ["Phoumy", "Phumi", "Poumee"]), ("ໄຊສົມບູນ", ["Xaysomboun", "Saisombun"]),
    ("ບົວສອນ", ["Bouasone", "Buason", "Bouason"]), ("ສຸລິສັກ", ["Soulisak", "Sulisack"]),
    ("ຈັນທະລາ", ["Chanthala", "Janthala"]), ("ເພັດສະຫວັນ", ["Phetsavanh", "Petsawan"]),
    ("ອານຸວົງ", ["Anouvong", "Anuwong"]), ("ຄຳຜຸຍ", ["Khamphouy", "Khamphui"]),
    ("ທະວີສັກ", ["Thavisack", "Thawisak", "Thavisak"]), ("ວັນໄຊ", ["Vanxay", "Wansai", "Vansay"]),
    ("ສີພອນ", ["Siphone", "Sipon", "Seephon"]), ("ບຸນຍົງ", ["Bounyong", "Bunyong"]),
    ("ຄຳມັງ", ["Khammang", "Kammang"]), ("ສົມພູ", ["Somphou", "Sompu"]),
    ("ແກ້ວໄຊ", ["Keoxay", "Kaewsai", "Keosay"]), ("ລຳພູ", ["Lamphou", "Lampu"]),
    ("ທອງວັນ", ["Thongvanh", "Tongwan", "Thongvan"]), ("ອຸທອງ", ["Outhong", "Uthong"]),
    ("ສີທົນ", ["Sithon", "Sitone"]), ("ພອນສະຫວັດ", ["Phonesavath", "Ponsawat"]),
]  # fmt: skip
FAMILIES = [
    ("ແກ້ວວົງສາ", ["Keovongsa", "Kaewwongsa"]), ("ສີສຸລາດ", ["Sisoulath", "Sisulat"]),
    ("ພົມສະຫວັນ", ["Phomsavanh", "Pomsawan"]), ("ໄຊຍະສານ", ["Xayasan", "Saiyasan"]),
    ("ວົງໄຊ", ["Vongxay", "Wongsai", "Vongsay"]), ("ບຸດດາລາ", ["Boutdala", "Butdara"]),
    ("ສຸວັນນະວົງ", ["Souvannavong", "Suwannawong"]), ("ອິນທະລັງສີ", ["Inthalangsy", "Intalangsi"]),
    ("ດວງສະຫວັນ", ["Douangsavanh", "Duangsawan"]), ("ມະໂນທຳ", ["Manotham", "Manotam"]),
    ("ຄຳມະນີ", ["Khammany", "Kammani"]), ("ລາດຊະວົງ", ["Latsavong", "Ratsawong"]),
    ("ຈັນທະວົງ", ["Chanthavong", "Janthawong"]), ("ສີປະເສີດ", ["Sipaseuth", "Siprasert"]),
    ("ພິລາວົງ", ["Philavong", "Pilawong"]), ("ທຳມະວົງ", ["Thammavong", "Tammawong"]),
    ("ວິໄລສັກ", ["Vilaysack", "Wilaisak"]), ("ສຸກສະຫວັດ", ["Souksavath", "Suksawat"]),
    ("ໄຊສົງຄາມ", ["Xaysongkham", "Saisongkam"]), ("ບຸນທະວົງ", ["Bounthavong", "Bunthawong"]),
    ("ນັນທະວົງ", ["Nanthavong", "Nantawong"]), ("ພັນທະລີ", ["Phanthaly", "Panthali"]),
    ("ສີຫາລາດ", ["Sihalath", "Siharat"]), ("ອຸດົມສັກ", ["Oudomsack", "Udomsak"]),
    ("ເພັດດາລາ", ["Phetdala", "Petdara"]), ("ຫຼວງພະຈັນ", ["Luangphachanh", "Louangpachan"]),
]  # fmt: skip
NICKNAMES = [
    ("ນ້ອຍ", "Noy"), ("ແອ໋", "Ae"), ("ໂອ", "O"), ("ນົກ", "Nok"), ("ຕຸ໊", "Tou"), ("ເລັກ", "Lek"),
    ("ໜູ", "Nou"), ("ຕິກ", "Tik"), ("ປຸ້ຍ", "Pui"), ("ເບົາ", "Bao"), ("ມອນ", "Mon"), ("ຈອຍ", "Joy"),
]  # fmt: skip
TITLES = {"female": [("ນາງ", "Ms."), ("ນາງ", "Nang")], "male": [("ທ້າວ", "Mr."), ("ທ້າວ", "Thao")]}


@dataclass
class Truth:
    """Which records are one person, and which people are twins or siblings of one household."""

    person_of: dict[str, int] = field(default_factory=dict)
    household_of: dict[int, int] = field(default_factory=dict)
    twins: set[frozenset[int]] = field(default_factory=set)
    rejected: int = 0

    def write(self, path: str) -> None:
        """The truth as seed_demo writes it (bench/identity_bench.py reads either)."""
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["person_id", "real_person", "registered_by", "family", "relation"])
            twins = {number for pair in self.twins for number in pair}
            for record, person in self.person_of.items():
                household = self.household_of[person]
                relation = "twin" if person in twins else ("sibling" if household >= 0 else "")
                writer.writerow(
                    [uuid.UUID(record), person, "", household if household >= 0 else "", relation]
                )

    def pairs(self) -> set[tuple[str, str]]:
        by_person: dict[int, list[str]] = {}
        for record, person in self.person_of.items():
            by_person.setdefault(person, []).append(record)
        return {tuple(sorted((a, b))) for ids in by_person.values() for a in ids for b in ids if a < b}  # type: ignore[misc]

    def relative_pairs(self, *, twins_only: bool = False) -> set[tuple[str, str]]:
        records = list(self.person_of.items())
        by_household: dict[int, list[tuple[str, int]]] = {}
        for record, person in records:
            by_household.setdefault(self.household_of[person], []).append((record, person))
        out = set()
        for members in by_household.values():
            for a, pa in members:
                for b, pb in members:
                    if a < b and pa != pb and (not twins_only or frozenset((pa, pb)) in self.twins):
                        out.add((a, b))
        return out


@dataclass
class _Person:
    number: int
    household: int
    sex: str
    given: tuple[str, list[str]]
    family: tuple[str, list[str]]
    nickname: tuple[str, str] | None
    birth: datetime.date
    district: str
    province: str
    village: str
    phone: str | None
    twin_of: int | None = None
    status: str = "returnee"


def _slip(text: str, rng: random.Random, rate: float) -> str:
    letters = "abcdefghiklmnoprstuvy"
    out = []
    for ch in text:
        if ch.isalpha() and ch.isascii() and rng.random() < rate:
            kind = rng.randrange(3)
            if kind == 0:
                continue  # left out
            out.append(rng.choice(letters) if kind == 1 else ch + ch)  # wrong key, or doubled
        else:
            out.append(ch)
    return "".join(out) or text


def _phone(rng: random.Random) -> str:
    return f"020 {rng.choice('2579')}{rng.randint(0, 9)}{rng.randint(100000, 999999)}"


def _people(rng: random.Random, count: int, districts: list[tuple[str, str]]) -> Iterator[_Person]:
    number = household = 0
    while number < count:
        family = rng.choice(FAMILIES)
        district, province = rng.choice(districts)
        village = (
            f"Ban {rng.choice(['Na', 'Nong', 'Phon', 'Don', 'Houay', 'Kok', 'Sang'])}{rng.randint(1, 40)}"
        )
        phone = _phone(rng) if rng.random() < 0.75 else None
        size = rng.choices([1, 2, 3, 4], weights=[55, 25, 13, 7])[0]
        born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randint(0, 40 * 365))
        twins = rng.random() < 0.04 and size >= 2
        used: set[str] = set()
        first = number
        for member in range(size):
            sex = rng.choice(["female", "male"])
            given = rng.choice(WOMEN if sex == "female" else MEN)
            while given[0] in used:
                given = rng.choice(WOMEN if sex == "female" else MEN)
            used.add(given[0])
            if member < 2 and twins:
                birth = born
            else:
                birth = born + datetime.timedelta(days=rng.randint(-9 * 365, 9 * 365))
            yield _Person(
                number=number,
                household=household if size > 1 else -1 - number,
                sex=sex,
                given=given,
                family=family,
                nickname=rng.choice(NICKNAMES) if rng.random() < 0.25 else None,
                birth=birth,
                district=district,
                province=province,
                village=village,
                phone=phone if rng.random() < 0.6 else (_phone(rng) if rng.random() < 0.7 else None),
                twin_of=first if member == 1 and twins else None,
                status=rng.choice(["returnee", "returnee", "prospective", "current", "family_member"]),
            )
            number += 1
        household += 1


def _first(person: _Person, rng: random.Random) -> PersonInput:
    nickname = person.nickname
    return PersonInput(
        given_name_lo=person.given[0],
        family_name_lo=person.family[0],
        given_name_latin=person.given[1][0],
        family_name_latin=person.family[1][0],
        sex=person.sex,
        migrant_status=person.status,
        birth_date=person.birth if rng.random() < 0.85 else None,
        birth_year=person.birth.year,
        home_province=person.province,
        home_district=person.district,
        home_village=person.village,
        phones=[person.phone] if person.phone else [],
        aliases=[AliasInput("nickname", nickname[1]), AliasInput("nickname", nickname[0])]
        if nickname
        else [],
    )


def _again(person: _Person, rng: random.Random) -> PersonInput:
    """A second registration by another clerk, with that clerk's habits and slips."""
    given_lo, family_lo = person.given[0], person.family[0]
    given_lat = rng.choice(person.given[1]) if rng.random() < 0.5 else person.given[1][0]
    family_lat = rng.choice(person.family[1]) if rng.random() < 0.5 else person.family[1][0]
    given_lat, family_lat = _slip(given_lat, rng, 0.015), _slip(family_lat, rng, 0.015)
    aliases = []
    if person.nickname and rng.random() < 0.04 / 0.25:
        given_lo, given_lat = person.nickname
        if rng.random() < 0.5:
            aliases = [AliasInput("nickname", person.given[1][0])]
    if rng.random() < 0.02:
        given_lat, family_lat = f"{given_lat} {family_lat}", ""
    if rng.random() < 0.15:
        given_lat, family_lat = given_lat.upper(), family_lat.upper()
    if rng.random() < 0.10:
        title_lo, title_lat = rng.choice(TITLES[person.sex])
        given_lo, given_lat = f"{title_lo} {given_lo}", f"{title_lat} {given_lat}"
    script = rng.random()
    if script < 0.08:
        given_lat = family_lat = ""
    elif script < 0.20:
        given_lo = family_lo = ""
    birth_date: datetime.date | None = person.birth
    birth_year: int | None = person.birth.year
    roll = rng.random()
    if roll < 0.05:
        birth_date = person.birth + datetime.timedelta(days=rng.choice([-1, 1]))
    elif roll < 0.10 and person.birth.day <= 12 and person.birth.day != person.birth.month:
        birth_date = person.birth.replace(month=person.birth.day, day=person.birth.month)
    elif roll < 0.35:
        birth_date, birth_year = (
            None,
            person.birth.year + rng.choice([0, 0, 1]),
        )  # from age: often a year late
    elif roll < 0.40:
        birth_date = birth_year = None
    elif roll < 0.45:
        birth_date = datetime.date(person.birth.year, 1, 1)
    if birth_date is not None:
        birth_year = birth_date.year
    roll = rng.random()
    phones = [person.phone] if person.phone and roll < 0.45 else ([_phone(rng)] if roll < 0.70 else [])
    return PersonInput(
        given_name_lo=given_lo,
        family_name_lo=family_lo,
        given_name_latin=given_lat,
        family_name_latin=family_lat,
        sex=person.sex,
        migrant_status=person.status,
        birth_date=birth_date,
        birth_year=birth_year,
        home_province=person.province,
        home_district=person.district,
        home_village=person.village if rng.random() < 0.65 else "",
        phones=phones,
        aliases=aliases,
    )


def registry_b(*, actor, people: int, seed: int, again: float = 0.2) -> Truth:
    """Register `people` people (and about `again` of them a second time) through the import path."""
    rng = random.Random(seed)
    districts = list(District.objects.filter(province__country_id="LA").values_list("code", "province_id"))
    truth = Truth()
    items: list[PersonInput] = []
    owners: list[int] = []
    for person in _people(rng, people, districts):
        truth.household_of[person.number] = person.household
        if person.twin_of is not None:
            truth.twins.add(frozenset((person.number, person.twin_of)))
        items.append(_first(person, rng))
        owners.append(person.number)
        if rng.random() < again:
            items.append(_again(person, rng))
            owners.append(person.number)
    order = list(range(len(items)))
    rng.shuffle(order)  # partners' files arrive in no particular order
    created: list = []
    for start in range(0, len(order), 5000):  # as an import writes: a chunk at a time
        created += person_create_many(actor=actor, items=[items[i] for i in order[start : start + 5000]])
    for i, result in zip(order, created, strict=True):
        if hasattr(result, "pk"):
            truth.person_of[result.pk.hex] = owners[i]
    truth.rejected = len(created) - len(truth.person_of)
    return truth
