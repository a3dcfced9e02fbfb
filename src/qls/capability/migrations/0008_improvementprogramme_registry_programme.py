"""An improvement programme's link to its project-registry row is called
``registry_programme`` in Python; the column keeps its name, so the database is
untouched (state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("capability", "0007_course_kind_qi_introduction"),
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RenameField("improvementprogramme", "programme", "registry_programme"),
                migrations.AlterField(
                    model_name="improvementprogramme",
                    name="registry_programme",
                    field=models.OneToOneField(
                        blank=True,
                        db_column="programme_id",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="improvement_programme",
                        to="projects.programme",
                    ),
                ),
                migrations.RenameField(
                    "historicalimprovementprogramme", "programme", "registry_programme"
                ),
                migrations.AlterField(
                    model_name="historicalimprovementprogramme",
                    name="registry_programme",
                    field=models.ForeignKey(
                        blank=True,
                        db_column="programme_id",
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="projects.programme",
                    ),
                ),
            ],
        ),
    ]
