"""Benchmark: the duplicate review queue's first page for a national reviewer.

    python bench/identity_queue_bench.py --database sqlite:////tmp/id-20k.sqlite3 --pairs 9000 [--former]

Use a copy of a registry: if it holds fewer candidate pairs than --pairs, pairs of existing people are
added (with random probabilities) until it does. Times the count and the first page of 50 of
`identity.selectors.candidate_pair_list` three times; with --former, also the query it replaced (each pair's
two records `IN` a subquery of every resolved person), which can take minutes on SQLite.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--pairs", type=int, default=10000)
    parser.add_argument("--former", action="store_true")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from pathways.accounts.models import Role, User
    from pathways.identity.models import CandidatePair
    from pathways.identity.selectors import candidate_pair_list
    from pathways.people.models import Person
    from pathways.people.scopes import visible_to

    missing = args.pairs - CandidatePair.objects.count()
    if missing > 0:
        ids = list(
            Person.objects.filter(merged_into__isnull=True).values_list("pk", flat=True)[: 2 * missing]
        )
        rows = []
        for i in range(0, len(ids) - 1, 2):
            a, b = sorted((ids[i], ids[i + 1]), key=str)
            rows.append(
                CandidatePair(person_a_id=a, person_b_id=b, probability=random.random(), match_weight=0.0)
            )
        CandidatePair.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    actor = User.objects.filter(role=Role.PROGRAMME_OFFICER, is_active=True).first()

    def former():
        visible = Person.objects.filter(visible_to(actor)).values("pk")
        return (
            CandidatePair.objects.filter(person_a__in=visible, person_b__in=visible)
            .select_related("person_a__home_province", "person_b__home_province")
            .order_by("-probability", "id")
        )

    queries = [("now", lambda: candidate_pair_list(actor=actor))] + (
        [("former", former)] if args.former else []
    )
    engine = args.database.split(":")[0]
    print(f"{Person.objects.count():,} people, {CandidatePair.objects.count():,} pairs, {engine}")
    for name, make in queries:
        for _ in range(3):
            started = time.perf_counter()
            pairs = make()
            count = pairs.count()
            list(pairs[:50])
            print(
                f"  {name}: {count:,} pairs, count and first page {time.perf_counter() - started:.3f} s",
                flush=True,
            )


if __name__ == "__main__":
    main()
