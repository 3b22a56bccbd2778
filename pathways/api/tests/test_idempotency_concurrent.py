"""Two identical POSTs with one Idempotency-Key sent at the same moment make one person: the second waits for
the first and gets its answer (or is told to retry), never a second record."""

import threading

import pytest
from django.db import connection
from django.test import Client

from pathways.people.models import Person

PERSON = {"given_name_latin": "Noy", "sex": "female", "migrant_status": "returnee", "home_province": "LA-VT"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_with_one_key_make_one_record(officer, bearer):
    auth = {**bearer(officer), "HTTP_IDEMPOTENCY_KEY": "concurrent-1"}
    start = threading.Barrier(4)
    answers = []

    def send():
        start.wait()
        answers.append(Client().post("/api/v1/people/", PERSON, content_type="application/json", **auth))
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Person.objects.count() == 1
    created = [a for a in answers if a.status_code == 201]
    assert created and all(a.json() == created[0].json() for a in created)
    assert all(a.status_code in (201, 409) for a in answers)
