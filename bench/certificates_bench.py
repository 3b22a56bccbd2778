"""Benchmark: certificates (number + Ed25519 signature + QR + PDF in English and Lao) for a cohort of 200.

    python bench/certificates_bench.py [--people 200] [--repeat 5] [--anchor-repeat 5] [--database URL]

Each repeat deletes the cohort's certificates (untimed), then times issuing them all in one transaction
(certificates_issue_for_cohort) and writing one PDF file per certificate on both cores
(pdf.certificate_files_write, what `manage.py certificates_pdf` runs). The anchor, in the same run,
issues one by one through certificate_issue and renders each PDF with a fresh WeasyPrint setup (no shared
font configuration or parsed stylesheet). Prints median (min-max) seconds.
"""

import argparse
import datetime
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_KEY = "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMzI"  # 32 bytes, base64url; a benchmark-only key


def setup_env(url: str | None) -> None:
    if not url:
        path = Path(tempfile.gettempdir()) / "pathways-certificates-bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "pathways.settings",
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + "x" * 40,
            "CERTIFICATE_SIGNING_KEY": BENCH_KEY,
        }
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)


def make_cohort(people: int):
    import random

    from pathways.accounts.models import Role, User
    from pathways.demo.names import generate_name
    from pathways.partners.models import Membership, Organisation
    from pathways.people import names
    from pathways.people.models import Person
    from pathways.people.services import search_text, sort_name
    from pathways.places.services import reference_places_load
    from pathways.training.models import Cohort, CompetencyUnit, Course, Enrolment

    reference_places_load()
    org = Organisation.objects.create(
        kind="skills_centre",
        name_en="Lao-Korea Skills Development Institute",
        acronym="LKSDI",
        name_local="ສະຖາບັນພັດທະນາສີມືແຮງງານ ລາວ-ເກົາຫຼີ",
        country_id="LA",
        province_id="LA-VT",
    )
    officer = User.objects.create(username="officer", role=Role.PROGRAMME_OFFICER)
    Membership.objects.create(user=officer, organisation=org)
    course = Course.objects.create(
        code="SEW-2W",
        title_en="Industrial sewing (two weeks)",
        title_lo="ການຫຍິບອຸດສາຫະກຳ (ສອງອາທິດ)",
        sector="garment",
        isco_code="8153",
        level="certificate_1",
        duration_days=10,
        duration_hours=80,
    )
    for i, (en, lo) in enumerate(
        [
            ("Operate an industrial sewing machine safely", "ໃຊ້ຈັກຫຍິບອຸດສາຫະກຳຢ່າງປອດໄພ"),
            ("Sew straight and curved seams", "ຫຍິບຕະເຂັບຊື່ ແລະ ຕະເຂັບໂຄ້ງ"),
            ("Assemble a shirt on a production line", "ປະກອບເສື້ອໃນສາຍການຜະລິດ"),
            ("Check quality and finish garments", "ກວດຄຸນນະພາບ ແລະ ສຳເລັດເຄື່ອງນຸ່ງ"),
        ],
        start=1,
    ):
        CompetencyUnit.objects.create(course=course, code=f"SEW-0{i}", title_en=en, title_lo=lo, order=i)
    cohort = Cohort.objects.create(
        course=course,
        institution=org,
        code="SEW-2W-LKSDI-2021-03",
        starts_on=datetime.date(2021, 3, 15),
        ends_on=datetime.date(2021, 3, 26),
        capacity=people,
    )
    rng = random.Random(2021)
    persons = []
    for _ in range(people):
        n = generate_name(rng)
        p = Person(
            given_name_lo=names.normalise(n.given_lo),
            family_name_lo=names.normalise(n.family_lo),
            given_name_latin=n.given_latin,
            family_name_latin=n.family_latin,
            sex=n.sex,
            migrant_status="returnee",
            home_province_id="LA-VT",
            owner_organisation=org,
        )
        p.name_sort_key = names.sort_key(sort_name(p))
        p.search_text = search_text([p.given_name_lo, p.given_name_latin], phones=[], document_numbers=[])
        persons.append(p)
    Person.objects.bulk_create(persons)
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                cohort=cohort,
                person=p,
                status="completed",
                enrolled_on=cohort.starts_on,
                completed_on=cohort.ends_on,
            )
            for p in persons
        ]
    )
    return officer, cohort


