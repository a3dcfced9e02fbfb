"""The driver diagram drawing: accessible, escaped, laid out by leaves."""

from __future__ import annotations

import pytest

from qls.projects.diagram import TreeNode, change_ideas, driver_diagram_svg, driver_tree
from qls.projects.models import DriverNode, PDSACycle, Project
from tests.factories.projects import ProjectFactory, change_idea


def _node(pk: int, kind: str, text: str) -> DriverNode:
    return DriverNode(pk=pk, kind=kind, text=text)


def test_the_drawing_has_a_title_a_description_and_every_box():
    project = Project(pk=7, title="Fewer falls", aim_statement="Reduce falls by 30%")
    tree = [
        TreeNode(_node(1, "primary", "Observation"), [
            TreeNode(_node(2, "secondary", "Bays"), [TreeNode(_node(3, "change_idea", "Bay nursing"), [], "adopt")]),
        ]),
    ]  # fmt: skip
    svg = driver_diagram_svg(project, tree)
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-labelledby="driver-diagram-7-title driver-diagram-7-desc"' in svg
    assert '<title id="driver-diagram-7-title">Driver diagram: Fewer falls</title>' in svg
    assert "1 primary driver(s), 1 secondary driver(s) and 1 change idea(s)" in svg
    for text in ("Reduce falls by 30%", "Observation", "Bays", "Bay nursing", "[Adopted]"):
        assert text in svg
    assert svg.count("<rect") == 4  # the aim and three boxes
    assert svg.count("<path") == 3  # aim→primary→secondary→idea


def test_text_is_escaped_and_long_text_is_shortened():
    project = Project(pk=1, title="<b>Title</b>", aim_statement="Aim & more")
    long = "word " * 60
    svg = driver_diagram_svg(
        project,
        [
            TreeNode(
                _node(1, "primary", "<script>x</script>"),
                [TreeNode(_node(2, "change_idea", long), [])],
            )
        ],
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "&lt;b&gt;Title&lt;/b&gt;" in svg
    assert "Aim &amp; more" in svg
    assert "…" in svg


@pytest.mark.django_db
def test_tree_from_the_database_carries_each_ideas_latest_decision():
    project = ProjectFactory()
    idea = change_idea(project, "Bay nursing")
    untested = DriverNode.objects.create(
        project=project, parent=idea.parent, kind="change_idea", text="Red trays"
    )
    PDSACycle.objects.create(change_idea=idea, number=1, plan_what="a", prediction="b", act_decision="adapt",
                             ended_on="2025-02-01")  # fmt: skip
    PDSACycle.objects.create(change_idea=idea, number=2, plan_what="a", prediction="b", act_decision="adopt",
                             ended_on="2025-03-01")  # fmt: skip
    tree = driver_tree(project)
    ideas = {t.node.text: t for t in change_ideas(tree)}
    assert ideas["Bay nursing"].status_words == "Adopted"
    assert ideas["Red trays"].status_words == ""
    assert untested.pk in {t.node.pk for t in tree[0].children}
