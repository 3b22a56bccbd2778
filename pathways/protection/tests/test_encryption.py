"""Protection case text is encrypted at rest: a dump of the tables alone shows none of it."""

import datetime

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from pathways.core.checks import encryption_key_is_not_the_development_key
from pathways.protection import selectors, services
from pathways.protection.models import CaseNote, ProtectionCase

NOTE = "Met at the border post; the broker still holds her passport."
SUMMARY = "Returned from a fishing boat; wages withheld for two years."
OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def _raw_rows(table: str) -> list[str]:
    """Every column of every row of `table`, as a dump would write them."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return [" ".join(str(value) for value in row) for row in cursor.fetchall()]


@pytest.fixture
def noted_case(case, case_worker):
    services.note_add(actor=case_worker, case=case, written_on=datetime.date(2023, 5, 3), text=NOTE)
    return case


def test_a_raw_select_of_the_protection_tables_shows_no_case_text(noted_case, case_worker):
    dump = _raw_rows("protection_protectioncase") + _raw_rows("protection_casenote")
    assert len(dump) == 2
    for words in (SUMMARY, NOTE, "fishing boat", "passport"):
        assert not any(words in row for row in dump)
    # ...while the case's team reads it as written.
    case = selectors.case_get(actor=case_worker, case_id=noted_case.pk)
    assert case.summary == SUMMARY
    assert [n.text for n in case.notes.all()] == [NOTE]


def test_a_database_cannot_search_encrypted_text_and_says_so(noted_case):
    with pytest.raises(NotImplementedError, match="summary is encrypted"):
        ProtectionCase.objects.filter(summary__icontains="boat").exists()
    assert CaseNote.objects.filter(text__isnull=False).count() == 1


def test_rotation_reencrypts_with_the_first_key_and_old_keys_can_then_go(
    settings, survivor, case_worker, supervisor, svk_org, capsys
):
    settings.ENCRYPTION_KEYS = [OLD]
    case = services.case_open(
        actor=case_worker,
        person_id=survivor.pk,
        organisation=svk_org,
        kind="trafficking",
        risk="high",
        opened_on=datetime.date(2023, 5, 2),
        supervisor=supervisor,
        summary=SUMMARY,
    )
    services.note_add(actor=case_worker, case=case, written_on=datetime.date(2023, 5, 3), text=NOTE)

    settings.ENCRYPTION_KEYS = [NEW, OLD]  # a new key first: new writes use it, old text still reads
    assert ProtectionCase.objects.get().summary == SUMMARY
    call_command("encryption_rotate")
    assert "protection.protectioncase.summary: 1 re-encrypted" in capsys.readouterr().out

    settings.ENCRYPTION_KEYS = [NEW]  # the old key removed: everything still reads
    assert ProtectionCase.objects.get().summary == SUMMARY
    assert CaseNote.objects.get().text == NOTE

    settings.ENCRYPTION_KEYS = [OLD]  # and the old key alone no longer opens anything
    with pytest.raises(ImproperlyConfigured, match="key that wrote it is missing"):
        ProtectionCase.objects.get()


def test_without_keys_and_without_debug_the_system_check_refuses(settings):
    settings.DEBUG, settings.ENCRYPTION_KEYS, settings.ENCRYPTION_KEY_FILE = False, [], ""
    assert [e.id for e in encryption_key_is_not_the_development_key(None)] == ["pathways.E002"]
    settings.ENCRYPTION_KEYS = [NEW]
    assert encryption_key_is_not_the_development_key(None) == []


def test_keys_may_come_from_a_file(settings, tmp_path):
    key_file = tmp_path / "keys"
    key_file.write_text(f"# the current key first\n{NEW}\n{OLD}\n")
    settings.ENCRYPTION_KEYS, settings.ENCRYPTION_KEY_FILE = [], str(key_file)
    from pathways.core.encryption import configured_keys, decrypt, encrypt

    assert configured_keys() == [NEW, OLD]
    assert Fernet(NEW.encode()).decrypt(encrypt("x").encode()) == b"x"
    assert decrypt(Fernet(OLD.encode()).encrypt(b"y").decode()) == "y"
