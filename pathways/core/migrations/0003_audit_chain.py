"""The audit log becomes a hash chain: existing events are chained in the order they were written."""

from django.db import migrations, models


def chain_existing(apps, schema_editor):
    from pathways.core.audit import GENESIS, link_hash

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    seq, prev = 0, GENESIS
    batch = []
    for event in AuditEvent.objects.order_by("at", "id").iterator(chunk_size=5000):
        seq += 1
        event.seq, event.prev_hash = seq, prev
        event.hash = prev = link_hash(
            prev,
            seq=seq,
            at=event.at,
            actor_id=event.actor_id,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            person_id=event.person_id,
            changed_fields=event.changed_fields,
        )
        batch.append(event)
        if len(batch) == 5000:
            AuditEvent.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
    AuditChainHead.objects.create(pk=1, seq=seq, hash=prev)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_tombstone"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.BigIntegerField(default=0)),
                ("hash", models.CharField(max_length=64)),
            ],
        ),
        migrations.AddField(model_name="auditevent", name="seq", field=models.BigIntegerField(null=True)),
        migrations.AddField(
            model_name="auditevent", name="prev_hash", field=models.CharField(default="", max_length=64), preserve_default=False
        ),
        migrations.AddField(
            model_name="auditevent", name="hash", field=models.CharField(default="", max_length=64), preserve_default=False
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
    ]
