"""Synthetic Lao people's names, and the ways a second partner writes the same person differently.

Used by the demo-data generator and by duplicate-detection benchmarks, so it must stay free of Django and
of models. All randomness comes from the caller's `random.Random`, so a seed reproduces a dataset.
"""

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from pathways.demo.name_data import (
    FAMILY,
    FEMALE_GIVEN,
    HMONG_CLANS,
    HMONG_FEMALE,
    HMONG_MALE,
    KHMU_FEMALE,
    KHMU_MALE,
    MALE_GIVEN,
    NICKNAMES,
    NameEntry,
)

__all__ = ["SyntheticName", "generate_name", "romanisation_variants", "sibling_name", "vary_name"]

NO_FAMILY_SHARE = 0.08
NICKNAME_SHARE = 0.30
HMONG_SHARE = 0.08
# Of the people without a family name, the share who are Khmu; the rest are older Lao registrations.
KHMU_OF_NO_FAMILY = 0.6
# How often the commonest spelling is the one a person actually uses.
COMMON_SPELLING_SHARE = 0.7

LO_LIGATURE = "\u0eab\u0ebc"  # ຫຼ as one sign, what Lao keyboards with the ligature key produce
LO_SPLIT = "\u0eab\u0ea5"  # ຫ + ລ, what older keyboards and fonts without ຼ force people to type
TONE_MARKS = "\u0ec8\u0ec9\u0eca\u0ecb"


@dataclass(frozen=True)
class SyntheticName:
    given_lo: str
    family_lo: str
    given_latin: str
    family_latin: str
    nickname_lo: str
    nickname_latin: str
    sex: str


_GIVEN_SPELLINGS: dict[str, list[str]] = {}
_FAMILY_SPELLINGS: dict[str, list[str]] = {}
for _entries in (FEMALE_GIVEN, MALE_GIVEN, HMONG_FEMALE, HMONG_MALE, KHMU_FEMALE, KHMU_MALE):
    for _lo, _latin in _entries:
        _GIVEN_SPELLINGS.setdefault(_lo, _latin)
for _lo, _latin in (*FAMILY, *HMONG_CLANS):
    _FAMILY_SPELLINGS.setdefault(_lo, _latin)


def _pick(entries: list[NameEntry], rng: random.Random) -> tuple[str, str]:
    lao, spellings = rng.choice(entries)
    if len(spellings) == 1 or rng.random() < COMMON_SPELLING_SHARE:
        return lao, spellings[0]
    return lao, rng.choice(spellings[1:])


def generate_name(rng: random.Random) -> SyntheticName:
    """Return one person's name as their first registration would record it."""
    sex = rng.choice(("female", "male"))
    female = sex == "female"
    family_lo = family_latin = ""
    if rng.random() < NO_FAMILY_SHARE:
        if rng.random() < KHMU_OF_NO_FAMILY:
            given_lo, given_latin = _pick(KHMU_FEMALE if female else KHMU_MALE, rng)
        else:
            given_lo, given_latin = _pick(FEMALE_GIVEN if female else MALE_GIVEN, rng)
    elif rng.random() < HMONG_SHARE:
        given_lo, given_latin = _pick(HMONG_FEMALE if female else HMONG_MALE, rng)
        family_lo, family_latin = _pick(HMONG_CLANS, rng)
    else:
        given_lo, given_latin = _pick(FEMALE_GIVEN if female else MALE_GIVEN, rng)
        family_lo, family_latin = _pick(FAMILY, rng)
    nickname_lo = nickname_latin = ""
    if rng.random() < NICKNAME_SHARE:
        nickname_lo, nickname_latin = rng.choice(NICKNAMES)
    return SyntheticName(
        given_lo=given_lo,
        family_lo=family_lo,
        given_latin=given_latin,
        family_latin=family_latin,
        nickname_lo=nickname_lo,
        nickname_latin=nickname_latin,
        sex=sex,
    )


