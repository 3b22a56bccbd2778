"""Benchmark: field submissions a minute through the OpenRosa endpoint, with on-entry duplicate checks.

    python bench/fieldcapture_bench.py --database sqlite:////tmp/odk-bench/registry-200k.sqlite3 \\
        [--submissions 300] [--repeat 5] [--seed 7]

The registry is a seed_demo database (python manage.py seed_demo --people N --seed S on it first); it is
migrated here. Each repeat posts --submissions registrations (pw_person) as ODK Collect does — multipart with
xml_submission_file, HTTP Basic with a device key — through Django's full request stack (no socket), as the
demo's national programme officer, whose duplicate check covers the whole registry. One in ten re-enters a
registered person with a one-letter variant of their Latin name (held as a likely duplicate, as it should
be); the rest are new people. Beside it, the anchor: the same kind of records through entry_candidates and
person_create called directly (no XML, no HTTP, no submission kept). Figures: median (min-max) over repeats.
"""

import argparse
import base64
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database: str) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


GIVEN = [
    "Souksavanh",
    "Bounmy",
    "Khamla",
    "Phonesavanh",
    "Sengdao",
    "Vilayphone",
    "Noy",
    "Chanthaly",
    "Somphone",
]
FAMILY = ["Phommavong", "Sihalath", "Keomany", "Vongsa", "Inthavong", "Sayavong", "Douangmala", "Luangrath"]


def answers(rng: random.Random, registry: list) -> dict:
    if rng.random() < 0.1 and registry:
        given, family, born = rng.choice(registry)
        given = given[:-1] + (
            "y" if given[-1] != "y" else "i"
        )  # a romanisation variant of a registered person
    else:
        given = f"{rng.choice(GIVEN)}{rng.choice(['', 'h', 'ne', 'n'])}"
        family = f"{rng.choice(FAMILY)}{rng.randint(1, 99999)}"
        born = rng.randint(1960, 2006)
    return {
        "given_name_latin": given,
        "family_name_latin": family,
        "sex": rng.choice(["female", "male"]),
        "birth_year": str(born),
        "migrant_status": rng.choice(["prospective", "returnee"]),
        "home_province": rng.choice(["LA-SV", "LA-VT", "LA-CH", "LA-BK"]),
        "phone": f"020{rng.choice('2579')}{rng.randint(1000000, 9999999)}",
        "notice_language": "lo",
        "consent": "yes",
    }


def run(args) -> None:
    from django.test import Client
    from django.utils import timezone

    from pathways.accounts.models import User
    from pathways.fieldcapture import services
    from pathways.fieldcapture.models import Submission, SubmissionStatus
    from pathways.fieldcapture.tests.collect import fill
    from pathways.identity.entry import entry_candidates
    from pathways.people import services as people_services
    from pathways.people.models import Person
    from pathways.people.services import PersonInput

    officer = User.objects.get(username="officer")
    key = services.device_key_issue(actor=officer, name="benchmark")
    auth = "Basic " + base64.b64encode(f"officer:{key}".encode()).decode()
    form = services.form_for(actor=officer, form_id="pw_person", language="en")
    people = Person.objects.count()
    registry = list(
        Person.objects.exclude(given_name_latin="")
        .order_by("?")
        .values_list("given_name_latin", "family_name_latin", "birth_year")[:2000]
    )
    registry = [(g, f, y or 1990) for g, f, y in registry if len(g) > 2]
    client = Client(HTTP_X_OPENROSA_VERSION="1.0", HTTP_AUTHORIZATION=auth, HTTP_HOST="127.0.0.1")
    rng = random.Random(args.seed)
    rates, anchor_rates, latencies, held_share = [], [], [], []
    for repeat in range(args.repeat):
        bodies = [fill(form.xml, answers(rng, registry)) for _ in range(args.submissions)]
        took = []
        started = time.perf_counter()
        for body in bodies:
            t0 = time.perf_counter()
            response = client.post(
                "/openrosa/submission",
                {"xml_submission_file": _Upload(body)},
                secure=True,
            )
            took.append(time.perf_counter() - t0)
            assert response.status_code == 201, response.status_code
        elapsed = time.perf_counter() - started
        rates.append(args.submissions / elapsed * 60)
        latencies.append(statistics.quantiles(took, n=20)[18])
        recent = Submission.objects.order_by("-created_at")[: args.submissions]
        held_share.append(sum(1 for s in recent if s.status == SubmissionStatus.HELD) / args.submissions)

        inputs = [answers(rng, registry) for _ in range(args.submissions)]
        started = time.perf_counter()
        for values in inputs:
            data = PersonInput(
                given_name_latin=values["given_name_latin"],
                family_name_latin=values["family_name_latin"],
                sex=values["sex"],
                birth_year=int(values["birth_year"]),
                migrant_status=values["migrant_status"],
                home_province=values["home_province"],
                phones=[values["phone"]],
            )
            if not entry_candidates(actor=officer, data=data):
                people_services.person_create(actor=officer, data=data)
        anchor_rates.append(args.submissions / (time.perf_counter() - started) * 60)
        print(
            f"repeat {repeat + 1}: {rates[-1]:,.0f} submissions/min (p95 {latencies[-1] * 1000:.0f} ms, "
            f"held {held_share[-1]:.0%}); anchor {anchor_rates[-1]:,.0f}/min",
            flush=True,
        )

    def summary(values, fmt="{:,.0f}"):
        return (
            f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}-{fmt.format(max(values))})"
        )

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    load = os.getloadavg()
    print(
        f"\nregistry: {people:,} people at the start; {args.submissions} submissions x {args.repeat} repeats"
    )
    print(
        f"machine: {platform.node()}, nproc {os.cpu_count()}, load {load[0]:.1f}/{load[1]:.1f}; "
        f"commit {commit.stdout.strip()}; {timezone.now():%Y-%m-%d %H:%M}"
    )
    print(
        f"OpenRosa submissions/min: {summary(rates)}; "
        f"p95 a submission: {summary([x * 1000 for x in latencies])} ms"
    )
    print(f"anchor (entry_candidates + person_create)/min: {summary(anchor_rates)}")
    print(f"held as likely duplicates: {summary([x * 100 for x in held_share], '{:.0f}')} %")


class _Upload:
    """The instance as a file part named like Collect's."""

    def __init__(self, content: bytes):
        import io

        self._io = io.BytesIO(content)
        self.name = f"pw_person_{uuid.uuid4().hex[:8]}.xml"
        self.content_type = "text/xml"

    def read(self, *args):
        return self._io.read(*args)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", required=True)
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    setup(args.database)
    run(args)


if __name__ == "__main__":
    main()