def ours(officer, cohort, out: Path) -> float:
    from pathways.training import pdf, services
    from pathways.training.models import Certificate

    t = time.perf_counter()
    certificates = services.certificates_issue_for_cohort(
        actor=officer, cohort=cohort, issued_on=datetime.date(2021, 3, 30)
    )
    pdf.certificate_files_write(
        Certificate.objects.filter(pk__in=[c.pk for c in certificates]).select_related(
            "course", "institution", "enrolment__cohort"
        ),
        out,
    )
    return time.perf_counter() - t


def anchor(officer, cohort, out: Path) -> float:
    from weasyprint import CSS, HTML

    from pathways.training import pdf, services

    t = time.perf_counter()
    for e in cohort.enrolments.select_related("person", "cohort__course", "cohort__institution"):
        c = services.certificate_issue(actor=officer, enrolment=e, issued_on=datetime.date(2021, 3, 30))
        data = HTML(string=pdf.certificates_html([c])).write_pdf(stylesheets=[CSS(string=pdf.STYLE)])
        (out / f"{c.number}.pdf").write_bytes(data)
    return time.perf_counter() - t


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def summary(times: list[float]) -> str:
    return f"{statistics.median(times):.1f} s ({min(times):.1f}–{max(times):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--anchor-repeat", type=int, default=5)
    parser.add_argument("--database", default=None)
    args = parser.parse_args()
    setup_env(args.database)

    import django

    django.setup()
    from pathways.training.models import Certificate, CertificateSeries

    officer, cohort = make_cohort(args.people)
    out = Path(tempfile.mkdtemp(prefix="pathways-certificates-"))
    results: dict[str, list[float]] = {"ours": [], "anchor": []}
    cpu: dict[str, list[float]] = {"ours": [], "anchor": []}
    for kind, fn, repeat in (("ours", ours, args.repeat), ("anchor", anchor, args.anchor_repeat)):
        for _ in range(repeat):
            Certificate.objects.all().delete()
            CertificateSeries.objects.all().delete()
            for f in out.glob("*.pdf"):
                f.unlink()
            before = cpu_seconds()
            results[kind].append(fn(officer, cohort, out))
            cpu[kind].append(cpu_seconds() - before)
            assert len(list(out.glob("*.pdf"))) == args.people
            print(f"  {kind}: {results[kind][-1]:.2f} s wall, {cpu[kind][-1]:.2f} s CPU", file=sys.stderr)
    sizes = [f.stat().st_size for f in out.glob("*.pdf")]
    engine = "PostgreSQL" if args.database else "SQLite"
    load = os.getloadavg()[0]
    print(
        f"machine: {platform.machine()}, nproc {os.cpu_count()}, {engine}; load average at the end {load:.1f}"
    )
    print(f"cohort of {args.people}: certificates (number, Ed25519 signature, QR, one PDF each)")
    print(
        f"  batch issue + PDFs on every core: wall {summary(results['ours'])}, CPU {summary(cpu['ours'])}"
        f" over {args.repeat} runs"
    )
    if results["anchor"]:
        ratio = statistics.median(results["anchor"]) / statistics.median(results["ours"])
        print(
            f"  anchor (one by one, one process, fresh WeasyPrint setup): wall {summary(results['anchor'])}, "
            f"CPU {summary(cpu['anchor'])}; wall ratio {ratio:.2f}x"
        )
    print(f"  PDF size: median {statistics.median(sizes) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
