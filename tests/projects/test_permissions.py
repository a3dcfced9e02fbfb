"""Who reaches each page of the project registry, for every persona.

Reading is open to every signed-in person; changing a project is for its
team (here: the lead and coach personas), the improvement team and admins;
the evaluations list is for the improvement team and admins. Status codes:
200 shown, 302 sent on, 403 refused.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qls.projects.models import DriverNode, PDSACycle, ProjectMember, StageChange
from tests.factories.accounts import PERSONAS
from tests.factories.projects import (
    EvaluationFactory,
    MeasureFactory,
    add_values,
    change_idea,
    project_with_team,
)

pytestmark = pytest.mark.django_db

EVERYONE = set(PERSONAS)
STAFF = EVERYONE - {"norole"}
EDITORS = {"lead", "coach", "improvement", "admin"}
EVALUATORS = {"improvement", "admin"}


@pytest.fixture
def world(personas, reference_data):
    project = project_with_team(personas)
    idea = change_idea(project)
    cycle = PDSACycle.objects.create(
        change_idea=idea, number=1, plan_what="Test", prediction="Fewer falls",
        started_on=dt.date(2025, 2, 3),
    )  # fmt: skip
    measure = MeasureFactory(project=project)
    add_values(measure, dt.date(2025, 1, 6), [5, 6, 5, 7, 6, 5])
    EvaluationFactory(project=project)
    member = project.members.get(role=ProjectMember.Role.COACH)
    return {"project": project, "idea": idea, "cycle": cycle, "measure": measure, "member": member}


def pages(w) -> dict[str, tuple[str, set[str], int]]:
    p, i, c, m = w["project"].pk, w["idea"].pk, w["cycle"].pk, w["measure"].pk
    return {
        "index": (reverse("projects:index"), STAFF, 403),
        "new": (reverse("projects:new"), STAFF, 403),
        "mine": (reverse("projects:mine"), STAFF, 403),
        "approvals": (reverse("projects:approvals"), STAFF, 403),
        "evaluations": (reverse("projects:evaluations"), EVALUATORS, 403),
        "project": (reverse("projects:project", args=[p]), STAFF, 403),
        "edit": (reverse("projects:edit", args=[p]), EDITORS, 403),
        "team": (reverse("projects:team", args=[p]), EDITORS, 403),
        "stage": (reverse("projects:stage", args=[p]), EDITORS, 403),
        "close": (reverse("projects:close", args=[p]), EDITORS, 403),
        "evaluation": (reverse("projects:evaluation", args=[p]), EDITORS, 403),
        "node_rename": (reverse("projects:node_rename", args=[p, i]), EDITORS, 403),
        "node_delete": (reverse("projects:node_delete", args=[p, i]), EDITORS, 403),
        "change_idea": (reverse("projects:change_idea", args=[p, i]), STAFF, 403),
        "cycle_new": (reverse("projects:cycle_new", args=[p, i]), EDITORS, 403),
        "cycle": (reverse("projects:cycle", args=[p, c]), STAFF, 403),
        "cycle_edit": (reverse("projects:cycle_edit", args=[p, c]), EDITORS, 403),
        "cycle_delete": (reverse("projects:cycle_delete", args=[p, c]), EDITORS, 403),
        "measure_new": (reverse("projects:measure_new", args=[p]), EDITORS, 403),
        "measure": (reverse("projects:measure", args=[p, m]), STAFF, 403),
        "measure_edit": (reverse("projects:measure_edit", args=[p, m]), EDITORS, 403),
        "measure_delete": (reverse("projects:measure_delete", args=[p, m]), EDITORS, 403),
        "measure_data": (reverse("projects:measure_data", args=[p, m]), EDITORS, 403),
        "measure_paste": (reverse("projects:measure_paste", args=[p, m]), EDITORS, 403),
        "measure_download": (
            reverse("projects:measure_download", args=[p, m]) + "?format=csv",
            STAFF,
            403,
        ),
    }


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_each_role_reaches_only_its_project_pages(client, personas, world, persona):
    client.force_login(personas[persona])
    wrong = []
    for name, (url, allowed, otherwise) in pages(world).items():
        expected = 200 if persona in allowed else otherwise
        got = client.get(url).status_code
        if got != expected:
            wrong.append(f"{name}: expected {expected}, got {got}")
    assert not wrong, f"{persona}: " + "; ".join(wrong)


def test_anonymous_visitor_is_sent_to_log_in(client, world):
    login = reverse("accounts:login")
    for name, (url, _allowed, _otherwise) in pages(world).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(login), name


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_only_editors_may_add_a_driver(client, personas, world, persona):
    client.force_login(personas[persona])
    url = reverse("projects:node_add", args=[world["project"].pk])
    response = client.post(url, {"kind": "primary", "text": f"Driver from {persona}"})
    added = DriverNode.objects.filter(text=f"Driver from {persona}").exists()
    if persona in EDITORS:
        assert response.status_code == 302
        assert added
    else:
        assert response.status_code == 403
        assert not added


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_only_editors_may_delete_a_cycle_or_a_measure(client, personas, world, persona):
    client.force_login(personas[persona])
    p = world["project"].pk
    cycle = client.post(reverse("projects:cycle_delete", args=[p, world["cycle"].pk]))
    measure = client.post(reverse("projects:measure_delete", args=[p, world["measure"].pk]))
    cycle_gone = not PDSACycle.objects.filter(pk=world["cycle"].pk).exists()
    measure_gone = not world["project"].measures.filter(pk=world["measure"].pk).exists()
    assert cycle_gone == measure_gone == (persona in EDITORS)
    expected = 302 if persona in EDITORS else 403
    assert (cycle.status_code, measure.status_code) == (expected, expected)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_only_editors_may_change_the_team(client, personas, world, persona):
    client.force_login(personas[persona])
    member = world["member"]
    url = reverse("projects:remove_member", args=[world["project"].pk, member.pk])
    response = client.post(url)
    removed = not ProjectMember.objects.filter(pk=member.pk).exists()
    assert removed == (persona in EDITORS)
    assert response.status_code == (302 if persona in EDITORS else 403)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_only_the_coach_may_approve_a_stage_change(client, personas, world, persona):
    project = world["project"]
    project.stage = "scoping"
    project.save()
    change = StageChange.objects.create(
        project=project, from_stage="scoping", to_stage="testing", by=personas["lead"]
    )
    client.force_login(personas[persona])
    url = reverse("projects:decide", args=[project.pk, change.pk])
    response = client.post(url, {"decision": "approve"})
    change.refresh_from_db()
    project.refresh_from_db()
    if persona == "coach":
        assert response.status_code == 302
        assert change.status == "approved"
        assert project.stage == "testing"
    else:
        # The improvement team and admins approve only for projects without a coach.
        assert response.status_code == 403
        assert change.status == "requested"
        assert project.stage == "scoping"


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_only_editors_may_paste_measure_data(client, personas, world, persona):
    client.force_login(personas[persona])
    measure = world["measure"]
    url = reverse("projects:measure_paste", args=[world["project"].pk, measure.pk])
    before = measure.values.count()
    response = client.post(url, {"data": "2025-03-03\t4"})
    assert response.status_code == (302 if persona in EDITORS else 403)
    assert measure.values.count() == before + (1 if persona in EDITORS else 0)


@pytest.mark.parametrize("persona", sorted(STAFF))
def test_driver_section_urls_send_plain_visits_back_to_the_project(
    client, personas, world, persona
):
    client.force_login(personas[persona])
    p = world["project"].pk
    section = client.get(reverse("projects:driver", args=[p]))
    assert section.status_code == 302  # every role may read the diagram
    add = client.get(reverse("projects:node_add", args=[p]))
    assert add.status_code == (302 if persona in EDITORS else 403)
    htmx = client.get(reverse("projects:driver", args=[p]), HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200
    assert ("New primary driver" in htmx.content.decode()) == (persona in EDITORS)
