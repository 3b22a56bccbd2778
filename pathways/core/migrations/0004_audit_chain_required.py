"""Every event has its place in the chain (in its own migration: PostgreSQL alters a table only after the
transaction that updated its rows has ended)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_chain"),
    ]

    operations = [
        migrations.AlterField(model_name="auditevent", name="seq", field=models.BigIntegerField(unique=True)),
    ]
