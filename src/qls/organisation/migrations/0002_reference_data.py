from django.db import migrations


def load(apps, schema_editor):
    from qls.organisation.reference import QUALITY_DOMAINS, STRATEGIC_AIMS

    StrategicAim = apps.get_model("organisation", "StrategicAim")
    QualityDomain = apps.get_model("organisation", "QualityDomain")
    for number, title, description in STRATEGIC_AIMS:
        StrategicAim.objects.get_or_create(
            number=number, defaults={"title": title, "description": description}
        )
    for order, (slug, name, description) in enumerate(QUALITY_DOMAINS, start=1):
        QualityDomain.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
