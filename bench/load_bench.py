"""Benchmark: many users at once on the production server (gunicorn as docs/deploy.md runs it), loopback.

    DATABASE_URL=postgres://... python bench/load_bench.py [--users 20] [--seconds 120] [--port 8765]

The database must hold a seeded registry (`manage.py seed_demo --people 10000`) and its demo users. This
collects the static files, starts `gunicorn -c deploy/gunicorn.conf.py pathways.wsgi` with DEBUG off, fresh
keys (the development encryption key kept second, so the demo's encrypted case notes still read), Redis
(REDIS_URL, default db 1) for the cache, and then `--users` virtual users, each logged in with its own session
and API token, loop for `--seconds` over a mixed workload: the dashboard, list pages (people, returns,
vacancies, cohorts, sessions) on random pages, searches by name, person pages, the registration form (read and
posted), and the API (people list and records). No think time: each user sends its next request as soon as
the last one answers, so 20 users here are a heavier load than 20 people at desks.

Prints, per kind of request and overall, the count, p50, p95 and max latency, the errors (anything but
2xx/3xx, or no answer in 30 s), and the resident memory of gunicorn's processes after the warm-up and at the
end. The client runs on the same machine and shares its cores with the server.
"""

import argparse
import base64
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = os.environ.get("DEMO_PASSWORD", "pathways-demo")
# Users who see the whole registry, as the programme and M&E officers of an office do.
USERS = ["officer", "me.officer", "admin"]


