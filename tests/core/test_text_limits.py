"""Every text field has a length limit: in the model, in the database, and in every form.

A new text field fails these tests until it has a limit, or is listed below
with the reason it needs none. The limits themselves live in
``qls.core.limits``.
"""

from __future__ import annotations

import importlib
import pkgutil
import types

import pytest
from django import forms
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

import qls
from qls.core.limits import LONG_TEXT_MAX
from qls.core.migration_ops import TextTooLongToMigrate, refuse_overlong, shorten_overlong

# (app_label.Model, field): why it has no length limit of its own.
UNLIMITED = {
    ("measurement.Import", "error"): "written by QLS from its own bounded messages, never typed",
    ("projects.Evidence", "sentence"): "written by QLS from the SPC result, never typed",
    (
        "organisation.StaffImport",
        "error",
    ): "written by QLS from its own bounded messages, never typed",
    ("wards.SurveyImport", "error"): "written by QLS from its own bounded messages, never typed",
    ("reports.EditionFile", "error"): "written by QLS from a failed build's reason, never typed",
}
# Form fields without a max_length: Django's sign-in and password forms,
# whose text is hashed or looked up, never stored as typed.
UNLIMITED_FORM_FIELDS = {
    ("LoginForm", "username"),
    ("LoginForm", "password"),
    ("NHSPasswordChangeForm", "old_password"),
    ("NHSPasswordChangeForm", "new_password1"),
    ("NHSPasswordChangeForm", "new_password2"),
    ("ProjectSearchForm", "registered"),  # a hidden choice of period, checked against a list
}


def _qls_models():
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("qls.")
        and not model._meta.proxy
        and not model.__name__.startswith("Historical")
    ]


def _text_fields():
    for model in _qls_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                yield model, field


def _length_checks(model) -> dict[str, tuple[str, int]]:
    """{field: (constraint name, limit)} for the model's length check constraints."""
    found = {}
    for constraint in model._meta.constraints:
        condition = getattr(constraint, "condition", None)
        if (
            isinstance(condition, LessThanOrEqual)
            and isinstance(condition.lhs, Length)
            and isinstance(condition.rhs, int)
        ):
            name = condition.lhs.source_expressions[0].name
            found[name] = (
                constraint.name
                % {"app_label": model._meta.app_label, "class": model.__name__.lower()},
                condition.rhs,
            )
    return found


def test_there_are_text_fields_to_check():
    assert len([1 for _ in _text_fields()]) > 150


def test_every_text_field_has_a_length_limit_in_the_model():
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for model, field in _text_fields()
        if (model._meta.label, field.name) not in UNLIMITED and not field.max_length
    ]
    assert unlimited == []


def test_every_long_text_field_has_a_check_constraint_matching_its_limit():
    missing = []
    for model, field in _text_fields():
        if not isinstance(field, models.TextField) or (model._meta.label, field.name) in UNLIMITED:
            continue
        check = _length_checks(model).get(field.name)
        if check is None or check[1] != field.max_length:
            missing.append(f"{model._meta.label}.{field.name}")
    assert missing == []


@pytest.mark.django_db
def test_every_length_check_constraint_is_in_the_database():
    missing = []
    with connection.cursor() as cursor:
        for model in _qls_models():
            checks = _length_checks(model)
            if not checks:
                continue
            in_db = connection.introspection.get_constraints(cursor, model._meta.db_table)
            missing += [name for name, _ in checks.values() if name not in in_db]
    assert missing == []


def test_the_unlimited_list_names_only_fields_that_exist():
    existing = {(model._meta.label, field.name) for model, field in _text_fields()}
    assert set(UNLIMITED) - existing == set()


def _form_classes():
    for module in pkgutil.walk_packages(qls.__path__, "qls."):
        if not any(part in module.name for part in (".migrations", ".management", "qls.spc")):
            importlib.import_module(module.name)

    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return {c for c in below(forms.BaseForm) if c.__module__.startswith("qls.")}


def test_every_text_form_field_has_a_length_limit():
    classes = _form_classes()
    assert len(classes) > 50
    unlimited = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in classes
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField)
        and field.max_length is None
        and (cls.__name__, name) not in UNLIMITED_FORM_FIELDS
    ]
    assert sorted(unlimited) == []


