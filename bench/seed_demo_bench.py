"""Benchmark: seed_demo's bulk loader against registering the same people one by one through the service.

    python bench/seed_demo_bench.py [--people 20000] [--repeat 5] [--anchor-people 2000] [--database URL]
    python bench/seed_demo_bench.py --people 1000000 --repeat 1 --anchor-people 0

Each repeat starts from a freshly migrated database (an SQLite file in /tmp unless --database names a
PostgreSQL URL). Prints median, min and max seconds and records per second.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fresh_database(url: str | None) -> str:
    if url:
        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
        return url
    path = Path(tempfile.gettempdir()) / "pathways-bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"


def run(code: str, url: str) -> float:
    """Run `code` in a fresh interpreter on a migrated database; return the seconds it reports."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "pathways.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 40,
        # A benchmark-only certificate key (base64url of 32 bytes): the demo issues certificates.
        "CERTIFICATE_SIGNING_KEY": "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMzI",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    script = "import django, time; django.setup()\n" + code
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip().splitlines()[-1])


BULK = """
from pathways.demo.seeding import demo_seed
t = time.perf_counter()
demo_seed(people={n}, seed=7, truth_path=None, if_empty=False)
print(time.perf_counter() - t)
"""

ONE_BY_ONE = """
import random
from pathways.accounts.models import User
from pathways.demo.seeding import partners_and_users_create
from pathways.demo.names import generate_name
from pathways.people.services import PersonInput, person_create
partners_and_users_create(password="x")
actor = User.objects.get(username="officer")
rng = random.Random(7)
t = time.perf_counter()
for i in range({n}):
    name = generate_name(rng)
    person_create(actor=actor, data=PersonInput(
        given_name_lo=name.given_lo, family_name_lo=name.family_lo, given_name_latin=name.given_latin,
        family_name_latin=name.family_latin, sex=name.sex, migrant_status="returnee", home_province="LA-SV",
        phones=["+85620%08d" % (55000000 + i)]))
print(time.perf_counter() - t)
"""


def measure(label: str, code: str, n: int, repeat: int, url: str | None) -> None:
    times = [run(code.format(n=n), fresh_database(url)) for _ in range(repeat)]
    median = statistics.median(times)
    print(
        f"{label:<32} n={n:>9,}  median {median:8.1f} s  (min {min(times):.1f}, max {max(times):.1f}, "
        f"runs {repeat})  {n / median:,.0f} records/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--anchor-people", type=int, default=2000)
    parser.add_argument("--database", default=None, help="postgres://... (default: SQLite file in /tmp)")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB; "
        f"database: {'PostgreSQL' if args.database else 'SQLite'}; commit {commit.stdout.strip()}"
    )
    if args.anchor_people:
        measure("service, one by one (anchor)", ONE_BY_ONE, args.anchor_people, args.repeat, args.database)
        measure("seed_demo bulk, same size", BULK, args.anchor_people, args.repeat, args.database)
    measure("seed_demo bulk", BULK, args.people, args.repeat, args.database)


if __name__ == "__main__":
    main()
