from django.db import migrations


def load(apps, schema_editor):
    from pathways.places.services import reference_places_load

    reference_places_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
