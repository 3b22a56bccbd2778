"""Batch detection over the whole registry: Splink on DuckDB, reading the stored matching keys.

The run reads one row per resolved person (MatchProfile joined to Person), leaves out phones that many
records share, trains or loads the model, predicts pairs above a threshold and groups them into clusters.
Nothing here writes to the registry; `services.candidates_store` keeps the results for review.
"""

import datetime
import logging
import math
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa
from django.db import connection

from pathways.identity import comparisons
from pathways.identity.keys import SHARED_PHONE_LIMIT
from pathways.identity.models import MatchProfile
from pathways.people.models import Person

logging.getLogger("splink").setLevel(logging.ERROR)
logger = logging.getLogger(__name__)

# Pairs at or above this probability are listed for review; find_duplicates exports from the same cut.
REVIEW_THRESHOLD = 0.5
# Pairs at or above this are near-certain (the benchmark's precision and recall are quoted here); those
# between the two thresholds are the ones a reviewer's judgement is for.
MATCH_THRESHOLD = 0.8
DETERMINISTIC_RULES = [
    "l.doc1 = r.doc1",
    "l.phone1 = r.phone1 AND l.name_block = r.name_block",
]
DETERMINISTIC_RECALL = 0.5


def _hex(value) -> str:
    return value.hex if isinstance(value, uuid.UUID) else str(value).replace("-", "")


def _padded(text: str) -> str | None:
    return f" {text} " if text else None


def _text(value) -> str | None:
    return str(value) if value not in (None, "") else None


