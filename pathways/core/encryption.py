"""Text encrypted at rest with keys kept outside the database (protection case summaries and notes).

Keys are Fernet keys (AES-128-CBC + HMAC-SHA256, `cryptography`), from `ENCRYPTION_KEYS` (comma-separated) or
`ENCRYPTION_KEY_FILE` (one a line; `#` comments): the first encrypts every new write, all of them decrypt.
Rotating is: put a new key first, keep the old ones after it, run `manage.py encryption_rotate` (re-encrypts
every encrypted column with the first key), then drop the old keys. Without keys a published development key
is used, which the system check pathways.E002 refuses while DEBUG is off.

The database holds only ciphertext, so it cannot search, compare or sort these columns: a Fernet token is
random each time. `EncryptedTextField` therefore refuses every lookup but `isnull` (a filter on it raises
rather than silently matching nothing), and code that needs a search does it in Python over the few records
the actor may already see. Nothing in the schema depends on their content.
"""

from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Published in the repository: for development and tests only (refused by check pathways.E002 without DEBUG).
DEVELOPMENT_KEY = "cGF0aHdheXMtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWM="


def configured_keys() -> list[str]:
    """The keys from the environment or the key file, first the one that encrypts; [] when none is set."""
    keys = list(settings.ENCRYPTION_KEYS)
    if settings.ENCRYPTION_KEY_FILE:
        try:
            lines = Path(settings.ENCRYPTION_KEY_FILE).read_text().splitlines()
        except OSError as error:
            raise ImproperlyConfigured(f"ENCRYPTION_KEY_FILE cannot be read: {error}") from None
        keys += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return keys


@cache
def _keyring(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise ImproperlyConfigured(
            "An encryption key is not a Fernet key (32 bytes, URL-safe base64): generate one with "
            '`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.'
        ) from None


def keyring() -> MultiFernet:
    return _keyring(tuple(configured_keys() or [DEVELOPMENT_KEY]))


def encrypt(text: str) -> str:
    return keyring().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return keyring().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "Encrypted text cannot be read with the configured keys: the key that wrote it is missing from "
            "ENCRYPTION_KEYS / ENCRYPTION_KEY_FILE."
        ) from None


class EncryptedTextField(models.TextField):
    """A TextField stored as a Fernet token. Empty text is stored empty (its absence is not a secret worth
    a token, and forms treat the two alike)."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        return encrypt(value) if value else value

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise NotImplementedError(
                f"{self.model.__name__}.{self.name} is encrypted: the database cannot compare or search it "
                f"(lookup {lookup_name!r}); filter in Python over records already scoped to the actor."
            )
        return super().get_lookup(lookup_name)


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) stored encrypted, for rotation (installed models, not migrations' copies)."""
    from django.apps import apps

    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def rotate(*, batch: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted column with the first key; {"app.model.field": rows re-encrypted}."""
    from django.db import connection, transaction

    ring = keyring()
    done: dict[str, int] = {}
    for model, name in encrypted_fields():
        meta = model._meta
        field = meta.get_field(name)
        assert isinstance(field, EncryptedTextField) and meta.pk is not None
        quote = connection.ops.quote_name
        column, table, pk = quote(str(field.column)), quote(meta.db_table), quote(str(meta.pk.column))
        count = 0
        last = None
        while True:
            # Raw SQL: the tokens themselves are read and written, never the text (MultiFernet.rotate).
            with transaction.atomic(), connection.cursor() as cursor:
                where = f"WHERE {pk} > %s" if last is not None else ""
                cursor.execute(
                    f"SELECT {pk}, {column} FROM {table} {where} ORDER BY {pk} LIMIT {int(batch)}",
                    [last] if last is not None else [],
                )
                rows = cursor.fetchall()
                for key, token in rows:
                    if token:
                        cursor.execute(
                            f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",
                            [ring.rotate(token.encode()).decode(), key],
                        )
                        count += 1
            if len(rows) < batch:
                break
            last = rows[-1][0]
        done[f"{model._meta.label_lower}.{name}"] = count
    return done
