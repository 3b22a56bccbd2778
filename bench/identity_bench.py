"""Benchmark: identity resolution on seed_demo data against its truth file.

    python bench/identity_bench.py --database sqlite:////tmp/identity-1m.sqlite3 \\
        --truth /tmp/identity-1m-truth.csv [--people 1000000 --seed 11] [--repeat 5] [--entry-samples 300]

If the database has no people yet it is migrated and filled with seed_demo (or, with --generator b, the
independently written registry of pathways/identity/tests/registry_b.py) (--people, --seed) first and the
truth file written. Then, on the same data and machine, each repeat runs:
  * ours: registry frame from the stored matching keys, training (u by random sampling, m by EM), prediction
    and clustering, with precision and recall of the pairs at the match threshold against the truth;
  * Splink out of the box: the library's own comparison templates (NameComparison, DateOfBirthComparison,
    exact matches) and blocking on the raw fields, trained the same way;
  * on entry: entry_candidates for planted re-entries of the registry (the record itself excluded), p50/p95
    latency, CPU time a look-up, how often the planted duplicate is among the candidates and how many other
    people are shown per look-up. --skip-batch measures only this, with the model already stored.
Figures are medians (min–max) over the repeats.
"""

import argparse
import csv
import itertools
import logging
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database: str) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


def truth_pairs(path: str) -> set[tuple[str, str]]:
    clusters: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            clusters.setdefault(row["real_person"], []).append(row["person_id"].replace("-", ""))
    return {tuple(sorted(p)) for ids in clusters.values() for p in itertools.combinations(ids, 2)}  # type: ignore[misc]


def family_pairs(path: str, *, twins_only: bool = False) -> set[tuple[str, str]]:
    """Pairs of records of two different people of one family (twins and siblings, or twins only)."""
    families: dict[str, list[dict]] = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row.get("family"):
                families.setdefault(row["family"], []).append(row)
    return {
        tuple(sorted((a["person_id"].replace("-", ""), b["person_id"].replace("-", ""))))  # type: ignore[misc]
        for members in families.values()
        if not twins_only or any(m["relation"] == "twin" for m in members)
        for a, b in itertools.combinations(members, 2)
        if a["real_person"] != b["real_person"]
        and (not twins_only or a["relation"] == b["relation"] == "twin")
    }


def merged_share(predicted: set, pairs: set, threshold: float) -> float:
    """The share of `pairs` predicted at or above the threshold."""
    hits = {(a, b) for a, b, p in predicted if p >= threshold} & pairs
    return len(hits) / len(pairs) if pairs else 0.0


def quality(predicted: set, truth: set, threshold: float = 0.0) -> tuple[float, float]:
    predicted = {(a, b) for a, b, p in predicted if p >= threshold}
    hits = len(predicted & truth)
    return (hits / len(predicted) if predicted else 1.0), (hits / len(truth) if truth else 1.0)


def fmt(values: list[float], unit: str = "s", digits: int = 1) -> str:
    return (
        f"{statistics.median(values):.{digits}f} {unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"
    )


BASELINE_SQL = """
SELECT p.id, p.given_name_latin, p.family_name_latin, p.given_name_lo, p.family_name_lo,
       p.birth_date, p.sex, p.home_district_id,
       (SELECT min(number) FROM people_phone f WHERE f.person_id = p.id) AS phone
FROM people_person p WHERE p.merged_into_id IS NULL
"""


def baseline_frame():
    import pyarrow as pa
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL)
        rows = cursor.fetchall()
    names = ["unique_id", "given_name", "family_name", "given_name_lo", "family_name_lo", "birth_date", "sex",
             "district", "phone"]  # fmt: skip
    cols = list(zip(*rows, strict=True)) if rows else [[] for _ in names]
    out = {}
    for name, values in zip(names, cols, strict=True):
        if name == "unique_id":
            values = [
                v.hex if hasattr(v, "hex") and not isinstance(v, str) else str(v).replace("-", "")
                for v in values
            ]
        out[name] = pa.array([None if v in ("", None) else str(v) for v in values], type=pa.string())
    return pa.table(out)


def baseline_run(table, threshold: float) -> tuple[set, float]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("family_name"),
            cl.ExactMatch("given_name_lo"),
            cl.ExactMatch("family_name_lo"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.ExactMatch("sex"),
            cl.ExactMatch("district"),
            cl.ExactMatch("phone"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "family_name"),
            block_on("given_name_lo", "family_name_lo"),
            block_on("birth_date"),
            block_on("phone"),
        ],
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(table), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("phone", "family_name")], recall=0.5
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "family_name"), max_pairs=3e6
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"), max_pairs=3e6)
    pairs = linker.inference.predict(threshold_match_probability=threshold)
    rows = pairs.as_duckdbpyrelation().select("unique_id_l, unique_id_r, match_probability").fetchall()
    return {(*sorted(r[:2]), r[2]) for r in rows}, time.perf_counter() - started