def registry_frame(*, shared_phone_limit: int = SHARED_PHONE_LIMIT) -> pa.Table:
    """Return one row per resolved person with the columns of comparisons.FRAME_COLUMNS."""
    person, profile = Person._meta.db_table, MatchProfile._meta.db_table
    sql = (
        f"SELECT p.id, m.given_lat, m.family_lat, m.given_lo, m.family_lo, m.given_ph, m.family_ph,"
        f" m.name_block, m.name_block_lo, m.given_sk, m.family_sk, m.name_block_sk, m.nicknames,"
        f" m.birth_date, m.birth_year, p.sex,"
        f" p.home_province_id, p.home_district_id, p.home_village_id, m.phones, m.documents"
        f" FROM {person} p JOIN {profile} m ON m.person_id = p.id WHERE p.merged_into_id IS NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    phone_counts = Counter(n for row in rows if row[19] for n in row[19].split())
    shared = {n for n, count in phone_counts.items() if count > shared_phone_limit}
    cols: dict[str, list] = {name: [] for name in comparisons.FRAME_COLUMNS}
    for (
        pid, g_lat, f_lat, g_lo, f_lo, g_ph, f_ph, block, block_lo, g_sk, f_sk, block_sk, nicks, bdate, byear,
        sex, province, district, village, phones, docs,
    ) in rows:  # fmt: skip
        bdate = _text(bdate)
        swapped = None
        if bdate and int(bdate[8:10]) <= 12 and bdate[5:7] != bdate[8:10]:
            swapped = f"{bdate[:5]}{bdate[8:10]}-{bdate[5:7]}"
        phone_list = [n for n in (phones or "").split() if n not in shared]
        doc_list = (docs or "").split()
        cols["unique_id"].append(_hex(pid))
        cols["given_lat"].append(g_lat or None)
        cols["family_lat"].append(f_lat or None)
        cols["given_lo"].append(g_lo or None)
        cols["family_lo"].append(f_lo or None)
        cols["given_ph"].append(g_ph or None)
        cols["family_ph"].append(f_ph or None)
        cols["name_block"].append(block or None)
        cols["name_block_lo"].append(block_lo or None)
        cols["given_sk"].append(g_sk or None)
        cols["family_sk"].append(f_sk or None)
        cols["name_block_sk"].append(block_sk or None)
        cols["given_nick"].append(comparisons.given_nick(g_lat, g_lo))
        cols["full_lat"].append((g_lat + (f_lat or "")) if g_lat else None)
        cols["full_lo"].append((g_lo + (f_lo or "")) if g_lo else None)
        cols["name_tf"].append(cols["full_lo"][-1] or cols["full_lat"][-1])
        cols["given_tf"].append(g_lo or g_lat or None)
        cols["nicknames"].append(_padded(nicks))
        cols["birth_date"].append(bdate)
        cols["birth_swapped"].append(swapped)
        cols["birth_day"].append(datetime.date.fromisoformat(bdate).toordinal() if bdate else None)
        cols["birth_year"].append(byear)
        cols["sex"].append(sex or None)
        cols["province"].append(_text(province))
        cols["district"].append(_text(district))
        cols["village"].append(_text(village))
        cols["phone1"].append(phone_list[0] if phone_list else None)
        cols["phones"].append(_padded(" ".join(phone_list)))
        cols["doc1"].append(doc_list[0] if doc_list else None)
        cols["docs"].append(_padded(" ".join(doc_list)))
    types = {"birth_year": pa.int32(), "birth_day": pa.int32()}
    return pa.table(
        {name: pa.array(values, type=types.get(name, pa.string())) for name, values in cols.items()}
    )


def _linker(table: pa.Table, settings: dict, threads: int | None = None):
    from splink import DuckDBAPI, Linker

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    db_api = DuckDBAPI(connection=con)
    frame = db_api.register(table, table_name="registry")
    return Linker(frame, settings, log_level=logging.WARNING)


def train(table: pa.Table, *, settings: dict | None = None, em_max_pairs: float = 3e6) -> dict:
    """Train u by random sampling and m by expectation maximisation; return the trained settings dict."""
    from splink.internals.exceptions import EMTrainingException

    settings = settings or comparisons.splink_settings()
    linker = _linker(table, settings)
    linker.training.estimate_probability_two_random_records_match(
        DETERMINISTIC_RULES, recall=DETERMINISTIC_RECALL
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    for rule in comparisons.TRAINING_RULES:
        # Splink's EM session narrows the linker's model in place (it drops the comparisons the rule uses
        # and adjusts λ for the rule) and restores it only when training succeeds: keep a copy to put back.
        before = linker._settings_obj.core_model_settings.copy()
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, max_pairs=em_max_pairs, estimate_without_term_frequencies=True
            )
        except EMTrainingException:
            # A small registry may have no pairs under a training rule; the starting m values then stand.
            linker._settings_obj.core_model_settings = before
            logger.warning("no pairs for EM training rule %s; kept the starting m values", rule)
    return linker.misc.save_model_to_json()


@dataclass
class Prediction:
    """Pairs above the threshold with Splink's per-comparison levels and Bayes factors."""

    pairs: list[dict] = field(default_factory=list)
    clusters: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def _labels(settings: dict) -> dict[str, dict[int, str]]:
    labels = {}
    for comparison in settings["comparisons"]:
        levels = comparison["comparison_levels"]
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        mapping = {-1: next((lv["label_for_charts"] for lv in levels if lv.get("is_null_level")), "null")}
        for i, lv in enumerate(non_null):
            mapping[len(non_null) - 1 - i] = lv["label_for_charts"]
        labels[comparison["output_column_name"]] = mapping
    return labels


def predict(table: pa.Table, settings: dict, *, threshold: float = REVIEW_THRESHOLD) -> Prediction:
    """Score blocked pairs with trained settings; return pairs at or above `threshold`, with clusters."""
    started = time.perf_counter()
    linker = _linker(table, settings)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    labels = _labels(settings)
    names = [c["output_column_name"] for c in settings["comparisons"]]
    wanted = ["unique_id_l", "unique_id_r", "match_probability", "match_weight"]
    wanted += [f"gamma_{n}" for n in names] + [f"mw_{n}" for n in names]
    result = predictions.as_duckdbpyrelation().select(", ".join(wanted)).to_arrow_table().to_pylist()
    pairs = []
    for row in result:
        a, b = sorted((row["unique_id_l"], row["unique_id_r"]))
        pairs.append(
            {
                "a": a,
                "b": b,
                "probability": row["match_probability"],
                "match_weight": row["match_weight"],
                "explanation": [
                    {
                        "comparison": n,
                        "level": labels[n].get(row[f"gamma_{n}"], str(row[f"gamma_{n}"])),
                        "bayes_factor": _bf(row[f"mw_{n}"]),
                    }
                    for n in names
                ],
            }
        )
    clusters = _clusters(pairs)
    return Prediction(pairs=pairs, clusters=clusters, seconds=time.perf_counter() - started)


def _bf(match_weight) -> float | None:
    """Splink reports each comparison's match weight (log2 of its Bayes factor)."""
    if match_weight is None or not math.isfinite(match_weight):
        return None
    return comparisons.significant(2.0 ** float(match_weight))


def _clusters(pairs: list[dict]) -> dict[str, str]:
    """Connected components of the predicted pairs (union-find): id -> smallest id of its cluster."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        ra, rb = find(pair["a"]), find(pair["b"])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}
