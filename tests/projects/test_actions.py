"""Rules the actions enforce: stages and approval, closure, team, driver diagram, cycles, data."""

from __future__ import annotations

import datetime as dt

import pytest

from qls.projects import actions
from qls.projects.errors import (
    ClosureError,
    CoachError,
    DriverDiagramError,
    ProjectError,
    StageChangeError,
    TeamError,
)
from qls.projects.models import DriverNode, PDSACycle, Project, ProjectMember, StageChange
from qls.projects.paste import Row
from tests.factories.capability_coaching import CoachFactory
from tests.factories.organisation import StaffMemberFactory, StrategicAimFactory
from tests.factories.projects import (
    DriverNodeFactory,
    EvaluationFactory,
    MeasureFactory,
    ProjectFactory,
    add_values,
    change_idea,
    project_with_team,
)

pytestmark = pytest.mark.django_db


def _fields(**extra):
    return {
        "title": "Fewer falls",
        "problem": "Falls at night",
        "aim_statement": "Reduce falls by 30% by March",
        "start_date": dt.date(2025, 1, 6),
        "category": "improve",
        "coproduction_level": "involving",
        **extra,
    }


def test_register_project_makes_the_team_and_starts_as_an_idea(personas):
    lead, member = StaffMemberFactory(), StaffMemberFactory()
    coach = CoachFactory(staff=StaffMemberFactory(user=personas["coach"])).staff
    project = actions.register_project(
        by=personas["improvement"], fields=_fields(), strategic_aims=[StrategicAimFactory()],
        tags="Falls, night staffing; falls", lead=lead, members=[member, lead], coach=coach,
    )  # fmt: skip
    assert project.stage == Project.Stage.IDEA
    roles = set(project.members.values_list("staff_id", "role"))
    assert roles == {(lead.pk, "lead"), (member.pk, "member"), (coach.pk, "coach")}
    assert sorted(project.tags.values_list("name", flat=True)) == ["falls", "night staffing"]


def test_register_project_refused_without_a_strategic_aim(personas):
    with pytest.raises(ProjectError, match="at least one strategic aim"):
        actions.register_project(
            by=personas["staff"], fields=_fields(), strategic_aims=[], lead=StaffMemberFactory()
        )
    assert not Project.objects.exists()


def test_moving_to_scoping_needs_no_approval(personas):
    project = project_with_team(personas)
    change = actions.request_stage_change(project=project, to_stage="scoping", by=personas["lead"])
    project.refresh_from_db()
    assert change.status == StageChange.Status.APPROVED
    assert project.stage == "scoping"


def test_moving_past_scoping_waits_for_the_coach(personas):
    project = project_with_team(personas)
    actions.request_stage_change(project=project, to_stage="scoping", by=personas["lead"])
    change = actions.request_stage_change(project=project, to_stage="testing", by=personas["lead"])
    project.refresh_from_db()
    assert change.status == StageChange.Status.REQUESTED
    assert project.stage == "scoping"
    with pytest.raises(StageChangeError, match="already waiting"):
        actions.request_stage_change(project=project, to_stage="implementing", by=personas["lead"])
    with pytest.raises(StageChangeError, match="You asked for this move"):
        actions.decide_stage_change(change=change, by=personas["lead"], approve=True)
    with pytest.raises(StageChangeError, match="Only the project's coach"):
        actions.decide_stage_change(change=change, by=personas["staff"], approve=True)
    actions.decide_stage_change(change=change, by=personas["coach"], approve=True, note="Good plan")
    project.refresh_from_db()
    change.refresh_from_db()
    assert project.stage == "testing"
    assert (change.status, change.approved_by, change.decision_note) == (
        "approved",
        personas["coach"],
        "Good plan",
    )


def test_a_refused_move_leaves_the_stage(personas):
    project = project_with_team(personas)
    change = actions.request_stage_change(project=project, to_stage="testing", by=personas["lead"])
    actions.decide_stage_change(change=change, by=personas["coach"], approve=False)
    project.refresh_from_db()
    assert project.stage == "idea"
    with pytest.raises(StageChangeError, match="already been decided"):
        actions.decide_stage_change(change=change, by=personas["coach"], approve=True)


