"""The audit log's hash chain: verification names the first edited, deleted or inserted event."""

import itertools
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from pathways.core import audit
from pathways.core.models import AuditChainHead, AuditEvent


@pytest.fixture
def chain(officer, vte_org):
    """Five events: three single records and two written in bulk, as imports write them."""
    audit.record(actor=officer, action="test.one", obj=vte_org, changed_fields=["name"])
    audit.record(actor=None, action="test.two", obj=officer, changed_fields=[])
    audit.record_many(
        actor=officer, action="test.bulk", items=[(vte_org, None, ["kind"]), (officer, None, [])]
    )
    audit.record(actor=officer, action="test.five", obj=vte_org)
    return list(AuditEvent.objects.order_by("seq"))


def test_events_are_chained_in_order_and_the_chain_holds(chain):
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == audit.GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(chain))
    assert audit.verify() == (5, None)
    assert (AuditChainHead.objects.get().seq, AuditChainHead.objects.get().hash) == (5, chain[-1].hash)


def test_an_edited_event_is_named(chain):
    AuditEvent.objects.filter(seq=3).update(action="test.innocent")
    _checked, broken = audit.verify()
    assert (broken.seq, broken.event_id) == (3, chain[2].pk)
    assert "content" in broken.reason
    with pytest.raises(CommandError, match=r"broken at link 3 \(event id \d+\): its content"):
        call_command("audit_verify")


def test_a_deleted_event_is_named(chain):
    AuditEvent.objects.filter(seq=2).delete()
    _checked, broken = audit.verify()
    assert broken.seq == 2
    assert "event 2 is missing" in broken.reason


def test_a_deleted_last_event_is_named_by_the_head(chain):
    AuditEvent.objects.filter(seq=5).delete()
    _checked, broken = audit.verify()
    assert broken.seq == 5
    assert "removed" in broken.reason


def test_an_inserted_event_is_named_even_with_a_correct_hash_of_its_own(chain, officer, vte_org):
    """A forger slips an event in after the first, renumbering the rest and hashing the forgery properly:
    the event after it still carries the hash of the first, so the link after the forgery breaks."""
    for event in reversed(chain[1:]):
        AuditEvent.objects.filter(pk=event.pk).update(seq=event.seq + 1)
    forged = {
        "seq": 2,
        "at": chain[1].at,
        "actor_id": officer.pk,
        "action": "test.forged",
        "object_type": "partners.organisation",
        "object_id": str(vte_org.pk),
        "person_id": None,
        "changed_fields": [],
    }
    AuditEvent.objects.create(
        **forged, prev_hash=chain[0].hash, hash=audit.link_hash(chain[0].hash, **forged)
    )
    _checked, broken = audit.verify()
    assert (broken.seq, broken.event_id) == (3, chain[1].pk)
    assert "does not follow" in broken.reason


def test_an_event_appended_behind_the_heads_back_is_named(chain, officer):
    last = chain[-1]
    forged = {**audit._content(vars(last)), "seq": 6, "action": "test.appended"}
    AuditEvent.objects.create(**forged, prev_hash=last.hash, hash=audit.link_hash(last.hash, **forged))
    _checked, broken = audit.verify()
    assert broken.seq == 6
    assert "added" in broken.reason


def test_a_rolled_back_write_leaves_no_gap(officer, vte_org):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(actor=officer, action="test.lost", obj=vte_org)
        raise RuntimeError
    audit.record(actor=officer, action="test.kept", obj=vte_org)
    assert list(AuditEvent.objects.values_list("seq", "action")) == [(1, "test.kept")]
    assert audit.verify() == (1, None)


def test_the_command_says_the_log_holds(chain, capsys):
    call_command("audit_verify")
    assert "5 event(s) chained" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_chain_one_after_another(officer, vte_org):
    """On PostgreSQL the head's row lock makes writers queue; SQLite serialises writes itself."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "threads share one SQLite test database connection badly; PostgreSQL is the case that matters"
        )
    errors = []

    def write(n):
        try:
            for i in range(10):
                with transaction.atomic():
                    audit.record(actor=officer, action=f"test.w{n}.{i}", obj=vte_org)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert audit.verify() == (40, None)
