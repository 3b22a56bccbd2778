"""Cohorts get a short code partners write in their sheets; existing cohorts get one made like new ones."""

import re

import django.core.validators
from django.db import migrations, models


def fill_codes(apps, schema_editor):
    Cohort = apps.get_model("training", "Cohort")
    taken: set[str] = set()
    for cohort in Cohort.objects.select_related("course", "institution").order_by("starts_on", "created_at"):
        who = re.sub(r"[^A-Z0-9]+", "", (cohort.institution.acronym or cohort.institution.name_en).upper())[:12]
        base = re.sub(
            r"[^A-Z0-9._-]+", "-", f"{cohort.course.code.upper()}-{who}-{cohort.starts_on:%Y-%m}"
        ).strip("-")[:36]
        code, n = base, 1
        while code in taken:
            n += 1
            code = f"{base}-{n}"
        taken.add(code)
        cohort.code = code
        cohort.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="cohort",
            name="code",
            field=models.CharField(default="", max_length=40, verbose_name="code"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="cohort",
            name="code",
            field=models.CharField(
                help_text="Short code partners use in their sheets, e.g. SEW-2W-LKSDI-2021-03.",
                max_length=40,
                unique=True,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-Z0-9][A-Z0-9._-]*$",
                        "Use capital letters, digits, dots, dashes and underscores only.",
                    )
                ],
                verbose_name="code",
            ),
        ),
    ]
