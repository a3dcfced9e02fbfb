"""Adding, renaming and deleting the nodes of a driver diagram."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from qls.projects.errors import DriverDiagramError
from qls.projects.models import (
    DriverNode,
    PDSACycle,
    Project,
)

# Which kinds of node may sit under which.
ALLOWED_CHILDREN: dict[str | None, set[str]] = {
    None: {DriverNode.Kind.PRIMARY},
    DriverNode.Kind.PRIMARY: {DriverNode.Kind.SECONDARY, DriverNode.Kind.CHANGE_IDEA},
    DriverNode.Kind.SECONDARY: {DriverNode.Kind.CHANGE_IDEA},
    DriverNode.Kind.CHANGE_IDEA: set(),
}


@transaction.atomic
def add_node(*, project: Project, parent: DriverNode | None, kind: str, text: str) -> DriverNode:
    text = " ".join((text or "").split())
    if not text:
        raise DriverDiagramError("Enter the text of the driver or change idea.")
    if parent is not None and parent.project_id != project.pk:
        raise DriverDiagramError("That driver belongs to another project.")
    parent_kind = parent.kind if parent else None
    if kind not in ALLOWED_CHILDREN[parent_kind]:
        where = f"under a {parent.get_kind_display().lower()}" if parent else "at the top"
        label = dict(DriverNode.Kind.choices).get(kind, kind)
        raise DriverDiagramError(f"A {str(label).lower()} cannot go {where}.")
    siblings = DriverNode.objects.filter(project=project, parent=parent)
    position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    return DriverNode.objects.create(
        project=project, parent=parent, kind=kind, text=text[:300], position=position
    )


def rename_node(*, node: DriverNode, text: str) -> DriverNode:
    text = " ".join((text or "").split())
    if not text:
        raise DriverDiagramError("Enter the text of the driver or change idea.")
    node.text = text[:300]
    node.save(update_fields=["text"])
    return node


def _subtree_ids(node: DriverNode) -> list[int]:
    ids = [node.pk]
    frontier = [node.pk]
    while frontier:
        frontier = list(
            DriverNode.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids += frontier
    return ids


@transaction.atomic
def delete_node(*, node: DriverNode) -> None:
    """Delete a node and the nodes under it, unless PDSA cycles hang from them."""
    ids = _subtree_ids(node)
    cycles = PDSACycle.objects.filter(change_idea_id__in=ids).count()
    if cycles:
        raise DriverDiagramError(
            f"'{node.text}' cannot be deleted: {cycles} PDSA cycle(s) test it or an idea under it."
        )
    # Children first, so each deletion is in the audit history.
    for pk in reversed(ids):
        DriverNode.objects.filter(pk=pk).first().delete()  # type: ignore[union-attr]