def test_the_coachs_own_move_waits_for_the_improvement_team(personas):
    project = project_with_team(personas)
    change = actions.request_stage_change(project=project, to_stage="testing", by=personas["coach"])
    assert change.status == "requested"
    with pytest.raises(StageChangeError, match="You asked for this move"):
        actions.decide_stage_change(change=change, by=personas["coach"], approve=True)
    actions.decide_stage_change(change=change, by=personas["improvement"], approve=True)
    change.refresh_from_db()
    assert (change.status, change.approved_by) == ("approved", personas["improvement"])


def test_without_a_coach_the_improvement_team_approves(personas):
    project = project_with_team(personas)
    project.members.filter(role="coach").delete()
    change = actions.request_stage_change(project=project, to_stage="testing", by=personas["lead"])
    with pytest.raises(StageChangeError):
        actions.decide_stage_change(change=change, by=personas["coach"], approve=True)
    actions.decide_stage_change(change=change, by=personas["improvement"], approve=True)
    project.refresh_from_db()
    assert project.stage == "testing"


def test_moving_back_needs_no_approval(personas):
    project = project_with_team(personas)
    Project.objects.filter(pk=project.pk).update(stage="implementing")
    change = actions.request_stage_change(project=project, to_stage="testing", by=personas["lead"])
    assert change.status == "approved"


def test_close_project_refused_without_evaluation(personas):
    project = project_with_team(personas)
    with pytest.raises(ClosureError, match="Complete the evaluation"):
        actions.close_project(
            project=project, by=personas["lead"], outcome="sustained", reason="Done"
        )
    project.refresh_from_db()
    assert project.stage == "idea"


def test_close_project_refused_without_outcome_or_reason(personas):
    project = project_with_team(personas)
    EvaluationFactory(project=project)
    with pytest.raises(ClosureError, match="spread, was sustained or was stopped"):
        actions.close_project(project=project, by=personas["lead"], outcome="", reason="Done")
    with pytest.raises(ClosureError, match="why"):
        actions.close_project(project=project, by=personas["lead"], outcome="stopped", reason=" ")


def test_close_project_with_evaluation_records_outcome_and_withdraws_requests(personas):
    project = project_with_team(personas)
    EvaluationFactory(project=project)
    pending = actions.request_stage_change(project=project, to_stage="testing", by=personas["lead"])
    actions.close_project(
        project=project, by=personas["lead"], outcome="spread", reason="Adopted trust-wide"
    )
    project.refresh_from_db()
    pending.refresh_from_db()
    assert (project.stage, project.closure_outcome) == ("closed", "spread")
    assert pending.status == "withdrawn"
    with pytest.raises(StageChangeError, match="closed"):
        actions.request_stage_change(project=project, to_stage="testing", by=personas["lead"])


def test_the_last_lead_cannot_be_removed(personas):
    project = project_with_team(personas)
    lead = project.members.get(role="lead")
    with pytest.raises(TeamError, match="needs a lead"):
        actions.remove_member(membership=lead)
    actions.add_member(project=project, staff=StaffMemberFactory(), role="lead")
    actions.remove_member(membership=lead)
    assert project.members.filter(role="lead").count() == 1


def test_the_same_person_cannot_hold_a_role_twice(personas):
    project = project_with_team(personas)
    lead = project.members.get(role="lead")
    with pytest.raises(TeamError, match="already on the team"):
        actions.add_member(project=project, staff=lead.staff, role=ProjectMember.Role.LEAD)


def test_driver_nodes_go_only_where_the_diagram_allows():
    project = ProjectFactory()
    primary = actions.add_node(project=project, parent=None, kind="primary", text="  Observation  ")
    assert primary.text == "Observation"
    secondary = actions.add_node(project=project, parent=primary, kind="secondary", text="Bays")
    idea = actions.add_node(
        project=project, parent=secondary, kind="change_idea", text="Bay nursing"
    )
    with pytest.raises(DriverDiagramError, match="cannot go under a change idea"):
        actions.add_node(project=project, parent=idea, kind="change_idea", text="Nope")
    with pytest.raises(DriverDiagramError, match="cannot go at the top"):
        actions.add_node(project=project, parent=None, kind="change_idea", text="Nope")
    with pytest.raises(DriverDiagramError, match="Enter the text"):
        actions.add_node(project=project, parent=primary, kind="secondary", text="   ")
    other = ProjectFactory()
    with pytest.raises(DriverDiagramError, match="another project"):
        actions.add_node(project=other, parent=primary, kind="secondary", text="Nope")


