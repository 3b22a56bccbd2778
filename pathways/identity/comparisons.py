# ruff: noqa: E741  (l and r name the two records, as Splink's _l and _r columns do)
"""The match model's comparisons, written once: Splink's SQL and the on-entry scorer's Python side by side.

Each level is (label, SQL condition over `_l`/`_r` columns, Python predicate over two record dicts). The
batch run gives Splink the SQL; the check on entry scores a handful of candidates with the predicates and
the same trained m and u probabilities, so both paths rank pairs alike. The SQL avoids engine-specific
functions except `jaro_winkler_similarity` (DuckDB built-in; Splink registers it as a UDF on Spark), so the
settings run unchanged on Splink's Spark backend.

A record dict holds the columns of `frame_columns` below; empty keys are None (SQL NULL).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pathways.identity.keys import maybe_nickname

Record = dict[str, Any]

FRAME_COLUMNS = [
    "unique_id",
    "given_lat",
    "family_lat",
    "given_lo",
    "family_lo",
    "given_ph",
    "family_ph",
    "name_block",
    "name_block_lo",
    "given_sk",
    "family_sk",
    "name_block_sk",
    "given_nick",
    "full_lat",
    "full_lo",
    "name_tf",
    "given_tf",
    "nicknames",
    "birth_date",
    "birth_swapped",
    "birth_day",
    "birth_year",
    "sex",
    "province",
    "district",
    "village",
    "phone1",
    "phones",
    "doc1",
    "docs",
]


def given_nick(given_lat: str | None, given_lo: str | None) -> str | None:
    """The frame's `given_nick`: "1" if the given name may be a nickname (keys.maybe_nickname), else None."""
    if any(key and maybe_nickname(key) for key in (given_lat, given_lo)):
        return "1"
    return None


def significant(factor: float) -> float:
    """A Bayes factor to four significant figures: the twin level's 1e-7 must not round to nothing."""
    return float(f"{factor:.4g}")


def _eq(a, b) -> bool:
    return a is not None and b is not None and a == b


def _same_or_both_missing(a, b) -> bool:
    return (a or "") == (b or "")


def _in_padded(value, padded) -> bool:
    return value is not None and padded is not None and f" {value} " in padded


