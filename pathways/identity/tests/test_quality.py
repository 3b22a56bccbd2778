"""Precision, recall and twins merged at the match threshold, on two independently written registries.

The thresholds (batch.MATCH_THRESHOLD) and the fixed levels of comparisons.py were chosen on seed_demo's
registry; registry_b (this folder) was written apart from it and only reports. Small sizes keep the suite
fast; docs/benchmarks.md has the figures at 20,000 to 1,000,000 records (bench/identity_bench.py).
"""

import csv
import itertools

import pytest

from pathways.identity import batch
from pathways.identity.tests.registry_b import registry_b

PRECISION, RECALL, TWINS_MERGED = 0.99, 0.95, 0.005


def _measure(truth: set, relatives: set) -> dict:
    table = batch.registry_frame()
    settings = batch.train(table)
    prediction = batch.predict(table, settings, threshold=batch.REVIEW_THRESHOLD)
    matched = {(p["a"], p["b"]) for p in prediction.pairs if p["probability"] >= batch.MATCH_THRESHOLD}
    hits = len(matched & truth)
    return {
        "records": table.num_rows,
        "true pairs": len(truth),
        "precision": hits / len(matched) if matched else 1.0,
        "recall": hits / len(truth),
        "relatives merged": len(matched & relatives) / len(relatives) if relatives else 0.0,
        "relative pairs": len(relatives),
    }


@pytest.mark.django_db(transaction=False)
def test_targets_on_the_independently_written_registry(officer):
    truth = registry_b(actor=officer, people=2500, seed=19)
    assert truth.rejected < 0.01 * len(truth.person_of)  # what validation refuses does not reach the registry
    result = _measure(truth.pairs(), truth.relative_pairs(twins_only=True))
    print("registry_b", result)
    assert result["true pairs"] > 300 and result["relative pairs"] > 20
    assert result["precision"] >= PRECISION
    assert result["recall"] >= RECALL
    assert result["relatives merged"] < TWINS_MERGED


def test_targets_on_the_demo_registry(db, tmp_path, settings):
    from pathways.demo.seeding import partners_and_users_create, people_create

    orgs = partners_and_users_create(password="x")
    path = tmp_path / "truth.csv"
    people_create(count=3000, seed=23, orgs=orgs, truth_path=str(path))
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_real: dict[str, list[str]] = {}
    for row in rows:
        by_real.setdefault(row["real_person"], []).append(row["person_id"].replace("-", ""))
    truth = {tuple(sorted(p)) for ids in by_real.values() for p in itertools.combinations(ids, 2)}
    families: dict[str, list[dict]] = {}
    for row in rows:
        if row["family"]:
            families.setdefault(row["family"], []).append(row)
    relatives = {
        tuple(sorted((a["person_id"].replace("-", ""), b["person_id"].replace("-", ""))))
        for members in families.values()
        for a, b in itertools.combinations(members, 2)
        if a["real_person"] != b["real_person"] and a["relation"] == b["relation"] == "twin"
    }
    result = _measure(truth, relatives)  # type: ignore[arg-type]
    print("demo", result)
    assert result["precision"] >= PRECISION
    assert result["recall"] >= RECALL
    assert result["relatives merged"] < TWINS_MERGED