# Each rule is one habit of writing the same Lao sound; every match yields its own variant, because a
# clerk changes one syllable at a time, not the whole name.
_ROMANISATION_RULES: list[tuple[re.Pattern[str], str]] = [
    # French-era "ou" for ອຸ/ູ against the English-style "u" of passports since the 2000s.
    (re.compile(r"ou"), "u"),
    (re.compile(r"(?<![oe])u"), "ou"),
    # ຊ is "x" in the Lao-French system and "s" for anyone who has never seen it.
    (re.compile(r"x"), "s"),
    (re.compile(r"s(?=a[iy]|i[ae])"), "x"),
    # ພ/ຜ: "ph" is standard, but staff who pronounce it write a bare "p" (and the reverse).
    (re.compile(r"ph"), "p"),
    (re.compile(r"p(?!h)"), "ph"),
    # ວ: French "v" against English "w".
    (re.compile(r"v"), "w"),
    (re.compile(r"w"), "v"),
    # Closing ີ/ໄ-ai: "y" in the French habit, "i" in the English one.
    (re.compile(r"(?<=[a-z])y(?![aeiou])"), "i"),
    (re.compile(r"(?<=[a-z])i\b"), "y"),
    # The silent final h marking ນ/ດ endings ("Souksavanh", "Sombath") comes and goes.
    (re.compile(r"(?<=[aeiou][nt])h\b"), ""),
    (re.compile(r"(?<=a)n\b"), "nh"),
    (re.compile(r"(?<=[aeiou])t\b"), "th"),
    # Doubled consonants of Pali-derived names ("Phommachanh") are collapsed or invented.
    (re.compile(r"([a-z])\1"), r"\1"),
    (re.compile(r"(?<=[aeiou])([mnlt])(?=[aeiou])"), r"\1\1"),
    # ຽ is "ie" (Vieng) or "ia" (Viang).
    (re.compile(r"ie"), "ia"),
    (re.compile(r"ia"), "ie"),
    # ແ is "e" or "ae" (Seng / Saeng).
    (re.compile(r"ae"), "e"),
    (re.compile(r"(?<![aeio])e(?=ng)"), "ae"),
    # The final "e" that marks a long ອນ (Phone, Sone) is often left off, or added.
    (re.compile(r"(?<=o)ne\b"), "n"),
    (re.compile(r"(?<=[a-z]o)n\b"), "ne"),
]


def _restore_case(variant: str, original: str) -> str:
    if original.isupper():
        return variant.upper()
    if original[:1].isupper():
        return " ".join(word[:1].upper() + word[1:] for word in variant.split(" "))
    return variant


def romanisation_variants(latin: str) -> list[str]:
    """Return other plausible Latin spellings of the same Lao name, one habit changed in each (rule order)."""
    lowered = latin.lower()
    seen = {lowered}
    variants: list[str] = []
    for pattern, replacement in _ROMANISATION_RULES:
        for match in pattern.finditer(lowered):
            candidate = lowered[: match.start()] + match.expand(replacement) + lowered[match.end() :]
            if candidate.strip() and candidate not in seen:
                seen.add(candidate)
                variants.append(_restore_case(candidate, latin))
    return variants


_KEYBOARD_NEIGHBOURS = {
    "q": "wa", "w": "qase", "e": "wsdr", "r": "edft", "t": "rfgy", "y": "tghu", "u": "yhji", "i": "ujko",
    "o": "iklp", "p": "ol", "a": "qwsz", "s": "awedxz", "d": "serfcx", "f": "drtgvc", "g": "ftyhbv",
    "h": "gyujnb", "j": "huikmn", "k": "jiolm", "l": "kop", "z": "asx", "x": "zsdc", "c": "xdfv",
    "v": "cfgb", "b": "vghn", "n": "bhjm", "m": "njk",
}  # fmt: skip


def _typo(text: str, rng: random.Random) -> str:
    """Return text with one slip of a fast typist: a neighbouring key, two letters swapped, or one missed."""
    kinds = ["neighbour"]
    pairs = range(len(text) - 1)
    swaps = [i for i in pairs if text[i].lower() != text[i + 1].lower() and " " not in text[i : i + 2]]
    if swaps:
        kinds.append("swap")
    if len(text) > 2:
        kinds.append("drop")
    kind = rng.choice(kinds)
    if kind == "swap":
        i = rng.choice(swaps)
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == "drop":
        i = rng.randrange(1, len(text))  # the first letter is seldom the one missed
        return text[:i] + text[i + 1 :]
    positions = [i for i, ch in enumerate(text) if ch.lower() in _KEYBOARD_NEIGHBOURS]
    if not positions:
        return text
    i = rng.choice(positions)
    new = rng.choice(_KEYBOARD_NEIGHBOURS[text[i].lower()])
    return text[:i] + (new.upper() if text[i].isupper() else new) + text[i + 1 :]


def _latin_field(name: SyntheticName, rng: random.Random) -> str:
    # Given names are retyped more often than family names, which people show on an ID card.
    if name.family_latin and rng.random() < 0.4:
        return "family_latin"
    return "given_latin"


def _listed_spelling(name: SyntheticName, rng: random.Random) -> SyntheticName | None:
    field = _latin_field(name, rng)
    lao = (name.family_lo if field == "family_latin" else name.given_lo).replace(LO_SPLIT, LO_LIGATURE)
    spellings = (_FAMILY_SPELLINGS if field == "family_latin" else _GIVEN_SPELLINGS).get(lao, [])
    current = getattr(name, field)
    others = [s for s in spellings if s.lower() != current.lower()]
    if not others:
        return None
    return replace(name, **{field: _restore_case(rng.choice(others), current)})


def _rule_spelling(name: SyntheticName, rng: random.Random) -> SyntheticName | None:
    field = _latin_field(name, rng)
    variants = romanisation_variants(getattr(name, field))
    return replace(name, **{field: rng.choice(variants)}) if variants else None


def _latin_typo(name: SyntheticName, rng: random.Random) -> SyntheticName | None:
    field = _latin_field(name, rng)
    return replace(name, **{field: _typo(getattr(name, field), rng)})


