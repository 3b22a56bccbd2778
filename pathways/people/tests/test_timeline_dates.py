"""Timeline dates are the office's (Asia/Vientiane), not UTC's (issue 21 item 10)."""

import datetime

import pytest

from pathways.people.models import Person
from pathways.people.timeline import person_timeline
from pathways.testing.factories import make_person

pytestmark = pytest.mark.django_db


def test_a_registration_at_01_03_in_vientiane_is_on_that_day(vte_staff):
    person = make_person(actor=vte_staff)
    # 01:03 on 2 March in Vientiane (UTC+7) is 18:03 on 1 March in UTC.
    Person.objects.filter(pk=person.pk).update(
        created_at=datetime.datetime(2024, 3, 1, 18, 3, tzinfo=datetime.UTC)
    )
    person.refresh_from_db()

    registered = [e for e in person_timeline(actor=vte_staff, person=person) if e.kind == "registered"]

    assert [e.when for e in registered] == [datetime.date(2024, 3, 2)]