# --- the message, the database, the migration -------------------------------------------


@pytest.mark.django_db
def test_a_form_names_the_field_and_the_limit():
    from qls.projects.forms.project import ProjectForm
    from tests.factories.organisation import StrategicAimFactory

    form = ProjectForm(
        data={
            "title": "Fewer falls",
            "problem": "Falls at night " * 700 + "x" * 12,  # 10,512 characters
            "aim_statement": "Reduce falls by 30% by March 2026",
            "strategic_aims": [StrategicAimFactory().pk],
            "start_date": "2025-01-06",
            "category": "improve",
            "coproduction_level": "involving",
        }
    )
    assert not form.is_valid()
    assert form.errors["problem"] == [
        "Problem statement must be 10,000 characters or fewer (it has 10,512)."
    ]
    # The browser is not told to cut a paste short without a word.
    assert "maxlength" not in str(form["problem"])
    assert 'maxlength="200"' in str(form["title"])


@pytest.mark.django_db
def test_a_text_at_the_limit_is_accepted_whole():
    from tests.factories.projects import ProjectFactory

    project = ProjectFactory(problem="x" * LONG_TEXT_MAX)
    project.refresh_from_db()
    assert len(project.problem) == LONG_TEXT_MAX


@pytest.mark.django_db
def test_the_database_refuses_longer_text_whatever_writes_it():
    from qls.projects.models import Project
    from tests.factories.projects import ProjectFactory

    project = ProjectFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(problem="x" * (LONG_TEXT_MAX + 1))
    project.refresh_from_db()
    assert project.problem == "Patients fall at night when bays are unobserved."


# The tables whose older, longer text the upgrade tests store.
UNCHECKED_TABLES = ("projects_project", "measurement_metric")


@pytest.fixture
def without_check_constraints():
    """Text stored before the limits existed, so the checks must let it in.

    SQLite can be told to skip CHECKs; PostgreSQL drops them inside the
    test's transaction, and the rollback at the end of the test puts them back.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        else:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname FROM pg_constraint "
                "WHERE contype = 'c' AND conrelid::regclass::text = ANY(%s)",
                [list(UNCHECKED_TABLES)],
            )
            for table, name in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")


def _migrating():
    # What a migration step reads from its schema editor: the connection. A real
    # editor cannot open on SQLite inside the test's transaction.
    return types.SimpleNamespace(connection=connection)


@pytest.mark.django_db
def test_upgrading_shortens_older_longer_text_and_notes_it_in_the_history(
    without_check_constraints,
):
    from qls.projects.models import Project
    from tests.factories.projects import ProjectFactory

    project = ProjectFactory(problem="short")
    Project.objects.filter(pk=project.pk).update(problem="y" * 12_345)
    versions = project.history.count()

    shorten_overlong("projects", {"Project": {"problem": 10_000}})(apps, _migrating())

    project.refresh_from_db()
    assert len(project.problem) == 10_000
    assert project.problem.endswith(" […]")
    assert project.history.count() == versions + 1
    note = project.history.first()
    assert note.history_change_reason == "Shortened to the text limit: problem from 12,345"
    assert len(note.problem) == 10_000


@pytest.mark.django_db
def test_upgrading_refuses_an_expression_too_long_naming_the_row(without_check_constraints):
    from qls.measurement.models import Metric
    from tests.factories.measurement import MetricFactory

    metric = MetricFactory(code="falls")
    Metric.objects.filter(pk=metric.pk).update(record_filter="ward = 'A' AND " * 200)

    with pytest.raises(TextTooLongToMigrate) as refused:
        refuse_overlong("measurement", "Metric", {"record_filter": 2_000})(apps, _migrating())
    assert f"Metric {metric.pk} record_filter: 3,000 characters (limit 2,000)" in str(refused.value)


def test_a_pasted_cell_too_long_is_refused_naming_line_and_column_without_echoing_it():
    from qls.projects.errors import PasteError
    from qls.projects.paste import parse_paste

    with pytest.raises(PasteError) as refused:
        parse_paste(
            "2025-03-03\t4\n2025-03-10\t" + "9" * 150,
            frequency="week",
            chart_type="xmr",
        )
    assert refused.value.errors == [
        "Line 2, column 2: a cell must be 100 characters or fewer (it has 150)."
    ]
