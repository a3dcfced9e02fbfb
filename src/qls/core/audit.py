"""The audit history: who changed which record, when, and what changed.

Every domain model keeps its history with django-simple-history (a
``history`` manager and a ``Historical<Model>`` table each). This module
reads those tables for the administration pages without loading them whole:

* the merged feed across every model takes the newest ``FEED_CAP`` rows of
  each history table (an indexed ``ORDER BY history_date DESC LIMIT``), merges
  them in Python and keeps the newest ``FEED_CAP`` overall. Older changes are
  reached by choosing a record type, which pages through that one table in
  the database with no cap;
* the "what changed" of a row is worked out only for the rows on the page
  being shown (one query for the previous version, plus one per many-to-many
  field), never for the whole feed.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

# How many of the newest changes the "all record types" feed shows. Enough
# for "what happened this week" in a trust; a chosen record type pages fully.
FEED_CAP = 500

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class AuditedModel:
    """A model whose changes are kept, named the way the pages and URLs need."""

    model: type[models.Model]

    @property
    def key(self) -> str:
        return self.model._meta.label_lower  # "organisation.ward"

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name).capitalize()

    @property
    def history_manager(self) -> models.QuerySet[Any]:
        # simple-history sets this attribute on the model's options at class creation.
        attribute: str = self.model._meta.simple_history_manager_attribute  # type: ignore[attr-defined]
        return getattr(self.model, attribute).all()


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


def audited_models() -> list[AuditedModel]:
    """Every installed model with an audit history, by label."""
    found = [
        AuditedModel(model)
        for model in apps.get_models()
        # simple-history marks the models it tracks; their own Historical*
        # models and the many-to-many snapshot models carry no such mark.
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]
    return sorted(found, key=lambda a: a.label)


def get_audited_model(key: str) -> AuditedModel:
    """The audited model named ``app_label.model_name``, or 404."""
    for audited in audited_models():
        if audited.key == key.lower():
            return audited
    raise Http404("No audit history for that record type")


def history_rows(
    *, audited: AuditedModel, user_id: int | None = None, pk: Any = None
) -> models.QuerySet:
    """One model's history, newest first, as a lazy queryset to paginate."""
    rows = audited.history_manager.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )
    if user_id is not None:
        rows = rows.filter(history_user_id=user_id)
    if pk is not None:
        rows = rows.filter(**{audited.model._meta.pk.attname: pk})
    return rows


def recent_changes(*, user_id: int | None = None, cap: int = FEED_CAP) -> list:
    """The newest ``cap`` history rows across every audited model, newest first."""
    per_model = [
        list(history_rows(audited=audited, user_id=user_id)[:cap]) for audited in audited_models()
    ]
    merged = heapq.merge(*per_model, key=lambda row: row.history_date, reverse=True)
    return [row for _, row in zip(range(cap), merged, strict=False)]


def describe(row) -> dict[str, Any]:
    """What a page shows for one history row: the record, the action and the changes."""
    model = row.instance_type
    pk = getattr(row, model._meta.pk.attname)
    return {
        "row": row,
        "when": row.history_date,
        "who": row.history_user,
        "record_type": str(model._meta.verbose_name).capitalize(),
        "record": _record_name(row, model, pk),
        "key": model._meta.label_lower,
        "app_label": model._meta.app_label,
        "model_name": model._meta.model_name,
        "pk": pk,
        "action": ACTIONS.get(row.history_type, row.history_type),
        "reason": row.history_change_reason or "",
        "changes": changes(row) if row.history_type == "~" else [],
    }


def changes(row) -> list[Change]:
    """Field by field, what this version changed from the one before it."""
    previous = row.prev_record
    if previous is None:
        return []
    delta = row.diff_against(previous, foreign_keys_are_objs=True)
    model = row.instance_type
    return [
        Change(
            field=str(model._meta.get_field(change.field).verbose_name).capitalize(),
            old=_show(model, change.field, change.old),
            new=_show(model, change.field, change.new),
        )
        for change in delta.changes
    ]


def _record_name(row, model, pk) -> str:
    try:
        return str(row.history_object)
    except ObjectDoesNotExist:
        # A foreign key in __str__ may point at a record since deleted.
        return f"{model._meta.verbose_name} {pk}"


def _show(model, field_name: str, value: Any) -> str:
    field = model._meta.get_field(field_name)
    if isinstance(field, models.ManyToManyField):
        return _show_many(field, value)
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _show_many(field: models.ManyToManyField, rows: list[dict]) -> str:
    # diff_against gives one dict per through row; with foreign_keys_are_objs
    # the related records are already loaded, otherwise they are ids to look up.
    target = field.m2m_reverse_field_name()
    values = [row[target] for row in rows]
    if not values:
        return "(none)"
    ids = [v for v in values if not isinstance(v, models.Model)]
    found = field.related_model._default_manager.in_bulk(ids) if ids else {}
    names = [
        str(v) if isinstance(v, models.Model) else str(found.get(v, f"deleted #{v}"))
        for v in values
    ]
    return ", ".join(sorted(names))
