"""Views: registration, the htmx driver diagram editor, measures, closure and personal lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qls.projects.models import DriverNode, MeasureValue, PDSACycle, Project
from tests.factories.organisation import StaffMemberFactory, StrategicAimFactory
from tests.factories.projects import (
    EvaluationFactory,
    MeasureFactory,
    add_values,
    change_idea,
    project_with_team,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "driver-section"}
NHS_NUMBER = "9434765919"


@pytest.fixture
def project(personas, reference_data):
    return project_with_team(personas)


def _register_data(**extra):
    return {
        "title": "Fewer falls on Ash Ward",
        "problem": "Falls at night",
        "aim_statement": "Reduce falls by 30% by March 2026",
        "strategic_aims": [StrategicAimFactory().pk],
        "start_date": "2025-01-06",
        "category": "improve",
        "coproduction_level": "involving",
        **extra,
    }


def test_staff_member_registers_a_project_and_leads_it(client, personas, reference_data):
    me = StaffMemberFactory(user=personas["staff"])
    client.force_login(personas["staff"])
    response = client.post(reverse("projects:new"), _register_data(tags_text="falls"))
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.members.get(role="lead").staff == me
    assert project.created_by == personas["staff"]
    created = project.history.earliest()
    assert (created.history_type, created.history_user) == ("+", personas["staff"])


def test_registration_with_an_nhs_number_saves_nothing(client, personas, reference_data):
    StaffMemberFactory(user=personas["staff"])
    client.force_login(personas["staff"])
    response = client.post(
        reverse("projects:new"), _register_data(problem=f"Patient {NHS_NUMBER} fell")
    )
    assert response.status_code == 200
    assert "Remove the NHS number from problem statement" in response.content.decode()
    assert not Project.objects.exists()


def test_registration_without_an_aim_says_so(client, personas, reference_data):
    StaffMemberFactory(user=personas["staff"])
    client.force_login(personas["staff"])
    response = client.post(reverse("projects:new"), _register_data(strategic_aims=[]))
    assert "Choose at least one strategic aim the project supports" in response.content.decode()
    assert not Project.objects.exists()


def test_adding_a_driver_with_htmx_returns_the_section_with_the_new_drawing(
    client, personas, project
):
    client.force_login(personas["lead"])
    url = reverse("projects:node_add", args=[project.pk])
    response = client.post(url, {"kind": "primary", "text": "Observation of patients"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # the partial alone
    assert "Added primary driver" in html
    assert "<svg" in html
    assert "Observation of patients" in html
    primary = DriverNode.objects.get()
    response = client.post(
        url, {"kind": "change_idea", "parent": primary.pk, "text": "Bay nursing"}, **HTMX
    )
    assert "Bay nursing" in response.content.decode()
    assert DriverNode.objects.get(text="Bay nursing").parent == primary


def test_a_misplaced_driver_is_refused_inside_the_section(client, personas, project):
    idea = change_idea(project)
    client.force_login(personas["lead"])
    url = reverse("projects:node_add", args=[project.pk])
    response = client.post(url, {"kind": "change_idea", "parent": idea.pk, "text": "Nope"}, **HTMX)
    assert response.status_code == 200
    assert "A change idea cannot go under a change idea" in response.content.decode()
    assert not DriverNode.objects.filter(text="Nope").exists()


def test_renaming_and_deleting_with_htmx(client, personas, project):
    idea = change_idea(project)
    client.force_login(personas["lead"])
    rename = reverse("projects:node_rename", args=[project.pk, idea.pk])
    form = client.get(rename, **HTMX).content.decode()
    assert f'id="rename-{idea.pk}"' in form
    assert "<html" not in form
    html = client.post(rename, {"text": "Bay nursing at night"}, **HTMX).content.decode()
    assert "Bay nursing at night" in html
    delete = reverse("projects:node_delete", args=[project.pk, idea.parent_id])
    html = client.post(delete, **HTMX).content.decode()
    assert "Deleted" in html
    assert not DriverNode.objects.filter(project=project).exists()


def test_the_driver_editor_works_without_javascript(client, personas, project):
    client.force_login(personas["lead"])
    response = client.post(
        reverse("projects:node_add", args=[project.pk]), {"kind": "primary", "text": "Staffing"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#driver-diagram")
    page = client.get(response["Location"]).content.decode()
    assert "Added primary driver" in page
    assert 'role="img"' in page
    assert "<title" in page
    assert 'class="qls-driver-list"' in page  # and its text alternative


def test_project_page_shows_chart_annotations_and_evidence(client, personas, project):
    idea = change_idea(project, "Bay nursing")
    measure = MeasureFactory(project=project)
    start = dt.date(2025, 1, 6)
    add_values(
        measure, start, [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11]
    )
    client.force_login(personas["lead"])
    cycle_url = reverse("projects:cycle_new", args=[project.pk, idea.pk])
    response = client.post(cycle_url, {
        "plan_what": "Bay nursing at night", "prediction": "Fewer falls", "started_on": "2025-05-12",
        "act_decision": "adopt", "ended_on": "2025-05-26",
    })  # fmt: skip
    assert response.status_code == 302
    paste = reverse("projects:measure_paste", args=[project.pk, measure.pk])
    lines = "\n".join(
        f"{start + dt.timedelta(weeks=20 + i):%d/%m/%Y}\t{v}"
        for i, v in enumerate([6, 7, 5, 6, 6, 7, 5, 6])
    )
    assert client.post(paste, {"data": lines}).status_code == 302
    html = client.get(project.get_absolute_url()).content.decode()
    sentence = "Falls per 1,000 bed days: special cause improvement from week of 26 May 2025, the week &#x27;Bay nursing&#x27; was adopted"
    assert sentence in html
    assert "Adopted: Bay nursing" in html  # the annotation in the chart spec
    assert "core/_chart" not in html
    assert "qls-chart" in html


def test_pasting_bad_lines_names_them_and_saves_nothing(client, personas, project):
    measure = MeasureFactory(project=project)
    client.force_login(personas["lead"])
    url = reverse("projects:measure_paste", args=[project.pk, measure.pk])
    response = client.post(url, {"data": "2025-03-03\t4\n2025-03-10\tfour"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Line 2: the value &#x27;four&#x27; is not a number." in html
    assert not MeasureValue.objects.exists()


def test_the_grid_saves_rows_and_refuses_duplicates(client, personas, project):
    measure = MeasureFactory(project=project)
    client.force_login(personas["lead"])
    url = reverse("projects:measure_data", args=[project.pk, measure.pk])
    assert client.get(url).status_code == 200
    data = {
        "form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "0",
        "form-0-period": "2025-03-03", "form-0-value": "4",
        "form-1-period": "2025-03-12", "form-1-value": "5",
        "form-2-period": "", "form-2-value": "",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert list(measure.values.values_list("period", flat=True)) == [
        dt.date(2025, 3, 3),
        dt.date(2025, 3, 10),
    ]
    data["form-1-period"] = "2025-03-05"  # the same week as row 1
    response = client.post(url, data)
    assert "Rows 1 and 2 are both for the period starting 03 Mar 2025" in response.content.decode()
    assert measure.values.count() == 2


def test_closing_needs_the_evaluation_then_closes(client, personas, project):
    client.force_login(personas["lead"])
    url = reverse("projects:close", args=[project.pk])
    assert "Write the evaluation first" in client.get(url).content.decode()
    EvaluationFactory(project=project)
    response = client.post(
        url, {"outcome": "sustained", "reason": "Falls stayed down for six months"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.stage, project.closure_outcome) == ("closed", "sustained")


def test_mine_lists_team_projects_and_coaches_see_pending_approvals(client, personas, project):
    client.force_login(personas["lead"])
    client.post(reverse("projects:stage", args=[project.pk]), {"to_stage": "testing"})
    assert project.title in client.get(reverse("projects:mine")).content.decode()
    client.force_login(personas["coach"])
    html = client.get(reverse("projects:approvals")).content.decode()
    assert project.title in html
    assert "Approve move to testing" in html
    client.force_login(personas["staff"])
    assert (
        "Nothing is waiting for your approval"
        in client.get(reverse("projects:approvals")).content.decode()
    )


def test_evaluations_list_for_the_improvement_team(client, personas, project):
    EvaluationFactory(project=project, lessons_learned="Start small with night staff")
    client.force_login(personas["improvement"])
    html = client.get(reverse("projects:evaluations")).content.decode()
    assert "Start small with night staff" in html
    html = client.get(reverse("projects:evaluations") + "?aim_achieved=yes").content.decode()
    assert "No evaluations yet" in html


def test_cycle_page_shows_the_ramp_and_the_charts(client, personas, project):
    idea = change_idea(project)
    first = PDSACycle.objects.create(
        change_idea=idea,
        number=1,
        plan_what="One bay",
        prediction="x",
        act_decision="adapt",
        ended_on=dt.date(2025, 2, 1),
    )
    second = PDSACycle.objects.create(
        change_idea=idea, number=2, previous=first, plan_what="All bays", prediction="y"
    )
    measure = MeasureFactory(project=project)
    add_values(measure, dt.date(2025, 1, 6), [5, 6, 5, 7])
    client.force_login(personas["staff"])
    html = client.get(reverse("projects:cycle", args=[project.pk, second.pk])).content.decode()
    assert "Builds on" in html
    assert "PDSA 1" in html
    assert f'id="measure-{measure.pk}"' in html


def test_stage_history_survives_a_removed_account(client, personas, project):
    # StageChange.by is SET_NULL: a person's account can go, their project page must not.
    from qls.projects.models import StageChange

    StageChange.objects.create(
        project=project, from_stage="idea", to_stage="scoping", by=None, status="approved"
    )
    client.force_login(personas["staff"])
    response = client.get(reverse("projects:project", args=[project.pk]))
    assert response.status_code == 200
    assert b"Account removed" in response.content
