"""Case summaries and notes are encrypted at rest: the text already written is encrypted in place."""

from django.db import migrations

import pathways.core.encryption

COLUMNS = [("protection_protectioncase", "summary"), ("protection_casenote", "text")]


def encrypt_existing(apps, schema_editor):
    # Raw SQL: the model's field would try to decrypt the plain text it reads.
    from pathways.core.encryption import encrypt

    _rewrite(schema_editor.connection, encrypt)


def decrypt_existing(apps, schema_editor):
    from pathways.core.encryption import decrypt

    _rewrite(schema_editor.connection, decrypt)


def _rewrite(connection, convert):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in COLUMNS:
            cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)}")
            for pk, value in cursor.fetchall():
                if value:
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s", [convert(value), pk]
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("protection", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="casenote",
            name="text",
            field=pathways.core.encryption.EncryptedTextField(verbose_name="note"),
        ),
        migrations.AlterField(
            model_name="protectioncase",
            name="summary",
            field=pathways.core.encryption.EncryptedTextField(blank=True, verbose_name="summary"),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
