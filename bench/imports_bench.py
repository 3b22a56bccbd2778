"""Benchmark: import a file of people (validation, place matching, duplicate checks) into a large registry.

    python bench/imports_bench.py --registry sqlite:////tmp/imports-1m.sqlite3 --rows 100000 --repeat 3

The registry is made once with seed_demo (DATABASE_URL=... manage.py seed_demo --people 1000000). Each
measurement runs `manage.py import_file` in a fresh interpreter on the same file: dry runs (the full
work, rolled back, so every repeat starts from the same registry) and then one real import on a copy of the
registry (--real). The file is generated with a fixed seed: names in both scripts with romanisation
variants, dates as dd/mm/yyyy, Buddhist-era and ISO, province and district names in the spellings partners
use, Lao phone numbers in local form; ~2% bad dates, 10% phones outside the allocated ranges (--warn-share;
both imported without the value, with a warning) and ~5% people already in the registry.
"""

import argparse
import csv
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROVINCES = [
    ("Vientiane Capital", ["Chanthabuly", "Sikhottabong", "Xaysetha", "Sisattanak"]),
    ("Savanakhet", ["Kaysone", "Outhoumphone", "Atsaphangthong"]),
    ("ສະຫວັນນະເຂດ", ["Kaysone Phomvihane", "Songkhone"]),
    ("Champasack", ["Pakse", "Champasak"]),
    ("Luang Prabang", ["Luang Prabang", "Xiengngeun"]),
    ("Khammouane", ["Thakhek", "Mahaxay"]),
    ("Salavan", ["Salavan", "Lakhonepheng"]),
    ("VTE", ["Chanthabouly", "Xaythany"]),
]
HEADERS = [
    "No",
    "Name",
    "ຊື່",
    "Sex",
    "Date of birth",
    "Province",
    "District",
    "Village",
    "Phone",
    "Status",
    "ID",
]


def make_rows(n: int, seed: int, existing: list[tuple], warn_share: float = 0.10) -> list[list]:
    from pathways.demo.names import generate_name, vary_name

    rng = random.Random(seed)
    rows = []
    for i in range(n):
        if existing and rng.random() < 0.05:
            given_latin, family_latin, given_lo, family_lo, phone = rng.choice(existing)
            sex = rng.choice(["F", "M"])
            name = f"{given_latin} {family_latin}".strip()
            lao = f"{given_lo} {family_lo}".strip()
        else:
            synthetic = generate_name(rng)
            if rng.random() < 0.3:
                synthetic = vary_name(synthetic, rng)
            name = f"{synthetic.given_latin} {synthetic.family_latin}".strip()
            lao = f"{synthetic.given_lo} {synthetic.family_lo}".strip()
            sex = {"female": rng.choice(["F", "female", "ຍິງ"]), "male": rng.choice(["M", "male", "ຊາຍ"])}[
                synthetic.sex
            ]
            prefix = rng.choice(["55", "56", "58", "76", "77", "78", "95", "96", "97", "99"])
            phone = (
                f"020 {prefix}{rng.randint(10, 99)} {rng.randint(1000, 9999)}" if rng.random() < 0.8 else ""
            )
        year = rng.randint(1965, 2006)
        shape = rng.random()
        if shape < 0.6:
            born = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"
        elif shape < 0.8:
            born = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        else:
            born = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year + 543}"
        province, districts = rng.choice(PROVINCES)
        district = rng.choice(districts)
        if rng.random() < 0.02:
            born = "31/02/1990"  # a bad date: imported without it, with a warning
        if rng.random() < warn_share:
            # A number outside the allocated ranges (as in half the rows of one partner's file): the person
            # is imported without it, with a warning.
            phone = f"020 1{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        rows.append(
            [
                i + 1,
                name,
                lao,
                sex,
                born,
                province,
                district,
                f"Ban {rng.randint(1, 60)}",
                phone,
                rng.choice(["returnee", "Returnee", "prospective", "ຜູ້ກັບຄືນ"]),
                f"B-{seed}-{i}",
            ]
        )
    return rows


def existing_people(url: str, limit: int = 5000) -> list[tuple]:
    env = _env(url)
    code = (
        "import django, json; django.setup()\n"
        "from pathways.people.models import Person\n"
        "rows = []\n"
        f"for p in Person.objects.exclude(given_name_latin='').prefetch_related('phones')[:{limit}]:\n"
        "    rows.append([p.given_name_latin, p.family_name_latin, p.given_name_lo, p.family_name_lo,"
        " next((x.number for x in p.phones.all()), '')])\n"
        "print(json.dumps(rows))\n"
    )
    import json

    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return [tuple(r) for r in json.loads(out.stdout.strip().splitlines()[-1])]


def write_file(rows: list[list], path: Path) -> None:
    if path.suffix == ".csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS)
            writer.writerows(rows)
    else:
        import xlsxwriter

        workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        sheet = workbook.add_worksheet("people")
        sheet.write_row(0, 0, HEADERS)
        for r, row in enumerate(rows, start=1):
            sheet.write_row(r, 0, row)
        workbook.close()


MAPPING = {
    "columns": {
        "Name": "full_name",
        "ຊື່": "full_name",
        "Sex": "sex",
        "Date of birth": "birth_date",
        "Province": "home_province",
        "District": "home_district",
        "Village": "home_village",
        "Phone": "phones",
        "Status": "migrant_status",
    },
    "key": "ID",
}


