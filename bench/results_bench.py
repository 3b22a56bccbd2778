"""Benchmark: the whole PROMISE-II indicator set, every disaggregation, one period, computed live.

    python bench/results_bench.py --db postgres [--people 1000000] [--events 10000000] [--period 2023]
                                  [--runs 5] [--reuse] [--keep] [--explain]
    python bench/results_bench.py --db sqlite   (same options)

Times `report_build(project, period, published=True)` — what the dashboard, the donor report and the exports
run — over a synthetic registry: people (sex, date or year of birth, Washington Group answers, home province,
migrant status, merged records, registrations spread over 2019-2025) and "events", the records the shipped
indicators count: enrolments in cohorts of courses (training and training of trainers; completed, dropped out,
still enrolled), certificates from courses and from RPL (some revoked) and the RPL applications behind them,
and institutions with the safe-migration module. No summary table is built: the figures come from these rows.

The data is written by a generator, not the ORM seed (43 min for 1M people): COPY on PostgreSQL, executemany
on SQLite, with indexes and foreign keys dropped during the load and re-created (and so re-validated) after.
The databases live in /tmp (PostgreSQL through a tablespace there when run as root) and are dropped at the end
unless --keep. Reports the first (cold: a new connection, right after ANALYZE) run apart from the next `runs`,
median (min-max), with the CPU time of this process and of the PostgreSQL backend, and the load average.
"""

import argparse
import datetime
import json
import os
import platform
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
# RESULTS_BENCH_NAME lets two checkouts on one server bench side by side without sharing a database.
PG_NAME = os.environ.get("RESULTS_BENCH_NAME", "pathways_results_bench")
PG_URL = f"postgres://pathways:pathways@127.0.0.1:5432/{PG_NAME}"
PG_TABLESPACE_DIR = Path(f"/tmp/{PG_NAME.replace('_', '-')}-pg")
SQLITE_PATH = Path(f"/tmp/{PG_NAME.replace('_', '-')}.sqlite3")

BIG_TABLES = [
    "people_person",
    "training_cohort",
    "training_enrolment",
    "training_rplapplication",
    "training_certificate",
    "jobs_placement",
    "jobs_retentionfollowup",
]
# Share of events by kind (per enrolment): certificates from ~2/3 of completions, RPL applications and their
# certificates; so events = enrolments * (1 + CERT + RPL + RPL * RPL_CERT).
COMPLETED, DROPPED = 0.72, 0.10
CERTIFIED_OF_COMPLETED = 0.68
RPL_PER_ENROLMENT = 0.02
RPL_CERTIFIED = 0.75
REVOKED = 0.01
MERGED = 0.02
COHORT_SIZE = 25
TOT_SHARE = 0.03
# Jobs: a share of the people who complete a course are placed (a third abroad, in Thailand), most of them
# followed up at 3 months and fewer at 6.
PLACED_OF_COMPLETED = 0.12
ABROAD = 0.33
FOLLOWED_UP_3, FOLLOWED_UP_6 = 0.80, 0.60
STILL_EMPLOYED = 0.85
FIRST_DAY = datetime.date(2019, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)


# ---------------------------------------------------------------------------------------------------- set-up


def setup_env(db: str, reuse: bool) -> None:
    if db == "postgres":
        url = PG_URL
        if not reuse:
            pg_recreate()
    else:
        url = f"sqlite:///{SQLITE_PATH}"
        if not reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(str(SQLITE_PATH) + suffix).unlink(missing_ok=True)
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "pathways.settings",
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + "x" * 40,
            "CERTIFICATE_SIGNING_KEY": "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMzI",
        }
    )
    if not reuse:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)


