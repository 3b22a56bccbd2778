"""Build the matching keys of people registered before identity resolution was installed."""

from django.db import migrations


def build(apps, schema_editor):
    from pathways.identity.profiles import profiles_rebuild

    names = ["Person", "PersonAlias", "Phone", "IdentityDocument"]
    models = {name: apps.get_model("people", name) for name in names}
    models["MatchProfile"] = apps.get_model("identity", "MatchProfile")
    profiles_rebuild(models=models, only_missing=True)


class Migration(migrations.Migration):
    dependencies = [("identity", "0001_initial")]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
