"""Name keys that make one person findable however a partner spelt them.

Search and sorting run on keys stored beside the names, computed here, so both databases behave the same
and the rules live in one place (identity resolution reuses them).
"""

import re
import unicodedata
from functools import lru_cache

import icu

LAO_TONE_MARKS = dict.fromkeys(map(ord, "\u0ec8\u0ec9\u0eca\u0ecb"))
# ຫຼ (U+0EAB U+0EBC) is often typed as ຫ + ລ (U+0EAB U+0EA5); both spell the same sound.
_LAO_LO_LIGATURE = ("\u0eab\u0ea5", "\u0eab\u0ebc")
_LATIN_RULES = [
    # Romanisations of the same Lao letters, from the spellings partners actually send.
    (re.compile(r"ou"), "u"),
    (re.compile(r"x"), "s"),
    (re.compile(r"ph"), "p"),
    (re.compile(r"th"), "t"),
    (re.compile(r"kh"), "k"),
    (re.compile(r"v"), "w"),
    (re.compile(r"y"), "i"),
    (re.compile(r"ie"), "ia"),
    (re.compile(r"([a-z])\1+"), r"\1"),
    (re.compile(r"(?<=[a-z])h\b"), ""),
    # French-style silent final e: Phone/Phon, Sone/Son.
    (re.compile(r"(?<=n)e\b"), ""),
]
_collator = icu.Collator.createInstance(icu.Locale("lo"))


def normalise(text: str) -> str:
    """Return the canonical stored form: NFC, ຫຼ in its one-character form, single spaces."""
    text = unicodedata.normalize("NFC", text or "").replace(*_LAO_LO_LIGATURE)
    return " ".join(text.split())


# Names repeat (a registry has far fewer distinct given names than people), and folding runs several regular
# expressions: imports and the matching keys fold the same few thousand names again and again.
@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Return a search key: case, accents, tone marks and romanisation variants folded away."""
    text = unicodedata.normalize("NFKC", normalise(text)).translate(LAO_TONE_MARKS).casefold()
    text = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(ch) or "\u0e80" <= ch <= "\u0eff"
    )
    for pattern, replacement in _LATIN_RULES:
        text = pattern.sub(replacement, text)
    # Keep letters, digits and combining marks (Lao vowels and signs are marks); everything else separates.
    kept = "".join(ch if ch.isalnum() or unicodedata.category(ch).startswith("M") else " " for ch in text)
    return " ".join(kept.split())


def sort_key(text: str) -> str:
    """Return a key whose plain string order is Lao collation order (pre-posed vowels skipped)."""
    return _collator.getSortKey(normalise(text)).hex()


# Titles partners write before names, longest first so "ນາງສາວ" is not read as "ນາງ" + "ສາວ...", with the
# sex each implies ("" when it implies none). Lao and Thai titles are often written without a space.
TITLES: list[tuple[str, str]] = sorted(
    [
        ("ທ້າວ", "male"),
        ("ທ.", "male"),
        ("ນາງສາວ", "female"),
        ("ນາງ", "female"),
        ("ນ.", "female"),
        ("ສາວ", "female"),
        ("ທ່ານນາງ", "female"),
        ("ທ່ານ", ""),
        ("ດຣ.", ""),
        ("ປອ.", ""),
        ("นางสาว", "female"),
        ("น.ส.", "female"),
        ("นาง", "female"),
        ("นาย", "male"),
        ("เด็กชาย", "male"),
        ("ด.ช.", "male"),
        ("เด็กหญิง", "female"),
        ("ด.ญ.", "female"),
        ("ดร.", ""),
        ("คุณ", ""),
    ],
    key=lambda title: -len(title[0]),
)
# Latin-letter titles stand apart from the name (a space or a dot after them); romanised Lao titles
# (Thao, Nang, Sao) only before two more words, as Nang or Sao alone may be a given name.
LATIN_TITLES = {
    "mr": "male",
    "mrs": "female",
    "ms": "female",
    "miss": "female",
    "mx": "",
    "dr": "",
    "thao": "male",
    "nang": "female",
    "sao": "female",
}
_ROMANISED = {"thao", "nang", "sao"}


def without_title(text: str) -> tuple[str, str]:
    """The name without the title it starts with, and the sex the title implies ("" if none or no title)."""
    name = " ".join(text.split())
    for title, sex in TITLES:
        rest = name[len(title) :].lstrip(" .")
        # Lao and Thai titles may be glued to the name; what follows must then begin a syllable (a
        # consonant or a leading vowel), so คุณากร or ສາວິດ keep their first letters.
        if not name.startswith(title) or not rest:
            continue
        apart = title.endswith(".") or name[len(title)] in " ."
        if (apart and rest[0].isalpha()) or _begins_syllable(rest[0]):
            return rest, sex
    first, _space, rest = name.partition(" ")
    word = first.rstrip(".").casefold()
    if word in LATIN_TITLES and rest and (word not in _ROMANISED or len(rest.split()) >= 2):
        return rest.strip(), LATIN_TITLES[word]
    return name, ""


def _begins_syllable(ch: str) -> bool:
    return (
        "\u0e01" <= ch <= "\u0e2e"  # Thai consonants
        or "\u0e40" <= ch <= "\u0e44"  # Thai leading vowels
        or "\u0e81" <= ch <= "\u0eae"  # Lao consonants
        or "\u0ec0" <= ch <= "\u0ec4"  # Lao leading vowels
        or "\u0edc" <= ch <= "\u0edf"  # Lao ligatures (ໜ, ໝ)
    )


def split_full_name(text: str) -> tuple[str, str]:
    """(given, family) of a full name as partners write it: "Given Family Name" (the first word is the
    given name, as Lao and Thai names are written), "FAMILY, Given", or one word (no family name)."""
    name = " ".join(text.replace(",", ", ").split())
    if "," in name:
        family, _comma, given = name.partition(",")
        return given.strip(), family.strip()
    given, _space, family = name.partition(" ")
    return given, family
