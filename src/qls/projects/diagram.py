"""The driver diagram: the tree of a project's drivers and its drawing as SVG.

Aim → primary drivers → secondary drivers → change ideas, read left to
right, as QI teams draw it on paper. The SVG is built on the server (no
JavaScript) so the project page, the poster and exports draw the same
picture. It carries a ``<title>`` and ``<desc>``; pages also show the tree as
a nested list, which is the text alternative.

Layout: every leaf takes one row; a box is centred on the rows of its
children. Change ideas carry their latest PDSA decision.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from html import escape

from qls.projects.models import DriverNode, PDSACycle, Project

BOX_W = 190
COL_GAP = 36
ROW_H = 74
BOX_H = 62
PAD = 12
LINE_H = 14
CHARS = 29
MAX_LINES = 4

HEADINGS = ["Aim", "Primary drivers", "Secondary drivers", "Change ideas"]
FILL = {"aim": "#005EB8", "primary": "#E8EDEE", "secondary": "#F0F4F5", "change_idea": "#FFFFFF"}
INK = "#212B32"
STATUS_WORDS = {"adopt": "Adopted", "adapt": "Adapting", "abandon": "Abandoned", "": "Testing"}


@dataclass
class TreeNode:
    node: DriverNode
    children: list[TreeNode] = field(default_factory=list)
    status: str | None = (
        None  # latest PDSA decision on a change idea: adopt/adapt/abandon, "" testing
    )

    @property
    def status_words(self) -> str:
        if self.node.kind != DriverNode.Kind.CHANGE_IDEA or self.status is None:
            return ""
        return STATUS_WORDS.get(self.status, "")


def driver_tree(project: Project) -> list[TreeNode]:
    """The project's driver nodes as a tree (two queries)."""
    nodes = list(project.driver_nodes.all().order_by("position", "pk"))
    latest: dict[int, str] = {}
    for idea_id, decision in (
        PDSACycle.objects.filter(change_idea__project=project)
        .order_by("number")
        .values_list("change_idea_id", "act_decision")
    ):
        latest[idea_id] = decision
    by_parent: dict[int | None, list[DriverNode]] = {}
    for n in nodes:
        by_parent.setdefault(n.parent_id, []).append(n)

    def build(parent: int | None) -> list[TreeNode]:
        out = []
        for n in by_parent.get(parent, []):
            status = latest.get(n.pk) if n.kind == DriverNode.Kind.CHANGE_IDEA else None
            out.append(TreeNode(n, build(n.pk), status))
        return out

    return build(None)


def change_ideas(tree: list[TreeNode]) -> list[TreeNode]:
    found: list[TreeNode] = []
    for t in tree:
        if t.node.kind == DriverNode.Kind.CHANGE_IDEA:
            found.append(t)
        found.extend(change_ideas(t.children))
    return found


def _lines(text: str) -> list[str]:
    lines = textwrap.wrap(text, CHARS) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: CHARS - 1].rstrip() + "…"
    return lines


def _box(x: float, y: float, text: str, kind: str, extra: str = "") -> str:
    fill = FILL[kind]
    colour = "#FFFFFF" if kind == "aim" else INK
    lines = _lines(text)
    if extra:
        lines = [*lines[: MAX_LINES - 1], f"[{extra}]"]
    top = y + BOX_H / 2 - (len(lines) - 1) * LINE_H / 2 + 4
    spans = "".join(
        f'<tspan x="{x + 8}" y="{top + i * LINE_H:.1f}"'
        + (' font-style="italic"' if extra and i == len(lines) - 1 else "")
        + f">{escape(line)}</tspan>"
        for i, line in enumerate(lines)
    )
    stroke = "#005EB8" if kind != "aim" else "#003087"
    return (
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="4" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="1.5"/>'
        f'<text font-family="Frutiger W01, Arial, sans-serif" font-size="12" fill="{colour}">{spans}</text>'
    )


def _connector(x1: float, y1: float, x2: float, y2: float) -> str:
    mid = (x1 + x2) / 2
    return (
        f'<path d="M{x1},{y1} H{mid} V{y2} H{x2}" fill="none" stroke="#425563" stroke-width="1.2"/>'
    )


def _leaves(t: TreeNode) -> int:
    return max(1, sum(_leaves(c) for c in t.children))


def driver_diagram_svg(
    project: Project, tree: list[TreeNode] | None = None, *, svg_id: str = ""
) -> str:
    """The driver diagram as a standalone, accessible SVG string.

    >>> # driver_diagram_svg(project) -> '<svg ... role="img" aria-labelledby="...">…</svg>'
    """
    tree = driver_tree(project) if tree is None else tree
    svg_id = svg_id or f"driver-diagram-{project.pk}"
    rows = max(1, sum(_leaves(t) for t in tree))
    top = 30
    height = top + rows * ROW_H + PAD
    width = PAD * 2 + 4 * BOX_W + 3 * COL_GAP
    parts: list[str] = []
    for col, heading in enumerate(HEADINGS):
        x = PAD + col * (BOX_W + COL_GAP)
        parts.append(
            f'<text x="{x}" y="18" font-family="Frutiger W01, Arial, sans-serif" font-size="13" '
            f'font-weight="bold" fill="{INK}">{heading}</text>'
        )

    def col_x(col: int) -> float:
        return PAD + col * (BOX_W + COL_GAP)

    def place(t: TreeNode, col: int, first_row: int) -> float:
        """Draw ``t`` and its subtree from ``first_row``; returns the box's centre y."""
        span = _leaves(t)
        # Nodes sit in the column of their kind, so a change idea straight under
        # a primary driver still lines up with the other change ideas.
        col = {"primary": 1, "secondary": 2, "change_idea": 3}.get(t.node.kind, col)
        row = first_row
        centres = []
        for c in t.children:
            centres.append(place(c, col + 1, row))
            row += _leaves(c)
        y = top + first_row * ROW_H + (span * ROW_H - BOX_H) / 2
        parts.append(_box(col_x(col), y, t.node.text, t.node.kind, t.status_words))
        for c, cy in zip(t.children, centres, strict=True):
            ccol = {"primary": 1, "secondary": 2, "change_idea": 3}[c.node.kind]
            parts.append(_connector(col_x(col) + BOX_W, y + BOX_H / 2, col_x(ccol), cy))
        return y + BOX_H / 2

    row = 0
    centres = []
    for t in tree:
        centres.append(place(t, 1, row))
        row += _leaves(t)
    aim_y = top + (rows * ROW_H - BOX_H) / 2
    parts.append(_box(col_x(0), aim_y, project.aim_statement or project.title, "aim"))
    for cy in centres:
        parts.append(_connector(col_x(0) + BOX_W, aim_y + BOX_H / 2, col_x(1), cy))

    counts = _count(tree)
    desc = (
        f"Driver diagram for {project.title}: the aim, {counts['primary']} primary driver(s), "
        f"{counts['secondary']} secondary driver(s) and {counts['change_idea']} change idea(s). "
        "The same diagram is listed as text beside it."
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{svg_id}-title {svg_id}-desc" class="qls-driver-diagram">'
        f'<title id="{svg_id}-title">Driver diagram: {escape(project.title)}</title>'
        f'<desc id="{svg_id}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )


def _count(tree: list[TreeNode]) -> dict[str, int]:
    counts = {"primary": 0, "secondary": 0, "change_idea": 0}

    def walk(ts: list[TreeNode]) -> None:
        for t in ts:
            counts[t.node.kind] += 1
            walk(t.children)

    walk(tree)
    return counts