def ours_run(threshold: float) -> tuple[set, float, dict]:
    from pathways.identity import batch

    started, cpu = time.perf_counter(), time.process_time()
    table = batch.registry_frame()
    t_frame = time.perf_counter() - started
    settings = batch.train(table)
    t_train = time.perf_counter() - started - t_frame
    prediction = batch.predict(table, settings, threshold=threshold)
    elapsed = time.perf_counter() - started
    predicted = {(p["a"], p["b"], p["probability"]) for p in prediction.pairs}
    return (
        predicted,
        elapsed,
        {
            "frame": t_frame,
            "train": t_train,
            "predict": prediction.seconds,
            "cpu": time.process_time() - cpu,
            "settings": settings,
        },
    )


def entry_latency(samples: int, truth_path: str) -> tuple[list[float], float, float, float]:
    """Time entry_candidates for planted re-entries; return the times (ms), how often the planted duplicate
    is among the candidates, how many candidates per look-up are another real person (false prompts), and
    the mean CPU time of a look-up (ms)."""
    import random

    from pathways.accounts.models import Role, User
    from pathways.identity import entry
    from pathways.people.models import Person
    from pathways.people.services import person_input_from

    actor = User.objects.filter(role=Role.PROGRAMME_OFFICER, is_active=True).first()
    clusters: dict[str, list[str]] = {}
    with open(truth_path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            clusters.setdefault(row["real_person"], []).append(row["person_id"])
    real = {pid: key for key, ids in clusters.items() for pid in ids}
    dups = [ids for ids in clusters.values() if len(ids) > 1]
    rng = random.Random(5)
    chosen = rng.sample(dups, min(samples, len(dups)))
    times, found, others, cpu = [], 0, 0, 0.0
    for ids in chosen:
        person = Person.objects.get(pk=ids[1])
        data = person_input_from(person)
        started, cpu_started = time.perf_counter(), time.process_time()
        candidates = entry.entry_candidates(actor=actor, data=data, exclude=person.pk)
        times.append((time.perf_counter() - started) * 1000)
        cpu += time.process_time() - cpu_started
        found += any(str(c.person.pk) == ids[0] for c in candidates)
        others += sum(real.get(str(c.person.pk)) != real[ids[1]] for c in candidates)
    n = len(chosen) or 1
    return times, found / n, others / n, cpu * 1000 / n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--truth", required=True)
    parser.add_argument("--people", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=0.5, help="review threshold (pairs predicted)")
    parser.add_argument("--match-threshold", type=float, default=0.8, help="pairs counted as matches")
    parser.add_argument("--entry-samples", type=int, default=300)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--generator",
        choices=["demo", "b"],
        default="demo",
        help="fill an empty database with seed_demo (demo) or the independently written registry_b (b)",
    )
    parser.add_argument("--skip-batch", action="store_true", help="measure only the on-entry look-up")
    args = parser.parse_args()
    setup(args.database)
    from django.core.management import call_command

    from pathways.people.models import Person

    call_command("migrate", verbosity=0)
    if not Person.objects.exists() and args.generator == "b":
        # The registry written apart from seed_demo (pathways/identity/tests/registry_b.py), imported.
        from pathways.accounts.models import Role, User
        from pathways.demo.seeding import partners_and_users_create
        from pathways.identity.tests.registry_b import registry_b

        partners_and_users_create(password="pathways-demo")
        actor = User.objects.filter(role=Role.PROGRAMME_OFFICER).first()
        registry_b(actor=actor, people=args.people, seed=args.seed).write(args.truth)
    elif not Person.objects.exists():
        call_command("seed_demo", people=args.people, seed=args.seed, truth=args.truth)
    n = Person.objects.filter(merged_into__isnull=True).count()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB; database "
        f"{args.database.split(':')[0]}; {n:,} records; commit {commit.stdout.strip()}; "
        f"review threshold {args.threshold}, match threshold {args.match_threshold}"
    )
    truth = truth_pairs(args.truth)
    relatives, twins = family_pairs(args.truth), family_pairs(args.truth, twins_only=True)
    print(
        f"true duplicate pairs: {len(truth):,}; pairs of twins' or siblings' records: {len(relatives):,}, "
        f"of twins' {len(twins):,}"
    )
    ours_t, ours_q, parts = [], [], []
    base_t, base_q = [], []
    for i in range(0 if args.skip_batch else args.repeat):
        predicted, elapsed, detail = ours_run(args.threshold)
        ours_t.append(elapsed)
        ours_q.append(
            quality(predicted, truth, args.match_threshold) + quality(predicted, truth, args.threshold)
        )
        parts.append(detail)
        print(f"  run {i + 1}: ours {elapsed:.1f} s (frame {detail['frame']:.1f}, "
              f"train {detail['train']:.1f}, "
              f"predict+cluster {detail['predict']:.1f}; CPU {detail['cpu']:.1f} s), "
              f"{len(predicted):,} pairs, "
              f"at {args.match_threshold}: precision {ours_q[-1][0]:.4f}, recall {ours_q[-1][1]:.4f}; "
              f"at {args.threshold}: precision {ours_q[-1][2]:.4f}, "
              f"recall {ours_q[-1][3]:.4f}; merged at {args.match_threshold}: twins "
              f"{merged_share(predicted, twins, args.match_threshold):.4f}, twins and siblings "
              f"{merged_share(predicted, relatives, args.match_threshold):.4f}", flush=True)  # fmt: skip
        if not args.skip_baseline:
            started = time.perf_counter()
            table = baseline_frame()
            bpred, belapsed = baseline_run(table, args.threshold)
            base_t.append(belapsed + time.perf_counter() - started - belapsed)
            base_q.append(quality(bpred, truth, args.match_threshold) + quality(bpred, truth, args.threshold))
            print(f"  run {i + 1}: out of the box {base_t[-1]:.1f} s, {len(bpred):,} pairs, "
                  f"at {args.match_threshold}: precision {base_q[-1][0]:.4f}, recall {base_q[-1][1]:.4f}; "
                  f"at {args.threshold}: precision {base_q[-1][2]:.4f}, "
                  f"recall {base_q[-1][3]:.4f}; merged at {args.match_threshold}: twins "
                  f"{merged_share(bpred, twins, args.match_threshold):.4f}, twins and siblings "
                  f"{merged_share(bpred, relatives, args.match_threshold):.4f}", flush=True)  # fmt: skip
    if ours_t:
        print(f"ours:            time {fmt(ours_t)}; precision {fmt([q[0] for q in ours_q], '', 4)}; "
              f"recall {fmt([q[1] for q in ours_q], '', 4)} at {args.match_threshold}; "
              f"precision {fmt([q[2] for q in ours_q], '', 4)}, recall {fmt([q[3] for q in ours_q], '', 4)} "
              f"at {args.threshold}")  # fmt: skip
        print(f"  of which frame {fmt([p['frame'] for p in parts])}, "
              f"train {fmt([p['train'] for p in parts])}, "
              f"predict+cluster {fmt([p['predict'] for p in parts])}; "
              f"CPU time {fmt([p['cpu'] for p in parts])}")  # fmt: skip
    if base_t:
        print(f"out of the box:  time {fmt(base_t)}; precision {fmt([q[0] for q in base_q], '', 4)}; "
              f"recall {fmt([q[1] for q in base_q], '', 4)} at {args.match_threshold}; "
              f"precision {fmt([q[2] for q in base_q], '', 4)}, recall {fmt([q[3] for q in base_q], '', 4)} "
              f"at {args.threshold}")  # fmt: skip
    if parts:
        # The look-up on entry scores with the latest stored model, as in production after find_duplicates.
        from pathways.identity.services import match_model_store

        match_model_store(
            actor=None, splink_settings=parts[-1]["settings"], records=n, seconds=parts[-1]["train"]
        )
    latencies = []
    for _ in range(args.repeat):
        times, hit_rate, false_prompts, cpu_ms = entry_latency(args.entry_samples, args.truth)
        times.sort()
        p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95) - 1]
        latencies.append((p50, p95, hit_rate, false_prompts, cpu_ms))
        print(f"  on entry run {len(latencies)}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
              f"CPU {cpu_ms:.1f} ms a look-up, planted duplicate among candidates {hit_rate:.3f}, "
              f"other people shown {false_prompts:.2f}; "
              f"load {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    print(f"on entry ({args.entry_samples} look-ups per run): p50 {fmt([x[0] for x in latencies], 'ms')}, "
          f"p95 {fmt([x[1] for x in latencies], 'ms')}, "
          f"CPU {fmt([x[4] for x in latencies], 'ms')} a look-up; "
          f"planted duplicate among candidates {statistics.median([x[2] for x in latencies]):.3f}; "
          f"other people shown per look-up {statistics.median([x[3] for x in latencies]):.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
