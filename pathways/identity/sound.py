"""The consonant skeleton of a name, the same whether it is written in Lao script or in Latin letters.

A record from a Lao-only village list and one from a Latin-only partner spreadsheet share no spelling, but
they share the consonants of the name: ສຸກສະຫວັນ and Souksavanh, Suksavan or Souksavan all come to
`sksvn`. Vowels are left out (their romanisations are the least stable part: ou/u, ae/e, ia/ie, y/i), and
consonants that partners romanise in several ways fall into one class: aspirated and plain stops
(ພ/ປ/ບ = ph/p/b), ຊ/ສ = x/s, ຈ = ch/j, ລ/ຣ = l/r. Letters that are silent or vowels in one script and written
in the other (ຫ before a consonant, ອ, ຍ and ວ as parts of a vowel; h, y, w after a vowel) are dropped on
both sides. Repeated classes collapse (Phommachanh, Phomachan).
"""

import re
import unicodedata
from functools import lru_cache

# Lao consonants by class. ຍ/ຢ (y, ny), ຫ/ຮ (h) and ອ (a vowel carrier) are left out on purpose.
_LAO_CLASS = {
    "ກ": "k", "ຂ": "k", "ຄ": "k", "ງ": "g", "ຈ": "c", "ຊ": "s", "ສ": "s", "ດ": "t", "ຕ": "t", "ຖ": "t",
    "ທ": "t", "ນ": "n", "ໜ": "n", "ບ": "p", "ປ": "p", "ຜ": "p", "ພ": "p", "ຝ": "f", "ຟ": "f", "ມ": "m",
    "ໝ": "m", "ລ": "l", "ຣ": "l", "ຼ": "l", "ຳ": "m",
}  # fmt: skip
_LAO_VOWEL_SIGNS = set("ະັາິີຶືຸູົຽອໍ")
_LAO_LEADING_VOWELS = set("ເແໂໃໄ")
_LAO_TONES = set("່້໊໋")

# Latin, longest first: digraphs before their letters. "ng" is ງ; a final "nh" is ນ (the h is dropped).
_LATIN = [
    ("ng", "g"), ("ph", "p"), ("th", "t"), ("kh", "k"), ("ch", "c"), ("sh", "s"),
    ("b", "p"), ("p", "p"), ("d", "t"), ("t", "t"), ("k", "k"), ("g", "k"), ("q", "k"), ("c", "k"),
    ("j", "c"), ("x", "s"), ("s", "s"), ("z", "s"), ("n", "n"), ("m", "m"), ("l", "l"), ("r", "l"),
    ("f", "f"), ("v", "v"),
]  # fmt: skip
_LATIN_PATTERN = re.compile("|".join(sorted((k for k, _ in _LATIN), key=len, reverse=True)) + "|w(?=[aeiou])")
_LATIN_CLASS = dict(_LATIN) | {"w": "v"}


def _collapse(classes: list[str]) -> str:
    return re.sub(r"(.)\1+", r"\1", "".join(classes))


def _lao(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        if ch == "ວ":
            # ວ is the consonant v before a vowel sign (ວັນ, ວົງ, ຫວັນ) or after a leading vowel (ໄວ); elsewhere
            # it is part of a vowel (ບົວ, ດວງ) or a final glide (ແກ້ວ), written o/ou/w or nothing in Latin.
            after = text[i + 1 : i + 3].lstrip("".join(_LAO_TONES))
            before = text[i - 1] if i else ""
            if (after[:1] in _LAO_VOWEL_SIGNS and after[:2] != "ົວ") or (before in _LAO_LEADING_VOWELS):
                out.append("v")
            continue
        cls = _LAO_CLASS.get(ch)
        if cls:
            out.append(cls)
    return _collapse(out)


_LATIN_BEFORE = [
    # r after a stop opening a syllable (Prasert, ປະເສີດ) is a Thai spelling habit Lao does not say; r
    # closing a syllable (Manisorn, Sophar) marks a long vowel.
    (re.compile(r"(ph|kh|[bkp])r"), r"\1"),
    (re.compile(r"\b(th|t)r"), r"\1"),
    (re.compile(r"r(?![aeiouy])"), ""),
    # A final l is ນ spelt the Thai way (Bounnaphol); a final s after ng is silent (Inthavongs).
    (re.compile(r"l\b"), "n"),
    (re.compile(r"(?<=ng)s\b"), ""),
    # gn is ນຍ (Inthapagna, ອິນທະປັນຍາ); ny/nh before a vowel at the start is ຍ (Nhia), which has no class.
    (re.compile(r"gn"), "n"),
    (re.compile(r"\bn[yh](?=[aeiou])"), ""),
]


def _latin(text: str) -> str:
    for pattern, replacement in _LATIN_BEFORE:
        text = pattern.sub(replacement, text)
    return _collapse([_LATIN_CLASS[m.group(0)] for m in _LATIN_PATTERN.finditer(text)])


@lru_cache(maxsize=100_000)
def skeleton(text: str) -> str:
    """The consonant classes of a name in either script ("" when it has none, e.g. Oy, ອ້ອຍ)."""
    # NFKC (what people.names.fold gives) spells ຳ as ໍ + າ; both are "am".
    text = unicodedata.normalize("NFC", text or "").replace("\u0ecd\u0eb2", "\u0eb3")
    text = text.replace("\u0eab\u0ea5", "\u0eab\u0ebc").casefold()
    letters = "".join(ch for ch in text if ch.isalpha() or "\u0e80" <= ch <= "\u0eff")
    if any("\u0e80" <= ch <= "\u0eff" for ch in letters):
        return _lao(letters)
    ascii_letters = unicodedata.normalize("NFKD", letters).encode("ascii", "ignore").decode()
    return _latin(ascii_letters)