def test_deleting_a_driver_deletes_its_subtree_unless_it_holds_cycles():
    project = ProjectFactory()
    idea = change_idea(project)
    primary = idea.parent
    PDSACycle.objects.create(change_idea=idea, number=1, plan_what="x", prediction="y")
    with pytest.raises(DriverDiagramError, match="1 PDSA cycle"):
        actions.delete_node(node=primary)
    PDSACycle.objects.all().delete()
    actions.delete_node(node=primary)
    assert not DriverNode.objects.filter(project=project).exists()


def test_cycles_are_numbered_and_ramp_within_one_idea(personas):
    project = ProjectFactory()
    idea = change_idea(project)
    first = actions.save_cycle(
        change_idea=idea, fields={"plan_what": "a", "prediction": "b"}, by=personas["lead"]
    )
    second = actions.save_cycle(
        change_idea=idea,
        fields={"plan_what": "c", "prediction": "d", "previous": first},
        by=personas["lead"],
    )
    assert (first.number, second.number, second.previous) == (1, 2, first)
    other_idea = DriverNodeFactory(
        project=project, parent=idea.parent, kind="change_idea", text="Other"
    )
    with pytest.raises(ProjectError, match="same change idea"):
        actions.save_cycle(
            change_idea=other_idea, fields={"plan_what": "e", "prediction": "f", "previous": first},
            by=personas["lead"],
        )  # fmt: skip
    with pytest.raises(ProjectError, match="date of the decision"):
        actions.save_cycle(
            change_idea=idea, fields={"act_decision": "adopt"}, by=personas["lead"], cycle=first
        )


def test_deleting_a_cycle_keeps_its_ramp_in_one_piece(personas):
    idea = change_idea(ProjectFactory())
    cycles = []
    for n in range(3):
        fields = {"plan_what": f"test {n}", "prediction": "p"}
        if cycles:
            fields["previous"] = cycles[-1]
        cycles.append(actions.save_cycle(change_idea=idea, fields=fields, by=personas["lead"]))
    first, middle, last = cycles
    actions.delete_cycle(cycle=middle)
    last.refresh_from_db()
    assert last.previous == first
    assert list(idea.cycles.values_list("number", flat=True)) == [1, 3]


def test_deleting_a_measure_takes_its_data_and_closes_the_gap_in_order():
    project = ProjectFactory()
    first, second, third = (MeasureFactory(project=project, position=n) for n in (1, 2, 3))
    add_values(second, dt.date(2025, 1, 6), [4, 5, 6])
    actions.delete_measure(measure=second)
    assert list(project.measures.values_list("pk", "position")) == [(first.pk, 1), (third.pk, 2)]
    from qls.projects.models import MeasureValue

    assert not MeasureValue.objects.filter(measure_id=second.pk).exists()


def test_save_values_replaces_periods_and_the_grid_replaces_everything():
    measure = MeasureFactory()
    d = dt.date(2025, 3, 3)
    assert (
        actions.save_values(measure=measure, rows=[Row(d, 4.0), Row(d + dt.timedelta(7), 5.0)]) == 2
    )
    assert (
        actions.save_values(measure=measure, rows=[Row(d, 4.0), Row(d + dt.timedelta(7), 6.0)]) == 1
    )
    actions.save_values(measure=measure, rows=[Row(d, 1.0)], replace_all=True)
    assert list(measure.values.values_list("period", "value")) == [(d, 1.0)]
    assert hasattr(measure, "evidence")


def test_add_coach_puts_a_pool_coach_on_the_team():
    project = ProjectFactory()
    coach = CoachFactory().staff
    membership = actions.add_coach(project=project, staff=coach)
    assert (membership.staff_id, membership.role) == (coach.pk, ProjectMember.Role.COACH)
    assert project.members.filter(staff=coach, role="coach").count() == 1


def test_add_coach_refused_for_someone_already_coaching_the_project():
    project = ProjectFactory()
    coach = CoachFactory().staff
    actions.add_coach(project=project, staff=coach)
    with pytest.raises(TeamError, match="already coaches"):
        actions.add_coach(project=project, staff=coach)


def test_add_coach_refused_when_the_coach_pool_has_no_room():
    project = ProjectFactory()
    coach = CoachFactory(capacity=0).staff
    with pytest.raises(CoachError, match="at capacity"):
        actions.add_coach(project=project, staff=coach)
    assert not project.members.filter(staff=coach).exists()
