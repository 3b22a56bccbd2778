"""Tokens issued before scopes and expiry could do everything and never expired: they keep every scope, and
expire 90 days after this upgrade, so their holders have time to ask for a new, narrower one."""

import datetime

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.all().update(
        scopes=["read", "write"], expires_at=timezone.now() + datetime.timedelta(days=90)
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_apitoken_expires_at_apitoken_scopes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
