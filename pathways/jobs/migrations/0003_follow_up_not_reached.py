"""A follow-up may now record that the person could not be reached (`still_employed` empty).

Retention rates written before counted every 3-month follow-up in their denominator, which was right when
every follow-up had an answer. The shipped PROMISE-II 3.1.4, where a database still holds it exactly as
shipped, is brought to the new definition (only follow-ups that reached the person); indicators written or
changed by hand are left as they are."""

from django.conf import settings
from django.db import migrations, models

ASKED_AT_3_MONTHS = {"field": "checkpoint", "op": "eq", "value": 3}
REACHED = {"field": "still_employed", "op": "isnull", "value": False}
OLD_DEFINITION = (
    "Placed people whose 3-month retention follow-up, made in the period, says they still work, divided by all "
    "placed people followed up at 3 months in the period, times 100. People not reached at the follow-up are not "
    "in the denominator; the follow-ups due list shows them."
)
NEW_DEFINITION = (
    "Placed people whose 3-month retention follow-up, made in the period, says they still work, divided by all "
    "placed people followed up and reached at 3 months in the period, times 100. People who could not be reached "
    "are recorded as such (the checkpoint leaves the follow-ups due list) and are not in the denominator."
)


def _denominator_clause(computation: dict) -> dict | None:
    denominator = computation.get("denominator") or {}
    clauses = denominator.get("of") or []
    if computation.get("measure") != "ratio" or len(clauses) != 1:
        return None
    clause = clauses[0]
    return clause if clause.get("source") == "retention_follow_ups" else None


def only_reached_in_shipped_retention_rates(apps, schema_editor):
    Indicator = apps.get_model("results", "Indicator")
    for indicator in Indicator.objects.filter(code="3.1.4"):
        clause = _denominator_clause(indicator.computation)
        if clause is None or clause.get("where") != [ASKED_AT_3_MONTHS]:
            continue
        clause["where"] = [ASKED_AT_3_MONTHS, REACHED]
        if indicator.definition == OLD_DEFINITION:
            indicator.definition = NEW_DEFINITION
        indicator.save(update_fields=["computation", "definition"])


def back_to_every_follow_up(apps, schema_editor):
    Indicator = apps.get_model("results", "Indicator")
    for indicator in Indicator.objects.filter(code="3.1.4"):
        clause = _denominator_clause(indicator.computation)
        if clause is None or clause.get("where") != [ASKED_AT_3_MONTHS, REACHED]:
            continue
        clause["where"] = [ASKED_AT_3_MONTHS]
        if indicator.definition == NEW_DEFINITION:
            indicator.definition = OLD_DEFINITION
        indicator.save(update_fields=["computation", "definition"])


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_results_indexes"),
        ("results", "0002_project_age_bands_reportingperiod_resultnode_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="retentionfollowup",
            name="still_employed",
            field=models.BooleanField(
                blank=True,
                help_text="Empty: the person could not be reached.",
                null=True,
                verbose_name="still employed",
            ),
        ),
        migrations.AddConstraint(
            model_name="retentionfollowup",
            constraint=models.CheckConstraint(
                condition=models.Q(("still_employed__isnull", False), ("current_wage__isnull", True), _connector="OR"),
                name="follow_up_wage_only_when_reached",
            ),
        ),
        migrations.RunPython(only_reached_in_shipped_retention_rates, back_to_every_follow_up),
    ]