def _env(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "pathways.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 40,
        # Production checks refuse the development signing key; the bench signs nothing.
        "CERTIFICATE_SIGNING_KEY": "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMzI",
        # ... nor does it keep encrypted case notes: a fixed key satisfies the production check.
        "ENCRYPTION_KEYS": "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMzI=",
        "IMPORTS_DIR": tempfile.gettempdir() + "/imports-bench",
    }


def run_import(
    url: str, path: Path, mapping: Path, *, dry_run: bool, source: str, profile: Path | None = None
) -> tuple[float, float, str]:
    """Run one import in a fresh interpreter; return (seconds it reports, CPU seconds of it and its
    workers, its summary line)."""
    args = [
        sys.executable,
        *(["-m", "cProfile", "-o", str(profile)] if profile else ["-c", _MEASURED]),
        "manage.py",
        "import_file",
        str(path),
        "--kind",
        "people",
        "--mapping",
        str(mapping),
        "--source",
        source,
        "--user",
        "officer",
    ]
    if dry_run:
        args.append("--dry-run")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(args, cwd=ROOT, env=_env(url), check=True, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    line = out.stdout.strip().splitlines()[0]
    split = re.search(r"CPU main ([\d.]+) s, workers ([\d.]+) s", out.stderr)
    if split:
        line += f" [CPU of the importing process {split[1]} s, of its workers {split[2]} s]"
    return float(re.search(r"in ([\d.]+) s", line)[1]), cpu, line


# Runs manage.py and reports, at exit, the CPU time of the importing process apart from its workers': on two
# cores the larger of the two bounds the wall time of an import on an otherwise idle machine.
_MEASURED = """
import atexit, resource, runpy, sys
def report():
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    own, workers = own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime
    print(f"CPU main {own:.1f} s, workers {workers:.1f} s", file=sys.stderr)
atexit.register(report)
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def _copy_registry(url: str, folder: Path) -> tuple[str, Callable[[], None]]:
    """A throw-away copy of the registry for a real import: a file copy for SQLite, a database made from
    the registry as template for PostgreSQL."""
    if url.startswith("sqlite:///"):
        copy = folder / "registry-copy.sqlite3"
        shutil.copyfile(url.removeprefix("sqlite:///"), copy)
        return f"sqlite:///{copy}", copy.unlink
    import psycopg

    base, _slash, name = url.rpartition("/")
    copy_name = f"{name}_benchcopy"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{copy_name}"')
        admin.execute(f'CREATE DATABASE "{copy_name}" TEMPLATE "{name}"')

    def drop() -> None:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy_name}"')

    return f"{base}/{copy_name}", drop


def _summary(label: str, rows: int, times: list[float], cpus: list[float], loads: list[float]) -> str:
    median = statistics.median(times)
    return (
        f"{label}: median {median:.1f} s (min {min(times):.1f}, max {max(times):.1f}) over {len(times)} runs "
        f"= {rows / median:,.0f} rows/s; CPU median {statistics.median(cpus):.1f} s; "
        f"load average (1 min) {min(loads):.1f}-{max(loads):.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registry", default="sqlite:////tmp/imports-1m.sqlite3")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--warn-share", type=float, default=0.10, help="share of rows with a phone outside the number ranges"
    )
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument(
        "--real", action="store_true", help="Also run one real import (and the same file again) on a copy"
    )
    parser.add_argument("--profile", help="Write a cProfile of the first dry run to PREFIX.FORMAT.prof")
    parser.add_argument("--keep", help="Keep the generated files in this folder and reuse them next time")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    import django

    django.setup()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=_env(args.registry), check=True
    )
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="imports-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    mapping = folder / "mapping.json"
    import json

    mapping.write_text(json.dumps(MAPPING))
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(f"machine: {platform.processor() or platform.machine()}, nproc {os.cpu_count()}, commit {commit}")
    print(f"registry: {args.registry}; file: {args.rows:,} rows")
    rows = None
    for fmt in args.formats.split(","):
        path = folder / f"people-{args.rows}.{fmt}"
        if not (args.keep and path.exists()):
            if rows is None:
                rows = make_rows(args.rows, 7, existing_people(args.registry), args.warn_share)
            write_file(rows, path)
        times, cpus, loads = [], [], []
        for i in range(args.repeat):
            profile = Path(f"{args.profile}.{fmt}.prof") if args.profile and i == 0 else None
            seconds, cpu, line = run_import(
                args.registry, path, mapping, dry_run=True, source=f"bench-{fmt}", profile=profile
            )
            times.append(seconds)
            cpus.append(cpu)
            loads.append(os.getloadavg()[0])
            print(f"  {fmt} dry run {i + 1}: {line} (CPU {cpu:.1f} s, load {loads[-1]:.1f})", flush=True)
        if times:
            print(_summary(f"{fmt.upper()} dry run", args.rows, times, cpus, loads), flush=True)
        if args.real:
            url, drop = _copy_registry(args.registry, folder)
            try:
                seconds, cpu, line = run_import(url, path, mapping, dry_run=False, source=f"bench-{fmt}")
                print(
                    f"{fmt.upper()} real import: {seconds:.1f} s = {args.rows / seconds:,.0f} rows/s, "
                    f"CPU {cpu:.1f} s, load {os.getloadavg()[0]:.1f} ({line})",
                    flush=True,
                )
                again, cpu, line = run_import(url, path, mapping, dry_run=False, source=f"bench-{fmt}")
                print(f"{fmt.upper()} same file again: {again:.1f} s, CPU {cpu:.1f} s ({line})", flush=True)
            finally:
                drop()
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
