"""gunicorn's settings for Pathways (docs/deploy.md):  gunicorn -c deploy/gunicorn.conf.py pathways.wsgi

Read by gunicorn's master before it starts its workers; the address and the number of workers come from the
environment through `pathways.settings` (WEB_BIND, WEB_WORKERS), like every other setting.
"""

import multiprocessing
import os
import shutil
from pathlib import Path

from pathways import settings as pathways

bind = pathways.WEB_BIND
# Threads let a worker answer other requests while one waits on the database or builds a report file.
worker_class = "gthread"
workers = pathways.WEB_WORKERS or max(2, 2 * multiprocessing.cpu_count())
threads = 4
# A donor report in PDF takes seconds; imports run in Celery workers, not here.
timeout = 120
graceful_timeout = 30
# Workers are replaced now and then, so slow growth of memory cannot accumulate.
max_requests = 2000
max_requests_jitter = 200
# No access log: its request line carries the query string, and searches are names. The app logs each
# request by its route pattern instead (pathways.operations.requests).
accesslog = None
errorlog = "-"

# Each worker writes its request figures here; /metrics adds them up (pathways.operations.metrics).
_metrics = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(pathways.BASE_DIR / "var" / "metrics")))


def on_starting(server):
    shutil.rmtree(_metrics, ignore_errors=True)
    _metrics.mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