def _split_lo(name: SyntheticName, rng: random.Random) -> SyntheticName | None:
    fields = [f for f in ("given_lo", "family_lo") if LO_LIGATURE in getattr(name, f)]
    if not fields:
        return None
    field = rng.choice(fields)
    return replace(name, **{field: getattr(name, field).replace(LO_LIGATURE, LO_SPLIT)})


def _tone_slip(name: SyntheticName, rng: random.Random) -> SyntheticName | None:
    # Tone marks are dropped when typing fast and ່/້ are confused on phones, where they sit side by side.
    fields = [f for f in ("given_lo", "family_lo") if any(mark in getattr(name, f) for mark in TONE_MARKS)]
    if not fields:
        return None
    field = rng.choice(fields)
    text = getattr(name, field)
    i = rng.choice([i for i, ch in enumerate(text) if ch in TONE_MARKS])
    new = "" if rng.random() < 0.5 else rng.choice([mark for mark in TONE_MARKS[:2] if mark != text[i]])
    return replace(name, **{field: text[:i] + new + text[i + 1 :]})


def _swap_order(name: SyntheticName, rng: random.Random) -> SyntheticName | None:
    # Forms copied from passports or Thai work permits put the family name first.
    if not name.family_latin:
        return None
    return replace(name, given_latin=name.family_latin, family_latin=name.given_latin)


def _drop_family(name: SyntheticName, rng: random.Random) -> SyntheticName | None:
    # Outreach workers register people met in the village by given name only.
    if not (name.family_lo or name.family_latin):
        return None
    return replace(name, family_lo="", family_latin="")


def _nickname_as_given(name: SyntheticName, rng: random.Random) -> SyntheticName | None:
    # Returnees often give the name everyone calls them, and a second nickname field is then left empty.
    if not (name.nickname_lo and name.nickname_latin):
        return None
    return replace(
        name, given_lo=name.nickname_lo, given_latin=name.nickname_latin, nickname_lo="", nickname_latin=""
    )


# What a clerk may write before the given name: ທ້າວ (Mr) and ນາງ (Ms, Mrs, Miss), romanised or in English.
# Lao forms often run the title into the name without a space, as Lao script has none between words.
HONORIFICS = {
    "female": [("ນາງ", "Ms"), ("ນາງ", "Mrs"), ("ນາງ", "Nang"), ("ນາງ", "Miss")],
    "male": [("ທ້າວ", "Mr"), ("ທ້າວ", "Mr."), ("ທ້າວ", "Thao")],
}


def _honorific(name: SyntheticName, rng: random.Random) -> SyntheticName | None:
    lo, latin = rng.choice(HONORIFICS[name.sex])
    space = "" if rng.random() < 0.4 else " "
    return replace(name, given_lo=f"{lo}{space}{name.given_lo}", given_latin=f"{latin} {name.given_latin}")


def _case_change(name: SyntheticName, rng: random.Random) -> SyntheticName:
    # Spreadsheet imports and border-post lists arrive in capitals; some phone entries arrive all lower.
    if name.given_latin.isupper():
        return replace(name, given_latin=name.given_latin.lower(), family_latin=name.family_latin.lower())
    return replace(name, given_latin=name.given_latin.upper(), family_latin=name.family_latin.upper())


_VARIATIONS: list[tuple[Callable[[SyntheticName, random.Random], SyntheticName | None], int]] = [
    (_listed_spelling, 25),
    (_rule_spelling, 20),
    (_latin_typo, 15),
    (_split_lo, 12),
    (_tone_slip, 8),
    (_swap_order, 6),
    (_drop_family, 6),
    (_nickname_as_given, 5),
    (_case_change, 8),
    (_honorific, 6),
]


def vary_name(name: SyntheticName, rng: random.Random) -> SyntheticName:
    """Return the same person's name as a different partner might enter it: one to three realistic changes.

    The result always differs from `name` and always keeps a non-empty given name in both scripts.
    """
    wanted = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
    result = name
    available = list(_VARIATIONS)
    changes = 0
    while changes < wanted and available:
        choice = rng.choices(range(len(available)), weights=[weight for _, weight in available])[0]
        variation, _weight = available.pop(choice)
        candidate = variation(result, rng)
        if candidate is None or candidate == result or not _plausible(candidate):
            continue
        result = candidate
        changes += 1
    if result == name:
        # Only reachable when every change cancelled out; a typo in the given name always shows.
        candidate = replace(name, given_latin=_typo(name.given_latin, rng))
        result = candidate if candidate != name and _plausible(candidate) else _case_change(name, rng)
    return result


def sibling_name(name: SyntheticName, rng: random.Random) -> SyntheticName:
    """A brother's or sister's name: the same family name in both scripts, a given name of their own."""
    while True:
        other = generate_name(rng)
        if other.given_lo != name.given_lo and other.given_latin.lower() != name.given_latin.lower():
            break
    return replace(other, family_lo=name.family_lo, family_latin=name.family_latin)


def _plausible(name: SyntheticName) -> bool:
    return bool(name.given_lo.strip() and name.given_latin.strip())
