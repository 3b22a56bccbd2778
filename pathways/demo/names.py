"""Synthetic Lao names in both scripts, with the romanisation variants partners produce on re-entry.

Stand-in written by the imports branch because seeding.py imports this module and main does not contain
it; replace it with the original if it turns up.
"""

import random
from dataclasses import dataclass, replace

# (Lao script, Latin spelling, other Latin spellings, sex)
GIVEN = [
    ("ສຸກສະຫວັນ", "Souksavanh", ["Souksavan", "Suksavan", "Souksavane"], "female"),
    ("ແສງດາວ", "Sengdao", ["Sengdaw", "Seng Dao"], "female"),
    ("ບຸນມີ", "Bounmy", ["Bounmi", "Bunmi"], "male"),
    ("ພອນສະຫວັນ", "Phonesavanh", ["Phonsavan", "Phonesavan"], "male"),
    ("ຄຳຫຼ້າ", "Khamla", ["Khamlar", "Kham La"], "male"),
    ("ມະນີວັນ", "Manivanh", ["Manivan", "Maniwan"], "female"),
    ("ວຽງໄຊ", "Viengxay", ["Vieng Xay", "Wiangsai"], "male"),
    ("ນ້ອຍ", "Noy", ["Noi", "Nouy"], "female"),
    ("ດາວວອນ", "Daovone", ["Daovon", "Dao Vone"], "female"),
    ("ສົມສັກ", "Somsack", ["Somsak", "Somsac"], "male"),
    ("ທອງໃສ", "Thongsay", ["Thongsai", "Tongsay"], "male"),
    ("ອານຸສອນ", "Anousone", ["Anouson", "Anuson"], "male"),
    ("ຈັນທະວີ", "Chanthavy", ["Chanthavi", "Chantavy"], "female"),
    ("ແກ້ວ", "Keo", ["Kaew", "Kèo"], "female"),
    ("ສີສະຫວາດ", "Sisavath", ["Sisavat", "Sisawat"], "male"),
    ("ພູວົງ", "Phouvong", ["Phuvong", "Pouvong"], "male"),
    ("ນາລີ", "Naly", ["Nali", "Nalee"], "female"),
    ("ຂັນທະລີ", "Khanthaly", ["Khantaly", "Khanthali"], "female"),
]
FAMILY = [
    ("ພົມມະຈັນ", "Phommachanh", ["Phommachan", "Pommachan"]),
    ("ສີຫາລາດ", "Sihalath", ["Sihalat", "Syhalath"]),
    ("ແກ້ວມະນີ", "Keomany", ["Kaewmani", "Keomani"]),
    ("ວົງສາ", "Vongsa", ["Wongsa", "Vongsaa"]),
    ("ສຸລິຍະວົງ", "Souliyavong", ["Suliyavong", "Souliyavongs"]),
    ("ອິນທະວົງ", "Inthavong", ["Intavong", "Inthavongs"]),
    ("ໄຊຍະສານ", "Xayasane", ["Sayasan", "Xayasan"]),
    ("ພັນທະວົງ", "Phanthavong", ["Panthavong", "Phantavong"]),
    ("ຈັນທະລາ", "Chanthala", ["Chantala", "Chanthalar"]),
    ("ລາດສະວົງ", "Latsavong", ["Lasavong", "Latsavongs"]),
    ("ບຸບຜາ", "Bouphha", ["Boupha", "Bupha"]),
    ("ດວງມາລາ", "Douangmala", ["Duangmala", "Douangmara"]),
]
NICKNAMES = [("ນ້ອຍ", "Noy"), ("ຕຸ້ຍ", "Touy"), ("ແດງ", "Daeng"), ("ຕຸ່ນ", "Toun"), ("", "")]


@dataclass(frozen=True)
class SyntheticName:
    given_lo: str
    family_lo: str
    given_latin: str
    family_latin: str
    sex: str
    nickname_lo: str = ""
    nickname_latin: str = ""
    given_variants: tuple[str, ...] = ()
    family_variants: tuple[str, ...] = ()


def generate_name(rng: random.Random) -> SyntheticName:
    given_lo, given_latin, given_variants, sex = rng.choice(GIVEN)
    # Some ethnic-minority people have no family name.
    if rng.random() < 0.05:
        family_lo, family_latin, family_variants = "", "", list[str]()
    else:
        family_lo, family_latin, family_variants = rng.choice(FAMILY)
    nick_lo, nick_latin = rng.choice(NICKNAMES) if rng.random() < 0.3 else ("", "")
    return SyntheticName(
        given_lo,
        family_lo,
        given_latin,
        family_latin,
        sex,
        nick_lo,
        nick_latin,
        tuple(given_variants),
        tuple(family_variants),
    )


def vary_name(name: SyntheticName, rng: random.Random) -> SyntheticName:
    """The same person as another partner writes them: another romanisation, sometimes no Lao script."""
    given = rng.choice([name.given_latin, *name.given_variants])
    family = rng.choice([name.family_latin, *name.family_variants]) if name.family_latin else ""
    return replace(name, given_latin=given, family_latin=family)
