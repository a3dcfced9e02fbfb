"""Seed the default self-efficacy items (editable afterwards in the admin)."""

from django.db import migrations

DEFAULT_ITEMS = [
    "I am confident using quality improvement tools such as process maps and driver diagrams.",
    "I am confident measuring a process over time and reading it on an SPC chart.",
    "I am confident testing a change idea in small steps with PDSA cycles.",
    "I am confident leading a change in my own team or service.",
    "I am confident involving patients, carers and the public in improvement work.",
    "I am confident understanding a problem and its causes before trying to solve it.",
    "I am confident bringing colleagues from other professions and teams into an improvement.",
    "I am confident sustaining and spreading a change that works.",
]


def seed(apps, schema_editor):
    SurveyItem = apps.get_model("capability", "SurveyItem")
    if SurveyItem.objects.exists():
        return
    SurveyItem.objects.bulk_create(
        SurveyItem(text=text, position=number) for number, text in enumerate(DEFAULT_ITEMS, 1)
    )


def unseed(apps, schema_editor):
    apps.get_model("capability", "SurveyItem").objects.filter(text__in=DEFAULT_ITEMS).delete()


class Migration(migrations.Migration):
    dependencies = [("capability", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