def server_environment(args) -> dict[str, str]:
    from pathways.core.encryption import DEVELOPMENT_KEY

    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        CERTIFICATE_SIGNING_KEY=base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode(),
        ENCRYPTION_KEYS=f"{base64.urlsafe_b64encode(os.urandom(32)).decode()},{DEVELOPMENT_KEY}",
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
        WEB_BIND=f"127.0.0.1:{args.port}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        LOG_FORMAT="json",
    )
    return env


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (gunicorn's master and workers), in MB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


class User:
    def __init__(self, base: str, username: str, token: str, person_ids: list[str], names: list[str]):
        self.base, self.token, self.person_ids, self.names = base, token, person_ids, names
        self.http = requests.Session()
        login = self.http.get(f"{base}/accounts/login/", timeout=30)
        csrf = self._csrf(login.text)
        answer = self.http.post(
            f"{base}/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf},
            headers={"Referer": f"{base}/accounts/login/"},
            timeout=30,
            allow_redirects=False,
        )
        if answer.status_code != 302:
            raise SystemExit(f"{username} could not log in ({answer.status_code}); is the demo seeded?")

    @staticmethod
    def _csrf(html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]

    def step(self, rng: random.Random) -> tuple[str, int]:
        """One request of the mix; returns its kind and status."""
        b = self.base
        kind = rng.choices(
            ["dashboard", "people list", "search", "person", "other lists", "form", "register", "api"],
            weights=[10, 15, 15, 20, 12, 5, 3, 20],
        )[0]
        if kind == "dashboard":
            r = self.http.get(f"{b}/", timeout=30)
        elif kind == "people list":
            r = self.http.get(f"{b}/people/?page={rng.randint(1, 200)}", timeout=30)
        elif kind == "search":
            r = self.http.get(f"{b}/people/", params={"q": rng.choice(self.names)}, timeout=30)
        elif kind == "person":
            r = self.http.get(f"{b}/people/{rng.choice(self.person_ids)}/", timeout=30)
        elif kind == "other lists":
            path = rng.choice(
                ["/returns/", "/jobs/?status=all", "/training/", "/outreach/", "/returns/referrals/"]
            )
            r = self.http.get(f"{b}{path}", params={"page": rng.randint(1, 3)}, timeout=30)
        elif kind == "form":
            r = self.http.get(f"{b}/people/new/", timeout=30)
        elif kind == "register":
            form = self.http.get(f"{b}/people/new/", timeout=30)
            r = self.http.post(
                f"{b}/people/new/",
                {
                    "csrfmiddlewaretoken": self._csrf(form.text),
                    "given_name_latin": f"Bench{rng.randint(0, 10**9)}",
                    "family_name_latin": rng.choice(["Keola", "Vongsa", "Sayasith", "Inthavong"]),
                    "sex": rng.choice(["female", "male"]),
                    "birth_year": rng.randint(1970, 2005),
                    "migrant_status": "returnee",
                    "home_province": "LA-SV",
                    "not_a_duplicate": "1",
                    "documents-TOTAL_FORMS": "0",
                    "documents-INITIAL_FORMS": "0",
                },
                headers={"Referer": f"{b}/people/new/"},
                timeout=30,
                allow_redirects=False,
            )
        else:
            auth = {"Authorization": f"Bearer {self.token}"}
            if rng.random() < 0.5:
                r = self.http.get(f"{b}/api/v1/people/?page={rng.randint(1, 100)}", headers=auth, timeout=30)
            else:
                r = self.http.get(
                    f"{b}/api/v1/people/{rng.choice(self.person_ids)}", headers=auth, timeout=30
                )
        return kind, r.status_code


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--warmup", type=int, default=15)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the seeded PostgreSQL database.")
    env = server_environment(args)
    os.environ.update({k: env[k] for k in ("SECRET_KEY", "ENCRYPTION_KEYS", "REDIS_URL")})
    os.environ["DEBUG"] = "true"  # this process only reads ids and issues tokens
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    import django

    django.setup()
    from pathways.accounts.models import User as Account
    from pathways.accounts.services import api_token_issue
    from pathways.people.models import Person

    people = Person.objects.filter(merged_into__isnull=True)
    count = people.count()
    person_ids = [str(p) for p in people.order_by("?").values_list("id", flat=True)[:2000]]
    names = list(people.exclude(given_name_latin="").values_list("given_name_latin", flat=True)[:300])
    tokens = [
        api_token_issue(actor=None, user=Account.objects.get(username=USERS[i % len(USERS)]), scopes=["read"])
        for i in range(args.users)
    ]

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "deploy/gunicorn.conf.py", "pathways.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(ROOT / "var" / "load_bench_server.log", "w"),  # noqa: SIM115
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(f"{base}/healthz", timeout=5).status == 200:
                    break
            except OSError:
                time.sleep(1)
        users = [User(base, USERS[i % len(USERS)], tokens[i], person_ids, names) for i in range(args.users)]
        timings: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, int] = defaultdict(int)
        lock = threading.Lock()
        start = time.monotonic()
        measuring_from = start + args.warmup
        stop_at = measuring_from + args.seconds
        memory = {}

        def loop(i: int) -> None:
            rng = random.Random(i)
            while (now := time.monotonic()) < stop_at:
                kind = "?"
                try:
                    t = time.perf_counter()
                    kind, status = users[i].step(rng)
                    elapsed = time.perf_counter() - t
                    failed = status >= 400
                except requests.RequestException:
                    elapsed, failed = 30.0, True
                if now >= measuring_from:
                    with lock:
                        timings[kind].append(elapsed)
                        if failed:
                            errors[kind] += 1

        threads = [threading.Thread(target=loop, args=(i,)) for i in range(args.users)]
        for thread in threads:
            thread.start()
        time.sleep(args.warmup)
        memory["after warm-up"] = rss_mb(server.pid)
        for thread in threads:
            thread.join()
        memory["end"] = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)

    def row(kind: str, values: list[float]) -> dict:
        values = sorted(values)
        return {
            "kind": kind,
            "requests": len(values),
            "p50_ms": round(statistics.median(values) * 1000),
            "p95_ms": round(values[int(0.95 * (len(values) - 1))] * 1000),
            "max_ms": round(values[-1] * 1000),
            "errors": errors.get(kind, 0),
        }

    everything = [v for values in timings.values() for v in values]
    result = {
        "people": count,
        "users": args.users,
        "seconds": args.seconds,
        "requests_per_second": round(len(everything) / args.seconds, 1),
        "all": row("all", everything) | {"errors": sum(errors.values())},
        "by_kind": [row(kind, values) for kind, values in sorted(timings.items())],
        "gunicorn_rss_mb": {k: round(v) for k, v in memory.items()},
        "memory_growth_percent": round(100 * (memory["end"] / memory["after warm-up"] - 1), 1),
        "load_average": os.getloadavg(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
