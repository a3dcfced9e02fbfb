"""Migration steps for the text limits (``qls.core.limits``).

``AddConstraints`` adds a model's length checks in one step: on SQLite every
added check constraint otherwise remakes the whole table, once per field.
``shorten_overlong`` and ``refuse_overlong`` deal with text stored before the
limits, so the constraints can be added (docs/deployment.md, "Text length").
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import migrations, models
from django.db.models.functions import Length

from qls.core.limits import SHORTENED_MARK


class AddConstraints(migrations.operations.base.Operation):
    """``AddConstraint`` for several constraints of one model, one table remake on SQLite."""

    reduces_to_sql = False

    def __init__(self, model_name: str, constraints: list[models.BaseConstraint]) -> None:
        self.model_name = model_name
        self.constraints = constraints

    def deconstruct(self):  # type: ignore[no-untyped-def]
        return (
            self.__class__.__qualname__,
            [],
            {
                "model_name": self.model_name,
                "constraints": self.constraints,
            },
        )

    def state_forwards(self, app_label, state):  # type: ignore[no-untyped-def]
        for constraint in self.constraints:
            state.add_constraint(app_label, self.model_name.lower(), constraint)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "sqlite":
            # The remade table takes every constraint of the new state at once.
            schema_editor._remake_table(model)
        else:
            for constraint in self.constraints:
                schema_editor.add_constraint(model, constraint)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "sqlite":
            schema_editor._remake_table(to_state.apps.get_model(app_label, self.model_name))
        else:
            for constraint in self.constraints:
                schema_editor.remove_constraint(model, constraint)

    def describe(self) -> str:
        return f"Create {len(self.constraints)} constraints on model {self.model_name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name.lower()}_constraints"


def shorten_overlong(app_label: str, limits: Mapping[str, Mapping[str, int]]):  # type: ignore[no-untyped-def]
    """A migration step cutting text stored before the limits down to them.

    Run before the constraints are added, so a database holding longer text
    migrates rather than fails. Each shortened value ends with "[…]", and
    where the model keeps an audit history a new version records which
    fields were shortened and from how many characters; the versions before
    it keep the full text.
    """

    def run(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
        # One step for all of an app's models: each step of its own would
        # render every model's state again, which is most of a migration's time.
        for model_name, fields in limits.items():
            _shorten(apps, schema_editor, app_label, model_name, fields)

    return run


def _shorten(
    apps, schema_editor, app_label: str, model_name: str, limits: Mapping[str, int]
) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    model = apps.get_model(app_label, model_name)
    try:
        history = apps.get_model(app_label, f"Historical{model_name}")
    except LookupError:
        history = None
    manager = model._base_manager.using(schema_editor.connection.alias)
    too_long = models.Q()
    for name, limit in limits.items():
        too_long |= models.Q(**{f"_length_{name}__gt": limit})
    lengths = {f"_length_{name}": Length(name) for name in limits}
    for row in manager.annotate(**lengths).filter(too_long):
        notes = []
        for name, limit in limits.items():
            value = getattr(row, name)
            if isinstance(value, str) and len(value) > limit:
                setattr(row, name, value[: limit - len(SHORTENED_MARK)] + SHORTENED_MARK)
                notes.append(f"{name} from {len(value):,}")
        manager.filter(pk=row.pk).update(**{n: getattr(row, n) for n in limits})
        if history is not None:
            values = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
            history._base_manager.using(schema_editor.connection.alias).create(
                **values,
                history_date=timezone.now(),
                history_type="~",
                history_change_reason=("Shortened to the text limit: " + "; ".join(notes))[:100],
            )


class TextTooLongToMigrate(Exception):
    """Stored text is longer than its new limit and cannot be shortened safely."""


def refuse_overlong(app_label: str, model_name: str, limits: Mapping[str, int]):  # type: ignore[no-untyped-def]
    """A migration step that stops, naming the rows, if stored text exceeds its limit.

    For text that cannot be cut without changing its meaning (an SQL
    expression cut short computes something else): the operator shortens
    those rows and runs the migration again.
    """

    def run(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
        model = apps.get_model(app_label, model_name)
        manager = model._base_manager.using(schema_editor.connection.alias)
        problems = []
        for name, limit in limits.items():
            rows = manager.annotate(_n=Length(name)).filter(_n__gt=limit).values_list("pk", "_n")
            problems += [
                f"{model_name} {pk} {name}: {n:,} characters (limit {limit:,})" for pk, n in rows
            ]
        if problems:
            raise TextTooLongToMigrate(
                "Shorten these before migrating (docs/deployment.md, 'Text length'): "
                + "; ".join(problems)
            )

    return run
