"""The demo's SQLite file with writers in many threads (runserver's, an import's): each waits its turn, none
is told "database is locked" — even a transaction that reads before it writes, which SQLite refuses at once,
without waiting, when its transaction began as a reader."""

import threading

import pytest
from django.db import connections, transaction

from pathways.core.env import database_from_url

ALIAS = "sqlite_file_under_test"
THREADS, INCREMENTS = 8, 25


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A file database of its own (not the test database), configured as settings configure the demo's."""
    configured = database_from_url(f"sqlite:///{tmp_path}/demo.sqlite3", sqlite_default_path="")
    connections.settings[ALIAS] = connections.configure_settings({"default": configured})["default"]
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (n integer NOT NULL)")
            cursor.execute("INSERT INTO counter VALUES (0)")
        yield connections[ALIAS]
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def test_the_demo_database_runs_in_wal_mode_with_a_busy_timeout(sqlite_file):
    with sqlite_file.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 10_000


def test_concurrent_read_then_write_transactions_all_succeed_in_turn(sqlite_file):
    start = threading.Barrier(THREADS)
    errors: list[Exception] = []

    def writer():
        start.wait()
        try:
            for _ in range(INCREMENTS):
                with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
                    cursor.execute("SELECT n FROM counter")
                    (n,) = cursor.fetchone()
                    cursor.execute("UPDATE counter SET n = %s", [n + 1])
        except Exception as error:  # the assertion below names it
            errors.append(error)
        finally:
            connections[ALIAS].close()

    threads = [threading.Thread(target=writer) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with sqlite_file.cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        # No lost update either: each transaction read the value the previous one wrote.
        assert cursor.fetchone()[0] == THREADS * INCREMENTS
