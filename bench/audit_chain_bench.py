"""Benchmark: the audit log's hash chain — what appending costs, under concurrent writers, and verifying.

    python bench/audit_chain_bench.py --database postgres://pathways:pathways@127.0.0.1:5432/DB
        [--events 2000] [--writers 4] [--bulk 20000]

Times (0) the plain insert of before, for reference; (1) `audit.record` one event per transaction, one
writer; (2) the same from `--writers` threads at once, each on its own connection (PostgreSQL: they queue
on the chain head's row lock); (3) `audit.record_many` of `--bulk` events in one transaction (an import's
chunk); (4) `audit.verify` over everything written. The database is emptied of audit events first. Prints
events per second and the verification rate.
"""

import argparse
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--bulk", type=int, default=20000)
    args = parser.parse_args()
    os.environ.update(
        {
            "DATABASE_URL": args.database,
            "DJANGO_SETTINGS_MODULE": "pathways.settings",
            "DEBUG": "true",
        }
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.db import connection, transaction

    from pathways.accounts.models import Role, User
    from pathways.core import audit
    from pathways.core.models import AuditChainHead, AuditEvent

    AuditEvent.objects.all().delete()
    AuditChainHead.objects.all().delete()
    actor, _created = User.objects.get_or_create(username="bench.audit", defaults={"role": Role.ME_OFFICER})

    def one_by_one(count: int) -> None:
        for _i in range(count):
            with transaction.atomic():
                audit.record(actor=actor, action="bench.record", obj=actor, changed_fields=["role"])

    # The reference: the same insert without the chain (no head update, no hash), as events were written
    # before; negative sequence numbers keep them apart, and they are removed before verification.
    started = time.perf_counter()
    for i in range(args.events):
        with transaction.atomic():
            AuditEvent.objects.create(
                actor=actor,
                action="bench.plain",
                object_type="accounts.user",
                object_id=str(actor.pk),
                changed_fields=["role"],
                seq=-(i + 1),
                prev_hash="",
                hash="",
            )
    plain = args.events / (time.perf_counter() - started)
    AuditEvent.objects.filter(seq__lt=0).delete()

    started = time.perf_counter()
    one_by_one(args.events)
    single = args.events / (time.perf_counter() - started)

    def writer() -> None:
        try:
            one_by_one(args.events // args.writers)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _w in range(args.writers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    concurrent = (args.events // args.writers * args.writers) / (time.perf_counter() - started)

    started = time.perf_counter()
    with transaction.atomic():
        audit.record_many(
            actor=actor, action="bench.bulk", items=((actor, None, ["role"]) for _i in range(args.bulk))
        )
    bulk = args.bulk / (time.perf_counter() - started)

    started = time.perf_counter()
    checked, broken = audit.verify()
    verify = checked / (time.perf_counter() - started)
    assert broken is None, broken

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {connection.vendor}")
    print(f"one writer, one event per transaction, without the chain: {plain:,.0f} events/s")
    print(f"one writer, one event per transaction: {single:,.0f} events/s")
    print(f"{args.writers} writers at once: {concurrent:,.0f} events/s in all")
    print(f"record_many, {args.bulk:,} in one transaction: {bulk:,.0f} events/s")
    print(f"audit_verify over {checked:,} events: {verify:,.0f} events/s")


if __name__ == "__main__":
    main()
