"""Removing a patient identifier that was stored before the screen caught it.

Redacting a field replaces its text with ``PLACEHOLDER`` and overwrites the
same field in every row of the record's audit history, so no earlier version
still shows the identifier. The redaction itself is recorded as a new
history row whose change reason is the reason given, by the person who did
it. All of it happens in one transaction.

``scan`` walks every screened text field of every model, current rows and
history, for the ``find_patient_identifiers`` command and the demo's own test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction

from qls.core.screening import (
    find_patient_identifiers,
    validate_file_name,
    validate_no_patient_identifiers,
)

PLACEHOLDER = "[removed: patient identifier]"
# simple-history keeps change reasons in a CharField of this length.
REASON_MAX_LENGTH = 100


class RedactionError(Exception):
    """A redaction was asked for that cannot be done; nothing was changed."""


@dataclass(frozen=True)
class Hit:
    """An identifier found in stored text: where it is and what kind."""

    model: type[models.Model]
    pk: Any
    field: str
    kind: str
    history_id: Any = None  # set when the text is in a history row, not the record

    @property
    def where(self) -> str:
        place = f"history row {self.history_id}" if self.history_id is not None else "current"
        return f"{self.model._meta.label} {self.pk} {self.field} ({place}): {self.kind}"


def text_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields of ``model`` a person can redact: its concrete, editable text fields."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.editable
        and not field.primary_key
    ]


def screened_fields(model: type[models.Model]) -> list[str]:
    """Names of the fields of ``model`` the screen guards (text and uploaded file names)."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if validate_no_patient_identifiers in field.validators
        or validate_file_name in field.validators
    ]


def fields_with_identifiers(obj: models.Model) -> dict[str, str]:
    """``{field name: kind of identifier}`` for each text field of ``obj`` holding one."""
    found = {}
    for field in text_fields(type(obj)):
        hits = find_patient_identifiers(getattr(obj, field.attname))
        if hits:
            found[field.name] = hits[0].kind
    return found


def history_manager(model: type[models.Model]):
    """The model's simple-history manager, or None when its changes are not kept."""
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, attribute) if attribute else None


def _placeholder(field: models.Field) -> str:
    # A short field cannot take the whole placeholder; what fits still says why.
    if field.max_length and field.max_length < len(PLACEHOLDER):
        return PLACEHOLDER[: field.max_length]
    return PLACEHOLDER


def redact(*, obj: models.Model, fields: list[str], reason: str, by) -> models.Model:
    """Replace ``fields`` of ``obj`` and all their history with the placeholder.

    Records a history row with ``reason`` as its change reason and ``by`` as
    its user. Raises ``RedactionError`` for an empty reason or a field that
    is not a text field of the record.
    """
    reason = (reason or "").strip()
    if not reason:
        raise RedactionError("Give the reason for removing the text.")
    if len(reason) > REASON_MAX_LENGTH:
        raise RedactionError(f"Keep the reason to {REASON_MAX_LENGTH} characters or fewer.")
    allowed = {field.name: field for field in text_fields(type(obj))}
    unknown = [name for name in fields if name not in allowed]
    if not fields or unknown:
        raise RedactionError(
            f"{', '.join(unknown)} is not a text field of this record."
            if unknown
            else "Choose at least one field to remove text from."
        )
    model = type(obj)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        for name in fields:
            setattr(locked, allowed[name].attname, _placeholder(allowed[name]))
        manager = history_manager(model)
        if manager is not None:
            manager.filter(**{model._meta.pk.attname: obj.pk}).update(
                **{allowed[name].attname: _placeholder(allowed[name]) for name in fields}
            )
        locked._change_reason = reason
        locked._history_user = by
        locked.save(update_fields=[allowed[name].attname for name in fields])
    return locked


def purge_history(*, model: type[models.Model], pk: Any, field: str, reason: str, by) -> int:
    """Overwrite ``field`` in the history rows of one record that hold an identifier.

    For text the record no longer holds but an earlier version did. Records a
    history row with the reason when the record still exists; returns how
    many history rows were changed.
    """
    manager = history_manager(model)
    if manager is None:
        return 0
    target = model._meta.get_field(field)
    with transaction.atomic():
        rows = manager.filter(**{model._meta.pk.attname: pk}).select_for_update()
        ids = [
            history_id
            for history_id, text in rows.values_list("history_id", target.attname)
            if find_patient_identifiers(text)
        ]
        manager.filter(history_id__in=ids).update(**{target.attname: _placeholder(target)})
        current = model._default_manager.filter(pk=pk).first()
        if ids and current is not None:
            current._change_reason = reason[:REASON_MAX_LENGTH]
            current._history_user = by
            current.save(update_fields=[target.attname])
    return len(ids)


def scanned_models() -> list[type[models.Model]]:
    """Every QLS model with at least one screened field, by label."""
    found = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("qls.")
        and not model.__name__.startswith("Historical")
        and screened_fields(model)
    ]
    return sorted(found, key=lambda m: m._meta.label)


def _hits_in(rows, model, names, *, history: bool) -> Iterator[Hit]:
    for row in rows:
        if history:
            history_id, pk, *values = row
        else:
            history_id, (pk, *values) = None, row
        for name, value in zip(names, values, strict=True):
            if isinstance(value, str) and value and (found := find_patient_identifiers(value)):
                yield Hit(model, pk, name, found[0].kind, history_id)


def scan(*, history: bool = True) -> Iterator[Hit]:
    """Every identifier in screened fields, current rows first, then history rows."""
    for model in scanned_models():
        names = screened_fields(model)
        attnames = [model._meta.get_field(name).attname for name in names]
        pk = model._meta.pk.attname
        rows = model._default_manager.values_list(pk, *attnames).order_by(pk)
        yield from _hits_in(rows.iterator(chunk_size=2000), model, names, history=False)
        manager = history_manager(model)
        if history and manager is not None:
            old = manager.values_list("history_id", pk, *attnames).order_by("history_id")
            yield from _hits_in(old.iterator(chunk_size=2000), model, names, history=True)
