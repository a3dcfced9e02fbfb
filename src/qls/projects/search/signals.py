"""Keeping search documents current on every ORM save and delete."""

from __future__ import annotations

from django.db import transaction

from qls.projects.models import (
    DriverNode,
    Evaluation,
    PDSACycle,
    Project,
)
from qls.projects.search.documents import index_projects


def _project_id(instance: object) -> int | None:
    if isinstance(instance, Project):
        return instance.pk
    if isinstance(instance, DriverNode | Evaluation):
        return instance.project_id
    if isinstance(instance, PDSACycle):
        return (
            DriverNode.objects.filter(pk=instance.change_idea_id)
            .values_list("project_id", flat=True)
            .first()
        )
    return None


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the rows may not all be there yet
        return
    pid = _project_id(instance)
    if pid is not None:
        index_projects([pid])


def _on_delete(sender, instance, origin=None, **kwargs):
    if isinstance(origin, Project):
        return  # the whole project is going, its document with it
    pid = _project_id(instance)
    if pid is None:
        return
    # After commit: the project may still be going in the same transaction,
    # and re-creating its document mid-delete would block that.
    transaction.on_commit(lambda: _reindex_if_exists(pid))


def _reindex_if_exists(pid: int) -> None:
    if Project.objects.filter(pk=pid).exists():
        index_projects([pid])


def _on_tags(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Project):
        index_projects([instance.pk])


def connect_signals() -> None:
    """Keep search documents current on every ORM save (bulk writes call ``index_projects``)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in (Project, DriverNode, PDSACycle, Evaluation):
        post_save.connect(_on_save, sender=model, dispatch_uid=f"search-save-{model.__name__}")
    for model in (DriverNode, PDSACycle, Evaluation):
        post_delete.connect(
            _on_delete, sender=model, dispatch_uid=f"search-delete-{model.__name__}"
        )
    m2m_changed.connect(_on_tags, sender=Project.tags.through, dispatch_uid="search-tags")
