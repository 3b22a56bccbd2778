"""The production stack started as docs/deploy.md says, against PostgreSQL and Redis (CI's second pass).

The commands are read from the systemd units in deploy/systemd (migrate and collectstatic before the web
server, then gunicorn, a Celery worker and beat), with the environment of deploy/pathways.env.example. An
import goes through the API to the worker; the worker is killed with SIGKILL in the middle of it (its whole
process group, as a crash or the kernel's OOM killer would) and started again like systemd's Restart=always
does: the job finishes once, with every row and none twice. Then a backup is restored into an empty
database and compared.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import pytest

from pathways.operations.tests.test_production_settings import documented_environment, machine_environment

ROOT = Path(__file__).resolve().parents[3]
UNITS = ROOT / "deploy" / "systemd"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
ROWS = 4000

pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(
        not DATABASE_URL.startswith("postgres") or not REDIS_URL,
        reason="the production stack needs DATABASE_URL (PostgreSQL) and REDIS_URL (set in CI's second pass)",
    ),
]


def unit_commands(unit: str) -> tuple[list[str], str]:
    """(ExecStartPre commands, ExecStart command) of a unit, run from this checkout."""
    before, start = [], ""
    for line in (UNITS / f"pathways-{unit}.service").read_text().splitlines():
        key, _, command = line.partition("=")
        command = command.replace("/opt/pathways/", f"{ROOT}/").replace("%%H", "stack")
        if key == "ExecStartPre":
            before.append(command)
        elif key == "ExecStart":
            start = command
    return before, start


def free_port() -> int:
    for port in range(8149, 8099, -1):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8100-8149")


def admin_url(name: str) -> str:
    parsed = urlparse(DATABASE_URL)
    return parsed._replace(path=f"/{name}").geturl()


def recreate_database(name: str) -> str:
    with psycopg.connect(admin_url("postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin_url(name)


def drop_database(name: str) -> None:
    with psycopg.connect(admin_url("postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def count(url: str, sql: str) -> int:
    with psycopg.connect(url) as connection:
        row = connection.execute(sql).fetchone()
    assert row is not None
    return row[0]


class Stack:
    def __init__(self, env: dict, logs: Path, port: int):
        self.env, self.logs, self.port = env, logs, port
        self.processes: dict[str, subprocess.Popen] = {}

    def run(self, command: str, **env) -> str:
        result = subprocess.run(
            command.split(), cwd=ROOT, env={**self.env, **env}, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def shell(self, code: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start(self, unit: str) -> None:
        _before, command = unit_commands(unit)
        log = (self.logs / f"{unit}.log").open("a")
        self.processes[unit] = subprocess.Popen(
            command.split(),
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, unit: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes.pop(unit)
        os.killpg(process.pid, sig)
        process.wait(timeout=60)

    def stop(self) -> None:
        for unit, process in list(self.processes.items()):
            try:
                self.kill(unit, signal.SIGTERM)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def request(self, path: str, *, data: bytes | None = None, headers: dict | None = None, proxied=True):
        """A request as nginx forwards it (HTTPS at the proxy), or straight to gunicorn (health, metrics)."""
        sent = {"Host": "127.0.0.1"}
        if proxied:
            sent |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"}
        sent |= headers or {}
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, headers=sent)
        try:
            with _opener.open(request, timeout=30) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()
        except urllib.error.URLError:  # not listening yet
            return 0, {}, b""

    def log(self, unit: str) -> str:
        return (self.logs / f"{unit}.log").read_text()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the answer itself is what the test looks at


_opener = urllib.request.build_opener(_NoRedirects)


def multipart(fields: dict[str, str], filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def stack(tmp_path):
    name = (urlparse(DATABASE_URL).path.lstrip("/") or "pathways") + "_stack"
    port = free_port()
    env = {
        **machine_environment(),
        **documented_environment(),
        "DATABASE_URL": recreate_database(name),
        "REDIS_URL": REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1",
        "WEB_BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": "2",
        "CELERY_WORKERS": "1",
        # One process per import, so that killing the worker's process group kills all of it.
        "IMPORTS_WORKERS": "0",
        "IMPORTS_DIR": str(tmp_path / "imports"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    env["PYTHONPATH"] = str(ROOT)
    # The stack owns the broker's queue for the test: messages left by earlier tests would only fail.
    import redis

    redis.Redis.from_url(REDIS_URL).delete("celery", "unacked", "unacked_index")
    running = Stack(env, tmp_path, port)
    yield running
    running.stop()
    drop_database(name)
    drop_database(name + "_restored")


def test_the_production_stack_imports_through_a_worker_survives_its_death_and_restores(stack, tmp_path):
    started = time.monotonic()
    before, _start = unit_commands("web")
    for command in before:  # migrate, collectstatic
        stack.run(command)
    for unit in ("web", "worker", "beat"):
        stack.start(unit)
    deadline = time.monotonic() + 90
    while True:
        status, _headers, body = stack.request("/healthz", proxied=False)
        if status == 200:
            break
        assert time.monotonic() < deadline, f"not healthy: {status} {body!r}\n{stack.log('web')}"
        time.sleep(1)
    assert json.loads(body)["checks"] == {"app": "ok", "database": "ok", "broker": "ok"}

    # Static files: the page names the hashed copy, served compressed with a far-future lifetime.
    status, _headers, page = stack.request("/accounts/login/")
    assert status == 200
    css = next(
        part.split('"')[0] for part in page.decode().split('href="') if part.startswith("/static/pathways.")
    )
    status, headers, _body = stack.request(css, headers={"Accept-Encoding": "gzip, br"})
    assert status == 200 and headers["Content-Encoding"] in ("br", "gzip")
    assert "immutable" in headers["Cache-Control"]
    # Plain HTTP at the proxy is sent to HTTPS, with HSTS on the secure answers.
    status, headers, _body = stack.request("/accounts/login/", headers={"X-Forwarded-Proto": "http"})
    assert status == 301 and headers["Location"].startswith("https://")

    stack.shell("from pathways.accounts.models import User; User.objects.create_user('ops', role='admin')")
    token = stack.run(f"{sys.executable} manage.py issue_token ops --scope write").strip()
    auth = {"Authorization": f"Bearer {token}"}
    rows = "\n".join(f"{i},Stack Person {i},{'F' if i % 2 else 'M'},returnee" for i in range(ROWS))
    body, content_type = multipart(
        {"kind": "people", "source": "stack test", "run": "import"},
        "intake.csv",
        f"id,name,sex,status\n{rows}\n".encode(),
    )
    status, _headers, answer = stack.request(
        "/api/v1/imports/", data=body, headers={**auth, "Content-Type": content_type}
    )
    assert status == 201, answer
    job_id = json.loads(answer)["id"]

    # Mid-job: the worker has reported progress, nothing is committed yet. Kill it, whole.
    deadline = time.monotonic() + 120
    while True:
        job = json.loads(stack.request(f"/api/v1/imports/{job_id}", headers=auth)[2])
        if job["status"] == "running" and 0 < job["done_rows"] < ROWS:
            break
        assert job["status"] in ("queued", "running"), job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
    stack.kill("worker")
    db = stack.env["DATABASE_URL"]
    assert count(db, "SELECT count(*) FROM people_person") == 0
    assert (
        count(db, f"SELECT count(*) FROM imports_importjob WHERE id = '{job_id}' AND status = 'running'") == 1
    )

    stack.start("worker")  # what systemd's Restart=always does
    deadline = time.monotonic() + 120
    while True:
        job = json.loads(stack.request(f"/api/v1/imports/{job_id}", headers=auth)[2])
        if job["status"] not in ("queued", "running"):
            break
        assert time.monotonic() < deadline, f"{job}\n{stack.log('worker')}"
        time.sleep(0.5)
    assert job["status"] == "done", job
    assert job["counts"]["created"] == ROWS
    assert count(db, "SELECT count(*) FROM people_person") == ROWS
    assert count(db, "SELECT count(*) FROM imports_sourcerecord") == ROWS
    assert "queued again (its worker died)" in stack.log("worker")

    # The broker handing the killed worker's message out again changes nothing.
    def runs_finished() -> int:
        return sum(
            "import_job_run[" in line and "succeeded" in line for line in stack.log("worker").splitlines()
        )

    assert runs_finished() == 1
    stack.shell(f"from pathways.imports.tasks import import_job_run; import_job_run.delay('{job_id}', False)")
    deadline = time.monotonic() + 60
    while runs_finished() < 2:
        assert time.monotonic() < deadline, stack.log("worker")
        time.sleep(0.5)
    assert count(db, "SELECT count(*) FROM people_person") == ROWS

    # Metrics (straight to gunicorn from this machine): the requests and the finished import.
    status, _headers, text = stack.request("/metrics", proxied=False)
    assert status == 200
    assert 'pathways_import_jobs{status="done"} 1.0' in text.decode()
    assert 'route="api/v1/imports/<job_id>"' in text.decode() or "api/v1/imports/" in text.decode()
    status, _headers, _text = stack.request("/metrics")  # through the proxy
    assert status == 404

    # Backup, and a restore into an empty database of the same server.
    archive = tmp_path / "backups" / "stack.tar.gz"
    stack.run(f"{sys.executable} manage.py backup --output {archive}")
    restored = recreate_database(urlparse(db).path.lstrip("/") + "_restored")
    out = stack.run(f"{sys.executable} manage.py restore {archive}", DATABASE_URL=restored)
    assert "counts and checksums match" in out and "1 files" in out
    assert count(restored, "SELECT count(*) FROM people_person") == ROWS

    # Beat is up and has queued its jobs from the registry (the heartbeat runs every minute).
    deadline = started + 170
    while "Sending due task operations.heartbeat" not in stack.log("beat") and time.monotonic() < deadline:
        time.sleep(1)
    assert "Sending due task operations.heartbeat" in stack.log("beat"), stack.log("beat")
    assert stack.processes["beat"].poll() is None and stack.processes["web"].poll() is None
    # The rows' names reached neither log.
    assert "Stack Person" not in stack.log("web") + stack.log("worker")