def _psql_admin(sql: str) -> None:
    subprocess.run(["psql", PG_ADMIN, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True)


def pg_recreate() -> None:
    pg_drop()
    tablespace = ""
    if os.geteuid() == 0:
        # Keep the bulky benchmark data under /tmp, where it is bounded and easy to throw away.
        PG_TABLESPACE_DIR.mkdir(exist_ok=True)
        shutil.chown(PG_TABLESPACE_DIR, "postgres", "postgres")
        _psql_admin(f"CREATE TABLESPACE {PG_NAME} LOCATION '{PG_TABLESPACE_DIR}'")
        tablespace = f" TABLESPACE {PG_NAME}"
    _psql_admin(f"CREATE DATABASE {PG_NAME} OWNER pathways{tablespace}")


# The settings docs/benchmarks.md (Results) asks of a production database; set per database here, so the
# other databases on the shared server are untouched. Why:
# reports run a few large GROUP BY queries, which JIT compilation slows down (~0.2 s per query) and which sort
# on disk with the 4 MB default work_mem.
PG_SETTINGS = {"jit": "off", "work_mem": "'64MB'"}


def pg_settings(*, stock: bool, serial: bool) -> None:
    for name, value in PG_SETTINGS.items():
        _psql_admin(f"ALTER DATABASE {PG_NAME} " + (f"RESET {name}" if stock else f"SET {name} = {value}"))
    parallel = (
        "SET max_parallel_workers_per_gather = 0" if serial else "RESET max_parallel_workers_per_gather"
    )
    _psql_admin(f"ALTER DATABASE {PG_NAME} {parallel}")


def pg_drop() -> None:
    _psql_admin(f"DROP DATABASE IF EXISTS {PG_NAME}")
    if os.geteuid() == 0:
        subprocess.run(
            ["psql", PG_ADMIN, "-q", "-c", f"DROP TABLESPACE IF EXISTS {PG_NAME}"],
            check=False,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(PG_TABLESPACE_DIR, ignore_errors=True)


# -------------------------------------------------------------------------------------------- reference data


def reference_create(rng: random.Random) -> dict:
    """Project with the shipped framework, institutions, courses, the safe-migration module (the ORM)."""
    from pathways.partners.models import Organisation
    from pathways.places.models import Province
    from pathways.places.services import reference_places_load
    from pathways.results.models import Project
    from pathways.results.services import framework_load_file
    from pathways.training.models import Course, InstitutionSafeMigration

    if not Province.objects.filter(code="LA-VT").exists():
        reference_places_load()
    provinces = list(Province.objects.filter(country_id="LA").order_by("code").values_list("code", flat=True))
    project = Project.objects.create(
        code="PROMISE-II",
        name="PROMISE II",
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    framework_load_file(actor=None, project=project, name="promise_ii.json")
    institutions = [
        Organisation.objects.create(
            kind="tvet_school" if i % 3 else "skills_centre",
            name_en=f"Bench institution {i:02d}",
            country_id="LA",
            province_id=provinces[i % len(provinces)],
        )
        for i in range(40)
    ]
    for i, org in enumerate(institutions[:30]):
        InstitutionSafeMigration.objects.create(
            institution=org, module_scheduled_on=FIRST_DAY + datetime.timedelta(days=i * 80)
        )
    employers = [
        Organisation.objects.create(
            kind="employer",
            name_en=f"Bench employer {i:02d}",
            country_id="LA" if i % 3 else "TH",
            province_id=provinces[i % len(provinces)] if i % 3 else None,
        )
        for i in range(20)
    ]
    courses = [
        Course.objects.create(
            code=f"BENCH-{i:02d}",
            title_en=f"Bench course {i}",
            title_lo=f"ຫຼັກສູດ {i}",
            sector="garment",
            isco_code="7533",
            level="certificate_1",
            duration_days=10,
            duration_hours=80,
        )
        for i in range(12)
    ]
    return {
        "project": project.pk.hex,
        "provinces": provinces,
        "institutions": [o.pk.hex for o in institutions],
        "courses": [c.pk.hex for c in courses],
        "employers": [o.pk.hex for o in employers],
    }


# ------------------------------------------------------------------------------------------- row generators


_M64, _M62 = (1 << 64) - 1, (1 << 62) - 1


class Fmt:
    """Values as each database's text form expects them (UUIDs, timestamps, booleans)."""

    def __init__(self, db: str):
        self.pg = db == "postgres"

    def uid(self, kind: int, i: int) -> str:
        """The `i`-th id of a kind of row: scattered over the whole UUID space like the uuid4 ids the
        application creates (rows in id order are in no other order), and the same for every run.

        The high half is splitmix64 of (kind, i); the low half holds (kind, i) itself through a bijection,
        so no two ids are equal. Version 4, RFC 4122 variant."""
        x = (kind << 48) | i
        z = (x + 0x9E3779B97F4A7C15) & _M64
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
        high = ((z ^ (z >> 31)) & ~0xF000) | 0x4000
        low = ((x * 0x9E3779B97F4A7C15) & _M62) | (0b10 << 62)
        h = f"{high:016x}{low:016x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}" if self.pg else h

    def hexid(self, hex32: str) -> str:
        if not self.pg:
            return hex32
        h = hex32
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def ts(self, day: datetime.date, seconds: int = 0) -> str:
        hh, rem = divmod(seconds % 86400, 3600)
        return f"{day.isoformat()} {hh:02d}:{rem // 60:02d}:{rem % 60:02d}" + ("+00" if self.pg else "")


GIVEN = [
    ("ສົມສັກ", "Somsak"), ("ບຸນມີ", "Bounmy"), ("ມະນີວັນ", "Manivanh"), ("ຄຳພອນ", "Khamphone"),
    ("ນ້ອຍ", "Noy"), ("ແສງ", "Saeng"), ("ພອນ", "Phone"), ("ວັນນາ", "Vanna"), ("ສີດາ", "Sida"),
    ("ບົວ", "Boua"), ("ທອງ", "Thong"), ("ດາວ", "Dao"),
]  # fmt: skip
FAMILY = [
    ("ພົມມະຈັນ", "Phommachanh"), ("ສີສຸລາດ", "Sisoulath"), ("ວົງສາ", "Vongsa"), ("ແກ້ວມະນີ", "Keomany"),
    ("ສຸວັນນະ", "Souvanna"), ("ໄຊຍະວົງ", "Xayavong"), ("ຈັນທະລາ", "Chanthala"), ("ອິນທະວົງ", "Inthavong"),
]  # fmt: skip
SEXES = ["female"] * 52 + ["male"] * 47 + ["other"]
STATUSES = (
    ["prospective"] * 30
    + ["current"] * 20
    + ["returnee"] * 25
    + ["family_member"] * 15
    + ["non_migrant"] * 10
)
WG = [1] * 85 + [2] * 10 + [3] * 4 + [4]


def people_rows(fmt: Fmt, n: int, ref: dict, rng: random.Random, merged_into: dict[int, int]):
    """People, registered from 2019 to 2025 in the order generated (their ids are random); about 2% merged
    into an earlier person."""
    provinces = ref["provinces"]
    weights = [6 if code in ("LA-VT", "LA-SV", "LA-CH") else 1 for code in provinces]
    province_pool = [p for p, w in zip(provinces, weights, strict=True) for _ in range(w)]
    orgs = [fmt.hexid(h) for h in ref["institutions"]]
    span = (LAST_DAY - FIRST_DAY).days * 86400
    for i in range(n):
        r = rng.random
        given_lo, given = GIVEN[int(r() * len(GIVEN))]
        family_lo, family = FAMILY[int(r() * len(FAMILY))]
        at = i * span // n + int(r() * 3600)
        day = FIRST_DAY + datetime.timedelta(seconds=at)
        created = fmt.ts(day, at)
        age = 15 + int(r() * 45)
        b = r()
        if b < 0.80:
            birth_date = (day - datetime.timedelta(days=age * 365 + int(r() * 365))).isoformat()
            birth_year = str(day.year - age)
        elif b < 0.95:
            birth_date, birth_year = None, str(day.year - age)
        else:
            birth_date = birth_year = None
        wg = [str(WG[int(r() * 100)]) for _d in range(6)] if r() < 0.75 else [None] * 6
        province = province_pool[int(r() * len(province_pool))] if r() < 0.97 else None
        merged = fmt.uid(1, merged_into[i]) if i in merged_into else None
        yield (
            fmt.uid(1, i), created, created, given_lo, family_lo, given, family,
            SEXES[int(r() * 100)], birth_date, birth_year, STATUSES[int(r() * 100)], *wg,
            f"{family.lower()} {given.lower()} {i}", f"{given_lo} {family_lo} {given} {family}".lower(),
            province, orgs[i % len(orgs)], merged,
        )  # fmt: skip


PEOPLE_COLS = (
    "id, created_at, updated_at, given_name_lo, family_name_lo, given_name_latin, family_name_latin, sex, "
    "birth_date, birth_year, migrant_status, wg_seeing, wg_hearing, wg_walking, wg_remembering, wg_selfcare, "
    "wg_communicating, name_sort_key, search_text, home_province_id, owner_organisation_id, merged_into_id"
)
COHORT_COLS = (
    "id, created_at, updated_at, code, name, kind, starts_on, ends_on, capacity, eligible_statuses, "
    "min_attendance_share, assessment_required, funding_project_id, institution_id, course_id"
)
ENROLMENT_COLS = (
    "id, created_at, updated_at, status, enrolled_on, completed_on, dropped_out_on, dropout_reason, "
    "dropout_note, cohort_id, institution_id, person_id"
)
RPL_COLS = "id, created_at, updated_at, applied_on, experience, status, course_id, institution_id, person_id"
PLACEMENT_COLS = (
    "id, created_at, updated_at, job_title, isco_code, starts_on, ends_on, wage_monthly, currency, note, "
    "country_id, employer_id, funding_project_id, person_id, province_id, recorded_by_id, "
    "recorded_by_organisation_id, vacancy_id"
)
FOLLOW_UP_COLS = (
    "id, created_at, updated_at, checkpoint, checked_on, still_employed, current_wage, note, placement_id, "
    "recorded_by_id"
)
CERT_COLS = (
    "id, created_at, updated_at, number, holder_name, holder_name_lo, unit_codes, issued_on, payload, "
    "key_id, revoked_at, revocation_reason, institution_id, person_id, course_id, enrolment_id, "
    "rpl_application_id"
)


def cohorts_plan(n_cohorts: int, ref: dict, rng: random.Random) -> list[tuple]:
    """(start, end, course index, institution index, kind, funded) per cohort."""
    days = (LAST_DAY - FIRST_DAY).days - 60
    plan = []
    for _c in range(n_cohorts):
        start = FIRST_DAY + datetime.timedelta(days=int(rng.random() * days))
        end = start + datetime.timedelta(days=10 + int(rng.random() * 50))
        kind = "training_of_trainers" if rng.random() < TOT_SHARE else "training"
        plan.append(
            (
                start,
                end,
                int(rng.random() * len(ref["courses"])),
                int(rng.random() * len(ref["institutions"])),
                kind,
                rng.random() < 0.85,
            )
        )
    return plan


def cohort_rows(fmt: Fmt, plan: list[tuple], ref: dict):
    project = fmt.hexid(ref["project"])
    courses = [fmt.hexid(h) for h in ref["courses"]]
    orgs = [fmt.hexid(h) for h in ref["institutions"]]
    for c, (start, end, course, org, kind, funded) in enumerate(plan):
        created = fmt.ts(start - datetime.timedelta(days=30), 36000)
        yield (
            fmt.uid(2, c), created, created, f"BENCH-{c:07d}",
            f"Cohort {c}", kind, start.isoformat(), end.isoformat(),
            str(COHORT_SIZE + 10), "[]", "0.80", "true" if fmt.pg else "1", project if funded else None,
            orgs[org], courses[course],
        )  # fmt: skip


def enrolment_and_certificate_rows(
    fmt: Fmt,
    plan: list[tuple],
    ref: dict,
    n_people: int,
    merged_into: dict,
    rng: random.Random,
    certs: list,
    placements: list,
):
    """Enrolment rows (yielded); their certificates and the placements of those who completed a course are
    appended to `certs` and `placements` as rows, for later loads."""
    project = fmt.hexid(ref["project"])
    employers = [fmt.hexid(h) for h in ref["employers"]]
    placed_keys: set[tuple] = set()  # a person starts at an employer on a given day once (the natural key)
    courses = [fmt.hexid(h) for h in ref["courses"]]
    orgs = [fmt.hexid(h) for h in ref["institutions"]]
    e = n_cert = 0
    r = rng.random
    payload = "B" * 120
    for c, (start, end, course, org, kind, funded) in enumerate(plan):
        cohort_id = fmt.uid(2, c)
        size = COHORT_SIZE - 10 + int(r() * 21)
        members = set()
        for _k in range(size):
            p = int(r() * n_people)
            members.add(merged_into.get(p, p))
        enrolled_on = (start - datetime.timedelta(days=7)).isoformat()
        created = fmt.ts(start - datetime.timedelta(days=7), 30000)
        for p in members:
            s = r()
            if s < COMPLETED:
                status, completed_on, dropped_on, reason = "completed", end.isoformat(), None, ""
            elif s < COMPLETED + DROPPED:
                status, completed_on, dropped_on = "dropped_out", None, start.isoformat()
                reason = "found_work"
            else:
                status, completed_on, dropped_on, reason = "enrolled", None, None, ""
            person = fmt.uid(1, p)
            enrolment_id = fmt.uid(3, e)
            yield (
                enrolment_id, created, created, status, enrolled_on, completed_on, dropped_on, reason, "",
                cohort_id, orgs[int(r() * len(orgs))] if kind == "training_of_trainers" else None, person,
            )  # fmt: skip
            e += 1
            if status == "completed" and r() < CERTIFIED_OF_COMPLETED:
                issued = end + datetime.timedelta(days=int(r() * 10))
                revoked = fmt.ts(issued + datetime.timedelta(days=30), 40000) if r() < REVOKED else None
                certs.append(
                    (
                        fmt.uid(5, n_cert), (at := fmt.ts(issued, 30000)), at,
                        f"PW-{issued.year}-{n_cert:07d}", "Holder", "ຜູ້ຖື", "[]", issued.isoformat(), payload,
                        "bench", revoked, "Issued in error" if revoked else "", orgs[org], person,
                        courses[course], enrolment_id, None,
                    )
                )  # fmt: skip
                n_cert += 1
            if status == "completed" and kind == "training" and r() < PLACED_OF_COMPLETED:
                starts = end + datetime.timedelta(days=15 + int(r() * 105))
                abroad = r() < ABROAD
                at = fmt.ts(starts, 30000)
                wage, currency = ("9000", "THB") if abroad else ("2500000", "LAK")
                employer = employers[int(r() * len(employers))]
                if (person, employer, starts) in placed_keys:
                    continue
                placed_keys.add((person, employer, starts))
                province = None if abroad else ref["provinces"][int(r() * len(ref["provinces"]))]
                placements.append(
                    (
                        fmt.uid(6, len(placements)), at, at, "Sewing machine operator", "7533",
                        starts.isoformat(), None, wage, currency,
                        "", "TH" if abroad else "LA", employer,
                        project if funded else None, person, province,
                        None, orgs[org], None,
                    )
                )  # fmt: skip
    return e, n_cert


def follow_up_rows(fmt: Fmt, placements: list, rng: random.Random):
    """3- and 6-month retention follow-ups of the placements."""
    r = rng.random
    n = 0
    for row in placements:
        starts = datetime.date.fromisoformat(row[5])
        for months, share in ((3, FOLLOWED_UP_3), (6, FOLLOWED_UP_6)):
            if r() >= share:
                continue
            checked = starts + datetime.timedelta(days=months * 30 + 2 + int(r() * 20))
            employed = r() < STILL_EMPLOYED
            at = fmt.ts(checked, 30000)
            flag = ("true" if employed else "false") if fmt.pg else ("1" if employed else "0")
            yield (
                fmt.uid(7, n), at, at, str(months), checked.isoformat(), flag, None, "", row[0], None,
            )  # fmt: skip
            n += 1


def rpl_rows(fmt: Fmt, n: int, ref: dict, n_people: int, merged_into: dict, rng: random.Random, certs, first):
    """RPL applications (yielded) and, for the certified ones, their certificates (appended to `certs`)."""
    courses = [fmt.hexid(h) for h in ref["courses"]]
    orgs = [fmt.hexid(h) for h in ref["institutions"]]
    days = (LAST_DAY - FIRST_DAY).days - 120
    n_cert = first
    r = rng.random
    for a in range(n):
        p = int(r() * n_people)
        person = fmt.uid(1, merged_into.get(p, p))
        applied = FIRST_DAY + datetime.timedelta(days=int(r() * days))
        certified = r() < RPL_CERTIFIED
        course, org = courses[int(r() * len(courses))], orgs[int(r() * len(orgs))]
        app_id = fmt.uid(4, a)
        created = fmt.ts(applied, 30000)
        status = "certified" if certified else "not_recognised"
        yield (
            app_id,
            created,
            created,
            applied.isoformat(),
            "Ten years on building sites",
            status,
            course,
            org,
            person,
        )
        if certified:
            issued = applied + datetime.timedelta(days=30 + int(r() * 60))
            revoked = fmt.ts(issued + datetime.timedelta(days=30), 40000) if r() < REVOKED else None
            certs.append(
                (
                    fmt.uid(5, n_cert), fmt.ts(issued, 30000), fmt.ts(issued, 30000),
                    f"PW-{issued.year}-{n_cert:07d}", "Holder", "ຜູ້ຖື", "[]", issued.isoformat(), "B" * 120,
                    "bench", revoked, "Issued in error" if revoked else "", org, person, course, None, app_id,
                )
            )  # fmt: skip
            n_cert += 1
    return n_cert - first


# ------------------------------------------------------------------------------------------------- loaders


class PgLoader:
    def __init__(self):
        import psycopg

        self.conn = psycopg.connect(PG_URL.replace("postgres://", "postgresql://"), autocommit=True)
        self.saved: list[str] = []

    def drop_constraints_and_indexes(self, tables: list[str]) -> None:
        cur = self.conn.cursor()
        names = ",".join(f"'{t}'" for t in tables)
        cur.execute(
            f"SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            f"WHERE conrelid::regclass::text IN ({names}) AND contype IN ('f', 'u') ORDER BY contype DESC"
        )
        constraints = cur.fetchall()
        cur.execute(
            f"SELECT i.indexdef, i.indexname FROM pg_indexes i WHERE i.tablename IN ({names}) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        )
        indexes = cur.fetchall()
        for table, name, _definition in constraints:
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for _definition, name in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        # Unique constraints first, then indexes, then foreign keys (they need the unique keys back).
        self.saved = [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d in constraints if "UNIQUE" in d]
        self.saved += [d for d, _n in indexes]
        self.saved += [
            f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d in constraints if "UNIQUE" not in d
        ]

    def restore(self) -> None:
        cur = self.conn.cursor()
        cur.execute("SET maintenance_work_mem = '512MB'")
        for sql in self.saved:
            cur.execute(sql)

    def load(self, table: str, cols: str, rows) -> int:
        n = 0
        with self.conn.cursor().copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            buf = []
            for row in rows:
                buf.append("\t".join("\\N" if v is None else v for v in row))
                n += 1
                if len(buf) == 20000:
                    copy.write("\n".join(buf) + "\n")
                    buf.clear()
            if buf:
                copy.write("\n".join(buf) + "\n")
        return n

    def analyze(self) -> None:
        self.conn.cursor().execute("VACUUM ANALYZE")

    def close(self) -> None:
        self.conn.close()


class SqliteLoader:
    def __init__(self):
        self.conn = sqlite3.connect(SQLITE_PATH, isolation_level=None)
        # Check constraints written by Django use REGEXP (the ISCO code of placements), which Django's own
        # connections define; a plain sqlite3 connection must too.
        self.conn.create_function(
            "REGEXP",
            2,
            lambda pattern, value: value is not None and re.search(pattern, str(value)) is not None,
        )
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("PRAGMA foreign_keys = OFF")
        self.saved: list[str] = []

    def drop_constraints_and_indexes(self, tables: list[str]) -> None:
        names = ",".join(f"'{t}'" for t in tables)
        rows = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({names})"
        ).fetchall()
        for name, _sql in rows:
            self.conn.execute(f'DROP INDEX "{name}"')
        self.saved = [sql for _name, sql in rows]

    def restore(self) -> None:
        for sql in self.saved:
            self.conn.execute(sql)
        bad = []
        for table in BIG_TABLES:
            bad += self.conn.execute(f"PRAGMA foreign_key_check({table})").fetchmany(5)
        if bad:
            raise SystemExit(f"foreign keys broken: {bad}")

    def load(self, table: str, cols: str, rows) -> int:
        marks = ",".join("?" * len(cols.split(",")))
        sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
        n = 0
        batch = []
        self.conn.execute("BEGIN")
        for row in rows:
            batch.append(row)
            if len(batch) == 50000:
                self.conn.executemany(sql, batch)
                n += len(batch)
                batch.clear()
        self.conn.executemany(sql, batch)
        n += len(batch)
        self.conn.execute("COMMIT")
        return n

    def analyze(self) -> None:
        self.conn.execute("ANALYZE")

    def close(self) -> None:
        self.conn.close()


def generate(db: str, people: int, events: int, seed: int) -> dict:
    import django

    django.setup()
    rng = random.Random(seed)
    ref = reference_create(rng)
    fmt = Fmt(db)
    placed = COMPLETED * (1 - TOT_SHARE) * PLACED_OF_COMPLETED
    per_enrolment = (
        1
        + COMPLETED * CERTIFIED_OF_COMPLETED
        + RPL_PER_ENROLMENT * (1 + RPL_CERTIFIED)
        + placed * (1 + FOLLOWED_UP_3 + FOLLOWED_UP_6)
    )
    n_enrolments = int(events / per_enrolment)
    n_cohorts = n_enrolments // COHORT_SIZE
    n_rpl = int(n_enrolments * RPL_PER_ENROLMENT)
    merged_into = {}
    for i in range(1000, people):
        if rng.random() < MERGED:
            target = int(rng.random() * i)
            merged_into[i] = merged_into.get(target, target)
    loader = PgLoader() if db == "postgres" else SqliteLoader()
    loader.drop_constraints_and_indexes(BIG_TABLES)
    t0 = time.perf_counter()
    counts = {
        "people": loader.load("people_person", PEOPLE_COLS, people_rows(fmt, people, ref, rng, merged_into))
    }
    plan = cohorts_plan(n_cohorts, ref, rng)
    counts["cohorts"] = loader.load("training_cohort", COHORT_COLS, cohort_rows(fmt, plan, ref))
    certs: list[tuple] = []
    placements: list[tuple] = []
    counter: dict = {}

    def enrolments():
        counter["e"], counter["c"] = yield from enrolment_and_certificate_rows(
            fmt, plan, ref, people, merged_into, rng, certs, placements
        )

    counts["enrolments"] = loader.load("training_enrolment", ENROLMENT_COLS, enrolments())

    def rpl():
        counter["rpl_certs"] = yield from rpl_rows(
            fmt, n_rpl, ref, people, merged_into, rng, certs, counter["c"]
        )

    counts["rpl_applications"] = loader.load("training_rplapplication", RPL_COLS, rpl())
    counts["certificates"] = loader.load("training_certificate", CERT_COLS, iter(certs))
    counts["rpl_certificates"] = counter["rpl_certs"]
    counts["placements"] = loader.load("jobs_placement", PLACEMENT_COLS, iter(placements))
    counts["follow_ups"] = loader.load(
        "jobs_retentionfollowup", FOLLOW_UP_COLS, follow_up_rows(fmt, placements, rng)
    )
    placements.clear()
    counts["merged_people"] = len(merged_into)
    certs.clear()
    t_load = time.perf_counter() - t0
    t1 = time.perf_counter()
    loader.restore()
    t_index = time.perf_counter() - t1
    t2 = time.perf_counter()
    loader.analyze()
    t_analyze = time.perf_counter() - t2
    loader.close()
    counts["events"] = sum(
        counts[k] for k in ("enrolments", "rpl_applications", "certificates", "placements", "follow_ups")
    )
    counts["seconds"] = {
        "load": round(t_load, 1),
        "indexes_and_keys": round(t_index, 1),
        "analyze": round(t_analyze, 1),
    }
    return counts


# ------------------------------------------------------------------------------------------------- timing


def backend_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (not its parallel workers)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_report(project, period) -> dict:
    from pathways.results.reporting import report_build

    load_before = os.getloadavg()[0]
    b0 = backend_cpu()
    c0 = time.process_time()
    t0 = time.perf_counter()
    report = report_build(project=project, period=period, published=True)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    b1 = backend_cpu()
    return {
        "wall": wall,
        "cpu": cpu,
        "backend_cpu": None if b0 is None or b1 is None else b1 - b0,
        "load": (load_before, os.getloadavg()[0]),
        "totals": {r.indicator.code: r.total.text for r in report.results},
    }


def time_dashboard(project, period) -> None:
    """The dashboard page computes the report, then its charts: the trend is every indicator's total in
    every yearly period (one query per indicator and year)."""
    from django.db import connection, reset_queries

    from pathways.results.dashboard import chart_data
    from pathways.results.reporting import report_build

    report = report_build(project=project, period=period, published=False)
    reset_queries()
    connection.force_debug_cursor = True
    c0, t0 = time.process_time(), time.perf_counter()
    chart_data(report)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    connection.force_debug_cursor = False
    queries, load = len(connection.queries), os.getloadavg()[0]
    print(
        "dashboard charts after the report (trend over the yearly periods): "
        f"{wall:.2f} s wall, {cpu:.2f} s CPU here, {queries} queries, load {load:.1f}"
    )


def per_indicator(project, period) -> list[tuple[str, float, int]]:
    from django.db import connection, reset_queries

    from pathways.results.engine.compute import Cubes
    from pathways.results.models import Indicator
    from pathways.results.reporting import indicator_result

    out = []
    # Each indicator on its own (its own scan of the people table); 1.1.4 sums its denominator from 1.1.1.
    # report_build instead counts all the people of the report in one scan (Cubes.prefetch).
    cubes = Cubes()
    for indicator in Indicator.objects.filter(node__project=project).order_by("code"):
        reset_queries()
        connection.force_debug_cursor = True
        t0 = time.perf_counter()
        indicator_result(indicator, period, published=True, cubes=cubes)
        out.append((indicator.code, time.perf_counter() - t0, len(connection.queries)))
        connection.force_debug_cursor = False
    return out


def explain(project, period) -> None:
    """EXPLAIN ANALYZE of every query the report runs (PostgreSQL), slowest first."""
    from django.db import connection, reset_queries

    from pathways.results.reporting import report_build

    reset_queries()
    connection.force_debug_cursor = True
    report_build(project=project, period=period, published=True)
    connection.force_debug_cursor = False
    queries = list(connection.queries)
    timed = sorted(queries, key=lambda q: -float(q["time"]))[:8]
    with connection.cursor() as cur:
        for q in timed:
            print(f"\n--- {q['time']} s\n{q['sql'][:600]}")
            if connection.vendor == "postgresql":
                cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                print("\n".join(row[0] for row in cur.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--period", default="2023")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="time the database a previous --keep run left")
    parser.add_argument("--keep", action="store_true", help="leave the database for --reuse")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest queries")
    parser.add_argument(
        "--stock", action="store_true", help="PostgreSQL with its stock settings, not the documented ones"
    )
    parser.add_argument(
        "--serial", action="store_true", help="no parallel query: all the work in one backend"
    )
    parser.add_argument(
        "--dashboard", action="store_true", help="also time the dashboard's charts once (trend over years)"
    )
    args = parser.parse_args()

    setup_env(args.db, args.reuse)
    if args.db == "postgres":
        pg_settings(stock=args.stock, serial=args.serial)
    import django

    sizes = None
    if not args.reuse:
        t0 = time.perf_counter()
        sizes = generate(args.db, args.people, args.events, args.seed)
        sizes["seconds"]["total"] = round(time.perf_counter() - t0, 1)
        print("generated:", json.dumps(sizes))
    django.setup()
    from django.db import connection

    from pathways.results.models import Project, ReportingPeriod

    project = Project.objects.get(code="PROMISE-II")
    if args.reuse:
        from pathways.results.services import framework_load_file

        # A kept database times the indicator definitions of the code being measured.
        framework_load_file(actor=None, project=project, name="promise_ii.json")
    period = ReportingPeriod.objects.get(project=project, label=args.period)
    connection.close()  # the cold run opens a new connection
    runs = [time_report(project, period) for _ in range(args.runs + 1)]
    cold, warm = runs[0], runs[1:]
    walls = [r["wall"] for r in warm]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    print(
        f"\n{args.db}, {platform.node()}, {os.cpu_count()} CPUs, period {args.period}, "
        f"commit {commit.stdout.strip()}"
    )
    with connection.cursor() as cur:
        for table in (
            "people_person",
            "training_enrolment",
            "training_certificate",
            "training_rplapplication",
            "jobs_placement",
            "jobs_retentionfollowup",
        ):
            cur.execute(f"SELECT COUNT(*) FROM {table}")
            print(f"  {table}: {cur.fetchone()[0]:,} rows")
    print(f"  figures: {cold['totals']}")
    if args.db == "postgres":
        with connection.cursor() as cur:
            cur.execute("SHOW jit")
            jit = cur.fetchone()[0]
            cur.execute("SHOW work_mem")
            work_mem = cur.fetchone()[0]
            cur.execute("SHOW max_parallel_workers_per_gather")
            workers = cur.fetchone()[0]
            cur.execute("SHOW shared_buffers")
            buffers = cur.fetchone()[0]
            print(
                f"  settings: jit={jit}, work_mem={work_mem}, max_parallel_workers_per_gather={workers}, "
                f"shared_buffers={buffers}"
            )

    def line(label, r):
        backend = f", backend CPU {r['backend_cpu']:.2f} s" if r["backend_cpu"] is not None else ""
        load = f"load {r['load'][0]:.1f}→{r['load'][1]:.1f}"
        return f"{label}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU here{backend}, {load}"

    print(line("cold (first run, new connection)", cold))
    for i, r in enumerate(warm, 1):
        print(line(f"run {i}", r))
    print(
        f"median {statistics.median(walls):.2f} s (min {min(walls):.2f} – max {max(walls):.2f}) "
        f"over {len(walls)} runs; "
        f"CPU here median {statistics.median(r['cpu'] for r in warm):.2f} s"
        + (
            f", backend CPU median {statistics.median(r['backend_cpu'] for r in warm):.2f} s"
            if warm[0]["backend_cpu"] is not None
            else ""
        )
    )
    print("per indicator (s, queries):", [(c, round(t, 2), q) for c, t, q in per_indicator(project, period)])
    print(
        f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB; uptime: ",
        end="",
        flush=True,
    )
    subprocess.run(["uptime"], check=False)
    if args.dashboard:
        time_dashboard(project, period)
    if args.explain:
        explain(project, period)
    connection.close()
    if not args.keep:
        if args.db == "postgres":
            pg_drop()
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(str(SQLITE_PATH) + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
