"""Benchmark: an attendance sheet of a cohort (participants x days) through the import pipeline.

    python bench/training_imports_bench.py [--people 200] [--repeat 3] [--database URL]

The cohort is the certificates benchmark's (200 returnees enrolled in a two-week sewing cohort, 12 days).
The file has one row per participant per day, the person named by registry ID, marks in Lao and English.
Times: a dry run (every row parsed, the person and cohort looked up, attendance_day_save called, rolled
back) `--repeat` times, then the real import once, then the same file again (every row unchanged).
Prints median (min-max) wall and CPU seconds and rows per second.
"""

import argparse
import csv
import io
import os
import platform
import random
import statistics
import sys
import time

from certificates_bench import cpu_seconds, make_cohort, setup_env, summary


def sheet(cohort, seed: int = 11) -> bytes:
    rng = random.Random(seed)
    marks = ["ມາ", "present", "P", "ບໍ່ມາ", "absent", "ລາ"]
    weights = [40, 30, 15, 6, 6, 3]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["ລຸ້ນ", "ລະຫັດທະບຽນ", "ວັນທີ", "ການມາຮຽນ"])
    for day in cohort.days():
        for enrolment in cohort.enrolments.order_by("person__name_sort_key"):
            mark = rng.choices(marks, weights)[0]
            writer.writerow([cohort.code, str(enrolment.person_id), day.strftime("%d/%m/%Y"), mark])
    return buffer.getvalue().encode()


def run(officer, content: bytes, *, dry_run: bool, source: str):
    from pathways.imports import services

    job = services.import_job_create(
        actor=officer, kind="attendance", filename="attendance.csv", content=content, source=source
    )
    services.import_job_start(actor=officer, job=job, dry_run=dry_run, background=False)
    before_cpu, t = cpu_seconds(), time.perf_counter()
    job = services.import_job_execute(job_id=str(job.pk), dry_run=dry_run)
    return time.perf_counter() - t, cpu_seconds() - before_cpu, job


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", default=None)
    args = parser.parse_args()
    setup_env(args.database)
    os.environ["IMPORTS_DIR"] = os.environ.get("IMPORTS_DIR", "/tmp/pathways-training-imports-bench")

    import django

    django.setup()
    from pathways.training.models import Attendance

    officer, cohort = make_cohort(args.people)
    content = sheet(cohort)
    rows = args.people * len(cohort.days())
    walls, cpus = [], []
    for _ in range(args.repeat):
        wall, cpu, job = run(officer, content, dry_run=True, source="bench")
        assert job.counts["created"] == rows and Attendance.objects.count() == 0, job.counts
        walls.append(wall)
        cpus.append(cpu)
        print(f"  dry run: {wall:.2f} s wall, {cpu:.2f} s CPU", file=sys.stderr)
    real_wall, real_cpu, job = run(officer, content, dry_run=False, source="bench")
    assert job.counts["created"] == rows and Attendance.objects.count() == rows, job.counts
    again_wall, again_cpu, job = run(officer, content, dry_run=False, source="bench")
    assert job.counts["unchanged"] == rows, job.counts
    engine = "PostgreSQL" if args.database else "SQLite"
    print(f"machine: {platform.machine()}, nproc {os.cpu_count()}, {engine}; load average {os.getloadavg()}")
    print(f"attendance sheet: {rows} rows ({args.people} participants x {len(cohort.days())} days)")
    print(
        f"  dry run: wall {summary(walls)}, CPU {summary(cpus)} over {args.repeat} runs; "
        f"{rows / statistics.median(walls):.0f} rows/s"
    )
    print(f"  import: wall {real_wall:.1f} s, CPU {real_cpu:.1f} s; {rows / real_wall:.0f} rows/s")
    print(f"  same file again (all unchanged): wall {again_wall:.1f} s, CPU {again_cpu:.1f} s")


if __name__ == "__main__":
    main()
