"""Prometheus metrics at /metrics: requests and their latency, import jobs and the queue, job failures.

Request figures are kept per process; under gunicorn each worker writes them to PROMETHEUS_MULTIPROC_DIR
(set by `deploy/gunicorn.conf.py`) and a scrape adds them up. Everything else is read when scraped: import
jobs from the database, the broker's queue from Redis, Celery task outcomes from counters in the shared
cache, since workers run in other processes (and on other machines past one server).
"""

import os
import time

from django.core.cache import cache
from django.db.models import Count
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

REQUESTS = Counter(
    "pathways_http_requests",
    "Requests answered, by method, route pattern and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "pathways_http_request_duration_seconds",
    "Time from the request reaching the app to its answer, by route pattern.",
    ["route"],
    buckets=(0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0),
)


def observe_request(*, method: str, route: str, status: int, seconds: float) -> None:
    method = method if method in METHODS else "other"
    REQUESTS.labels(method=method, route=route, status=str(status)).inc()
    LATENCY.labels(route=route).observe(seconds)


def _failures_key(task: str) -> str:
    return f"operations:task-failures:{task}"


def _success_key(task: str) -> str:
    return f"operations:task-success:{task}"


TASKS_KEY = "operations:tasks"


def _remember_task(task: str) -> None:
    names = cache.get(TASKS_KEY) or []
    if task not in names:
        cache.set(TASKS_KEY, sorted({*names, task}), None)


def task_failed(task: str) -> None:
    _remember_task(task)
    cache.add(_failures_key(task), 0, None)
    cache.incr(_failures_key(task))


def task_succeeded(task: str) -> None:
    _remember_task(task)
    cache.set(_success_key(task), time.time(), None)


def count_task_outcomes() -> None:
    """Count every Celery task's failures and note its last success (connected once, from `ready()`)."""
    from celery import signals

    def on_failure(sender=None, **_kwargs):
        task_failed(getattr(sender, "name", "unknown"))

    def on_success(sender=None, **_kwargs):
        task_succeeded(getattr(sender, "name", "unknown"))

    signals.task_failure.connect(on_failure, weak=False, dispatch_uid="operations.task_failure")
    signals.task_success.connect(on_success, weak=False, dispatch_uid="operations.task_success")


class StateCollector:
    """Figures read at scrape time from the database, the broker and the shared cache."""

    def collect(self):
        from django.conf import settings

        from pathways.imports.models import ImportJob, JobStatus

        by_status = dict(
            ImportJob.objects.order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        jobs = GaugeMetricFamily("pathways_import_jobs", "Import jobs by status.", labels=["status"])
        for status in JobStatus.values:
            jobs.add_metric([status], by_status.get(status, 0))
        yield jobs
        yield GaugeMetricFamily(
            "pathways_import_queue_depth",
            "Imports (and dry runs) queued and not yet taken by a worker.",
            value=by_status.get(JobStatus.QUEUED, 0),
        )
        if settings.REDIS_URL:
            broker = GaugeMetricFamily(
                "pathways_broker_queue_messages", "Messages waiting in the broker's queue.", labels=["queue"]
            )
            broker.add_metric(["celery"], _broker_queue_length(settings.REDIS_URL, "celery"))
            yield broker
        names = cache.get(TASKS_KEY) or []
        failures = CounterMetricFamily(
            "pathways_job_failures", "Background jobs (Celery tasks) that raised, by task.", labels=["task"]
        )
        last_success = GaugeMetricFamily(
            "pathways_job_last_success_timestamp_seconds",
            "When each background job last finished without error (Unix time).",
            labels=["task"],
        )
        values = cache.get_many([_failures_key(n) for n in names] + [_success_key(n) for n in names])
        for name in names:
            failures.add_metric([name], values.get(_failures_key(name), 0))
            if _success_key(name) in values:
                last_success.add_metric([name], values[_success_key(name)])
        yield failures
        yield last_success


def _broker_queue_length(url: str, queue: str) -> float:
    import redis

    try:
        return float(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).llen(queue))
    except redis.RedisError:
        return float("nan")


def render() -> bytes:
    """The exposition text: this server's request figures (every worker's) and the state figures."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        requests = CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
    else:
        requests = REGISTRY
    state = CollectorRegistry(auto_describe=False)
    state.register(StateCollector())
    return generate_latest(requests) + generate_latest(state)
