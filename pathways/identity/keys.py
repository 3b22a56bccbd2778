"""Matching keys: what a person record is compared and blocked on, computed once per write.

Batch detection reads these stored keys instead of folding millions of names on every run, and the check
on entry finds its handful of candidates through indexed key columns. Folding itself lives in
people.names; this module adds what only matching needs: phonetic keys, swap-tolerant name blocks, and
the rules that turn bad input (one-letter names, placeholder dates) into "unknown" rather than evidence.
"""

import datetime
import re
from dataclasses import dataclass

from pathways.identity.sound import skeleton
from pathways.people import names

# Partners type 01/01 when only the year is known and 1900-01-01 when nothing is; neither is evidence.
PLACEHOLDER_YEAR_MAX = 1900
# A phone on more than this many records is an office or a registrar's own number, not the person's.
SHARED_PHONE_LIMIT = 4

_VOWELS_AND_GLIDES = re.compile(r"[aeiouwyh]")

# Titles clerks write before a given name (folded): ທ້າວ (Mr) and ນາງ (Ms, Mrs), romanised or in English.
# In Lao script they are often run into the name, which has no spaces between words.
TITLES = {"mr", "mrs", "ms", "mis", "mister", "madam", "tao", "nang", "tan", "ທາວ", "ນາງ", "ທານ"}
_LAO_TITLE_PREFIXES = ("ທາວ", "ນາງ")

# Names Lao people go by (folded, both scripts): a record giving one as its given name may be the person
# another record names formally, so such a given name is not evidence against the match.
_NICKNAME_TEXT = (
    "Noy Noi Nok Lek Tou Tu Bee Bi Kham Ting Tui Toui La Daeng Deng Dam Nou Nu Mee Mi Keo Kai Pou Pu Nit "
    "Oy Ae O Jing Phet Toy Tik Tam Mon Pui Boy Bao Ton Nan Joy Am Aoy Muay Mai Yai Lin Pao Noo Tee Ying "
    "Nang Ble Kob Pla Som Dao Fon Nong Kung Nut Pin Beer Ice Golf Bank Jack Tao Ot Ou "
    "ນ້ອຍ ນົກ ເລັກ ຕຸ໊ ບີ ຄຳ ຕິ່ງ ຕຸ້ຍ ຫຼ້າ ແດງ ດຳ ໜູ ໝີ ແກ້ວ ໄກ່ ປູ ນິດ ອ້ອຍ ແອ໋ ໂອ ຈິ໋ງ ເພັດ ຕ໋ອຍ ຕິກ ຕາມ ມອນ "
    "ປຸ້ຍ ບອຍ ເບົາ ຕົ້ນ ນັນ ຈອຍ ອາມ ອ໋ອຍ ມວຍ ໃໝ່ ໃຫຍ່ ລິນ ເປົາ ຕີ ຍິ່ງ ໂອດ ອູ"
)
COMMON_NICKNAMES = {names.fold(n) for n in _NICKNAME_TEXT.split()}


def strip_title(text: str) -> str:
    """The name without a title before it (Mr Souk, ນາງ ມາລີ, ທ້າວສຸກ); a title alone is left as it is."""
    words = names.fold(text).split()
    if len(words) > 1 and words[0] in TITLES:
        return " ".join(words[1:])
    if len(words) == 1:
        for prefix in _LAO_TITLE_PREFIXES:
            if words[0].startswith(prefix) and len(words[0]) > len(prefix) + 1:
                return words[0][len(prefix) :]
    return " ".join(words)


def name_key(text: str) -> str:
    """Folded name without title or spaces ("Mr Souk Savanh" = "Souksavanh"); one letter or less: missing."""
    key = strip_title(text).replace(" ", "")
    return key if len(key) > 1 else ""


def sound_key(text: str) -> str:
    """The name's consonant skeleton (identity.sound), the same from Lao script and from Latin letters."""
    return skeleton(strip_title(text)) if name_key(text) else ""


def maybe_nickname(given_key: str) -> bool:
    """Whether a given name may be what the person is called rather than their name (Noy, ແອ໋, O)."""
    return given_key in COMMON_NICKNAMES


def phonetic_key(text: str) -> str:
    """A coarse Latin key: first letter then consonants, so vowel romanisations (o/ou/u, e/ae) agree."""
    key = name_key(text)
    if not key or not key.isascii():
        return ""
    rest = _VOWELS_AND_GLIDES.sub("", key[1:])
    return re.sub(r"(.)\1+", r"\1", key[0] + rest)


def clean_birth(
    birth_date: datetime.date | None, birth_year: int | None
) -> tuple[datetime.date | None, int | None]:
    """Return (date, year) with placeholders removed: 1 January keeps only its year, 1900 and earlier go."""
    if birth_date is not None:
        if birth_date.year <= PLACEHOLDER_YEAR_MAX:
            return None, None
        if (birth_date.month, birth_date.day) == (1, 1):
            return None, birth_date.year
        return birth_date, birth_date.year
    if birth_year and birth_year > PLACEHOLDER_YEAR_MAX:
        return None, birth_year
    return None, None


def _block(a: str, b: str) -> str:
    # Sorted, so a record with given and family names swapped lands in the same block.
    return " ".join(sorted(filter(None, [a, b]))) if a and b else ""


@dataclass
class Keys:
    given_lat: str
    family_lat: str
    given_lo: str
    family_lo: str
    given_ph: str
    family_ph: str
    name_block: str
    name_block_lo: str
    given_sk: str
    family_sk: str
    name_block_sk: str
    nicknames: str
    birth_date: datetime.date | None
    birth_year: int | None
    phones: str
    documents: str


def keys_for(
    *,
    given_name_lo: str,
    family_name_lo: str,
    given_name_latin: str,
    family_name_latin: str,
    birth_date: datetime.date | None,
    birth_year: int | None,
    aliases: list[str],
    phones: list[str],
    document_numbers: list[str],
) -> Keys:
    """Compute a record's matching keys from its values (used by services, the seeder and on entry)."""
    given_lat, family_lat = name_key(given_name_latin), name_key(family_name_latin)
    given_lo, family_lo = name_key(given_name_lo), name_key(family_name_lo)
    given_ph, family_ph = phonetic_key(given_name_latin), phonetic_key(family_name_latin)
    # The sound keys are taken from the Lao spelling when there is one (it varies less than romanisations),
    # else from the Latin: a Lao-only and a Latin-only record of one name then share them.
    given_sk = sound_key(given_name_lo) if given_lo else sound_key(given_name_latin)
    family_sk = sound_key(family_name_lo) if family_lo else sound_key(family_name_latin)
    date, year = clean_birth(birth_date, birth_year)
    nicknames = sorted({k for k in (name_key(a) for a in aliases) if k})
    return Keys(
        given_lat=given_lat,
        family_lat=family_lat,
        given_lo=given_lo,
        family_lo=family_lo,
        given_ph=given_ph,
        family_ph=family_ph,
        name_block=_block(given_ph, family_ph),
        name_block_lo=_block(given_lo, family_lo),
        given_sk=given_sk,
        family_sk=family_sk,
        name_block_sk=_block(given_sk, family_sk),
        nicknames=" ".join(nicknames),
        birth_date=date,
        birth_year=year,
        phones=" ".join(sorted(set(phones))),
        documents=" ".join(sorted({re.sub(r"[^0-9A-Z]", "", n.upper()) for n in document_numbers} - {""})),
    )
