from django.db import migrations


def load(apps, schema_editor):
    from pathways.places.services import COUNTRIES

    Country = apps.get_model("places", "Country")
    for code, name_en, name_local, region in COUNTRIES:
        Country.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_local": name_local, "phone_region": region}
        )


class Migration(migrations.Migration):
    dependencies = [("places", "0002_reference_places")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