def jaro_winkler(s1: str, s2: str) -> float:
    """Jaro-Winkler similarity with DuckDB's defaults (prefix scale 0.1, up to 4 characters)."""
    if s1 == s2:
        return 1.0
    n1, n2 = len(s1), len(s2)
    if not n1 or not n2:
        return 0.0
    window = max(max(n1, n2) // 2 - 1, 0)
    m1, m2 = [False] * n1, [False] * n2
    matches = 0
    for i, ch in enumerate(s1):
        for j in range(max(0, i - window), min(n2, i + window + 1)):
            if not m2[j] and s2[j] == ch:
                m1[i] = m2[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    t, k = 0, 0
    for i in range(n1):
        if m1[i]:
            while not m2[k]:
                k += 1
            t += s1[i] != s2[k]
            k += 1
    jaro = (matches / n1 + matches / n2 + (matches - t / 2) / matches) / 3
    prefix = 0
    for a, b in zip(s1[:4], s2[:4], strict=False):
        if a != b:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def _jw(a, b) -> float:
    # DuckDB 2 compares characters (1.x compared UTF-8 bytes, three per Lao letter); pyproject pins duckdb 2
    # so the score on entry is the score Splink gives in the batch.
    return jaro_winkler(a, b) if a is not None and b is not None else 0.0


@dataclass(frozen=True)
class Level:
    label: str
    sql: str
    test: Callable[[Record, Record], bool]
    is_null: bool = False
    # Term-frequency adjustment: agreeing on a common name is weaker evidence than on a rare one, which is
    # what separates namesakes from re-entries in a registry of a million.
    tf_column: str | None = None
    # Kept as set in STARTING_MU instead of learnt (see TWIN_LEVEL).
    fixed_m: bool = False


@dataclass(frozen=True)
class Comparison:
    name: str
    description: str
    levels: list[Level]

    def level_of(self, l: Record, r: Record) -> int:
        """Return the Splink gamma of the first level that holds (null level -1, else counting down to 0)."""
        non_null = [lv for lv in self.levels if not lv.is_null]
        for lv in self.levels:
            if lv.test(l, r):
                return -1 if lv.is_null else len(non_null) - 1 - non_null.index(lv)
        return 0


ELSE = Level("else", "ELSE", lambda l, r: True)

_GIVEN_SAME_SQL = (
    "(given_lo_l = given_lo_r OR given_lat_l = given_lat_r OR given_ph_l = given_ph_r"
    " OR given_sk_l = given_sk_r)"
)


def _given_same(l, r) -> bool:
    return any(_eq(l[c], r[c]) for c in ("given_lo", "given_lat", "given_ph", "given_sk"))


def _family_missing(x) -> bool:
    return x["family_lat"] is None and x["family_lo"] is None


def _family_same(l, r) -> bool:
    return (
        _eq(l["family_lo"], r["family_lo"])
        or _eq(l["family_ph"], r["family_ph"])
        or _eq(l["family_sk"], r["family_sk"])
    )


_FAMILY_SAME_SQL = "(family_lo_l = family_lo_r OR family_ph_l = family_ph_r OR family_sk_l = family_sk_r)"


def _family_consistent(l, r) -> bool:
    return _family_same(l, r) or _family_missing(l) or _family_missing(r)


_FAMILY_CONSISTENT_SQL = (
    f"({_FAMILY_SAME_SQL}"
    " OR (family_lat_l IS NULL AND family_lo_l IS NULL) OR (family_lat_r IS NULL AND family_lo_r IS NULL))"
)

# Given names at most this alike (Jaro-Winkler, in every script both records have) disagree completely.
GIVEN_UNLIKE = 0.8


def _given_unlike(l, r) -> bool:
    return (
        not _eq(l["given_sk"], r["given_sk"])
        and _jw(l["given_lat"], r["given_lat"]) <= GIVEN_UNLIKE
        and _jw(l["given_lo"], r["given_lo"]) <= GIVEN_UNLIKE
    )


_GIVEN_UNLIKE_SQL = (
    "coalesce(given_sk_l <> given_sk_r, TRUE)"
    f" AND coalesce(jaro_winkler_similarity(given_lat_l, given_lat_r), 0) <= {GIVEN_UNLIKE}"
    f" AND coalesce(jaro_winkler_similarity(given_lo_l, given_lo_r), 0) <= {GIVEN_UNLIKE}"
)

# Twins and siblings share a family name, a village and often a birth date or year, and are two people. A
# model trained on agreement alone adds those up and merges them: each agreement is rare among random pairs
# but common within a family. What tells them apart is the given name, and a re-entry almost never changes
# the given name to an unrelated one. So the m of the levels where the family name agrees and the given
# names do not is fixed (STARTING_MU) instead of learnt: EM cannot learn it, because to EM a pair of twins
# agreeing on family name, date and village looks like a match. Completely different given names outweigh
# a shared family name, birth date, village and phone; a given name that may be a nickname, or names alike
# but not variants of one another, count against less.
TWIN_LEVEL = "same family name, given names completely different"

NAME = Comparison(
    "name",
    "Given and family names in Lao script and Latin letters, folded and by sound; swaps and nicknames",
    [
        Level(
            "no script in common",
            "NOT ((given_lat_l IS NOT NULL AND given_lat_r IS NOT NULL)"
            " OR (given_lo_l IS NOT NULL AND given_lo_r IS NOT NULL)"
            " OR (given_sk_l IS NOT NULL AND given_sk_r IS NOT NULL))",
            lambda l, r: (
                not (
                    (l["given_lat"] is not None and r["given_lat"] is not None)
                    or (l["given_lo"] is not None and r["given_lo"] is not None)
                    or (l["given_sk"] is not None and r["given_sk"] is not None)
                )
            ),
            is_null=True,
        ),
        Level(
            "same name (folded)",
            "(given_lo_l = given_lo_r AND coalesce(family_lo_l, '') = coalesce(family_lo_r, ''))"
            " OR (given_lat_l = given_lat_r AND coalesce(family_lat_l, '') = coalesce(family_lat_r, ''))",
            lambda l, r: (
                (_eq(l["given_lo"], r["given_lo"]) and _same_or_both_missing(l["family_lo"], r["family_lo"]))
                or (
                    _eq(l["given_lat"], r["given_lat"])
                    and _same_or_both_missing(l["family_lat"], r["family_lat"])
                )
            ),
            tf_column="name_tf",
        ),
        Level(
            "same sound, or given and family swapped",
            "(given_ph_l = given_ph_r AND coalesce(family_ph_l, '') = coalesce(family_ph_r, ''))"
            " OR name_block_l = name_block_r OR name_block_lo_l = name_block_lo_r",
            lambda l, r: (
                (_eq(l["given_ph"], r["given_ph"]) and _same_or_both_missing(l["family_ph"], r["family_ph"]))
                or _eq(l["name_block"], r["name_block"])
                or _eq(l["name_block_lo"], r["name_block_lo"])
            ),
        ),
        Level(
            "same consonants, in either script",
            "(given_sk_l = given_sk_r AND coalesce(family_sk_l, '') = coalesce(family_sk_r, ''))"
            " OR name_block_sk_l = name_block_sk_r",
            lambda l, r: (
                (_eq(l["given_sk"], r["given_sk"]) and _same_or_both_missing(l["family_sk"], r["family_sk"]))
                or _eq(l["name_block_sk"], r["name_block_sk"])
            ),
        ),
        Level(
            "same given name, family name missing on one",
            f"{_GIVEN_SAME_SQL} AND ((family_lat_l IS NULL AND family_lo_l IS NULL)"
            " OR (family_lat_r IS NULL AND family_lo_r IS NULL))",
            lambda l, r: _given_same(l, r) and (_family_missing(l) or _family_missing(r)),
            tf_column="given_tf",
        ),
        Level(
            "nickname of the other",
            "(position(' ' || given_lat_l || ' ' IN nicknames_r) > 0"
            " OR position(' ' || given_lat_r || ' ' IN nicknames_l) > 0"
            " OR position(' ' || given_lo_l || ' ' IN nicknames_r) > 0"
            " OR position(' ' || given_lo_r || ' ' IN nicknames_l) > 0)"
            f" AND {_FAMILY_CONSISTENT_SQL}",
            lambda l, r: (
                (
                    _in_padded(l["given_lat"], r["nicknames"])
                    or _in_padded(r["given_lat"], l["nicknames"])
                    or _in_padded(l["given_lo"], r["nicknames"])
                    or _in_padded(r["given_lo"], l["nicknames"])
                )
                and _family_consistent(l, r)
            ),
        ),
        Level(
            "similar spelling (Jaro-Winkler ≥ 0.92)",
            "jaro_winkler_similarity(full_lat_l, full_lat_r) >= 0.92"
            " OR jaro_winkler_similarity(full_lo_l, full_lo_r) >= 0.92",
            lambda l, r: _jw(l["full_lat"], r["full_lat"]) >= 0.92 or _jw(l["full_lo"], r["full_lo"]) >= 0.92,
        ),
        Level("same given name only", _GIVEN_SAME_SQL, _given_same),
        Level(
            "same family name, one given name may be a nickname",
            f"{_FAMILY_SAME_SQL} AND (given_nick_l IS NOT NULL OR given_nick_r IS NOT NULL)",
            lambda l, r: _family_same(l, r) and (l["given_nick"] is not None or r["given_nick"] is not None),
            fixed_m=True,
        ),
        Level(
            TWIN_LEVEL,
            f"{_FAMILY_SAME_SQL} AND {_GIVEN_UNLIKE_SQL}",
            lambda l, r: _family_same(l, r) and _given_unlike(l, r),
            fixed_m=True,
        ),
        Level("same family name only", _FAMILY_SAME_SQL, _family_same, fixed_m=True),
        ELSE,
    ],
)


def _year_only(l, r) -> bool:
    return l["birth_date"] is None or r["birth_date"] is None


def _year_gap(l, r) -> int:
    return abs(l["birth_year"] - r["birth_year"])


BIRTH = Comparison(
    "birth",
    "Date of birth; day and month swapped; year only (placeholder dates count as unknown)",
    [
        Level(
            "unknown",
            "birth_year_l IS NULL OR birth_year_r IS NULL",
            lambda l, r: l["birth_year"] is None or r["birth_year"] is None,
            is_null=True,
        ),
        Level("same date", "birth_date_l = birth_date_r", lambda l, r: _eq(l["birth_date"], r["birth_date"])),
        Level(
            "day and month swapped",
            "birth_swapped_l = birth_date_r",
            lambda l, r: _eq(l["birth_swapped"], r["birth_date"]),
        ),
        Level(
            "a day apart",
            "abs(birth_day_l - birth_day_r) <= 1",
            lambda l, r: (
                l["birth_day"] is not None
                and r["birth_day"] is not None
                and abs(l["birth_day"] - r["birth_day"]) <= 1
            ),
        ),
        Level(
            "same year, one gives the year only",
            "(birth_date_l IS NULL OR birth_date_r IS NULL) AND birth_year_l = birth_year_r",
            lambda l, r: _year_only(l, r) and _year_gap(l, r) == 0,
        ),
        Level(
            "a year apart, one gives the year only",
            "(birth_date_l IS NULL OR birth_date_r IS NULL) AND abs(birth_year_l - birth_year_r) <= 1",
            lambda l, r: _year_only(l, r) and _year_gap(l, r) <= 1,
        ),
        ELSE,
    ],
)

SEX = Comparison(
    "sex",
    "Sex",
    [
        Level(
            "unknown",
            "sex_l IS NULL OR sex_r IS NULL",
            lambda l, r: l["sex"] is None or r["sex"] is None,
            is_null=True,
        ),
        Level("same", "sex_l = sex_r", lambda l, r: _eq(l["sex"], r["sex"])),
        ELSE,
    ],
)


def _shares(first: str, padded: str) -> Comparison:
    return Level(
        "a number in common",
        f"position(' ' || {first}_l || ' ' IN {padded}_r) > 0"
        f" OR position(' ' || {first}_r || ' ' IN {padded}_l) > 0",
        lambda l, r: _in_padded(l[first], r[padded]) or _in_padded(r[first], l[padded]),
    )  # type: ignore[return-value]


PHONE = Comparison(
    "phone",
    "Phone numbers (E.164); numbers shared by many records are left out",
    [
        Level(
            "unknown",
            "phone1_l IS NULL OR phone1_r IS NULL",
            lambda l, r: l["phone1"] is None or r["phone1"] is None,
            is_null=True,
        ),
        _shares("phone1", "phones"),  # type: ignore[list-item]
        ELSE,
    ],
)

DOCUMENT = Comparison(
    "document",
    "Passport, ID card and other document numbers",
    [
        Level(
            "unknown",
            "doc1_l IS NULL OR doc1_r IS NULL",
            lambda l, r: l["doc1"] is None or r["doc1"] is None,
            is_null=True,
        ),
        _shares("doc1", "docs"),  # type: ignore[list-item]
        ELSE,
    ],
)

PLACE = Comparison(
    "place",
    "Home village, district and province",
    [
        Level(
            "unknown",
            "province_l IS NULL OR province_r IS NULL",
            lambda l, r: l["province"] is None or r["province"] is None,
            is_null=True,
        ),
        Level("same village", "village_l = village_r", lambda l, r: _eq(l["village"], r["village"])),
        Level("same district", "district_l = district_r", lambda l, r: _eq(l["district"], r["district"])),
        Level("same province", "province_l = province_r", lambda l, r: _eq(l["province"], r["province"])),
        ELSE,
    ],
)

COMPARISONS = [NAME, BIRTH, SEX, PHONE, DOCUMENT, PLACE]

# Blocking keeps the work near-linear: only pairs agreeing on one of these are scored. Each catches
# duplicates the others miss (a changed family name, a nickname, a record with only one script).
BLOCKING_RULES = [
    "l.name_block = r.name_block",
    "l.name_block_lo = r.name_block_lo",
    "l.phone1 = r.phone1",
    "l.doc1 = r.doc1",
    "l.given_ph = r.given_ph AND l.birth_year = r.birth_year AND l.district = r.district",
    "l.given_lo = r.given_lo AND l.birth_year = r.birth_year AND l.district = r.district",
    "l.family_lo = r.family_lo AND l.birth_date = r.birth_date",
    # Across scripts: a Lao-only and a Latin-only record share only their consonants.
    "l.name_block_sk = r.name_block_sk",
    "l.given_sk = r.given_sk AND l.birth_year = r.birth_year AND l.district = r.district",
]

# Rules for expectation maximisation: each fixes some comparisons so the others' m can be learnt.
TRAINING_RULES = [
    "l.name_block = r.name_block",
    "l.birth_date = r.birth_date AND l.district = r.district",
]


# Starting m and u per level (EM refines m, random sampling replaces u); also what the on-entry scorer
# uses before any model has been trained on the registry.
STARTING_MU: dict[str, dict[str, tuple[float, float]]] = {
    "name": {
        "same name (folded)": (0.55, 0.0005),
        "same sound, or given and family swapped": (0.15, 0.0005),
        "same consonants, in either script": (0.1, 0.001),
        "same given name, family name missing on one": (0.08, 0.002),
        "nickname of the other": (0.05, 0.0005),
        "similar spelling (Jaro-Winkler ≥ 0.92)": (0.05, 0.003),
        "same given name only": (0.05, 0.01),
        # Fixed m (TWIN_LEVEL); u is learnt. With u near 3e-4, 1e-2 and 1e-3, factors of about 1e-5, 1e-7
        # and 1/10 against the match. A nickname is as likely a twin's own name as a re-entry's: with the
        # same date, village and phone such a pair lands between the thresholds, for a reviewer to decide.
        "same family name, one given name may be a nickname": (3e-9, 3e-4),
        TWIN_LEVEL: (1e-9, 0.01),
        "same family name only": (1e-4, 0.001),
        "else": (0.04, 0.9345),
    },
    "birth": {
        "same date": (0.45, 0.0005),
        "day and month swapped": (0.05, 0.0001),
        "a day apart": (0.05, 0.0002),
        "same year, one gives the year only": (0.3, 0.02),
        "a year apart, one gives the year only": (0.15, 0.05),
        "else": (0.05, 0.9294),
    },
    "sex": {"same": (0.98, 0.5), "else": (0.02, 0.5)},
    "phone": {"a number in common": (0.9, 0.0001), "else": (0.1, 0.9999)},
    "document": {"a number in common": (0.95, 0.00001), "else": (0.05, 0.99999)},
    "place": {
        "same village": (0.5, 0.01),
        "same district": (0.4, 0.05),
        "same province": (0.09, 0.1),
        "else": (0.01, 0.84),
    },
}


def _level_dict(level: Level, comparison: Comparison) -> dict:
    out: dict = {"sql_condition": level.sql, "label_for_charts": level.label}
    if level.is_null:
        out["is_null_level"] = True
    else:
        out["m_probability"], out["u_probability"] = STARTING_MU[comparison.name][level.label]
    if level.fixed_m:
        out["fix_m_probability"] = True
    if level.tf_column:
        out["tf_adjustment_column"] = level.tf_column
        out["tf_adjustment_weight"] = 1.0
        out["disable_tf_exact_match_detection"] = True
    return out


def splink_settings() -> dict:
    """The untrained Splink settings (a plain dict, stored as JSON with the trained parameters)."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 1e-6,
        "comparisons": [
            {
                "output_column_name": c.name,
                "comparison_description": c.description,
                "comparison_levels": [_level_dict(lv, c) for lv in c.levels],
            }
            for c in COMPARISONS
        ],
        "blocking_rules_to_generate_predictions": [{"blocking_rule": rule} for rule in BLOCKING_RULES],
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
        "additional_columns_to_retain": [],
    }
