from django.db import migrations


def load(apps, schema_editor):
    # China, Viet Nam and Singapore, countries returns come from (places.services.COUNTRIES).
    from pathways.places.services import COUNTRIES

    Country = apps.get_model("places", "Country")
    for code, name_en, name_local, region in COUNTRIES:
        Country.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_local": name_local, "phone_region": region}
        )


class Migration(migrations.Migration):
    dependencies = [("places", "0003_destination_countries")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
