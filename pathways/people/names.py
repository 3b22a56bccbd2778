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
