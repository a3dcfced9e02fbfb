"""Forms: required strategic aim, team look-ups, and patient-identifier screening on every free-text field."""

from __future__ import annotations

import datetime as dt

import pytest

from qls.projects.forms.cycle import CycleForm
from qls.projects.forms.driver import NodeForm
from qls.projects.forms.evaluation import EvaluationForm
from qls.projects.forms.measure import MeasureForm
from qls.projects.forms.project import AIM_REQUIRED, ProjectForm
from qls.projects.forms.register import RegisterProjectForm
from qls.projects.forms.stage import CloseForm, StageDecisionForm, StageRequestForm
from tests.factories.organisation import StaffMemberFactory, StrategicAimFactory, WardFactory
from tests.factories.projects import ProjectFactory, change_idea

pytestmark = pytest.mark.django_db

NHS_NUMBER = "943 476 5919"  # passes the modulus-11 check


def _project_data(**extra):
    return {
        "title": "Fewer falls",
        "problem": "Falls at night",
        "aim_statement": "Reduce falls by 30% by March 2026",
        "strategic_aims": [StrategicAimFactory().pk],
        "start_date": "2025-01-06",
        "category": "improve",
        "coproduction_level": "involving",
        **extra,
    }


def test_project_form_refuses_no_strategic_aim():
    form = ProjectForm(_project_data(strategic_aims=[]))
    assert not form.is_valid()
    assert form.errors["strategic_aims"] == [AIM_REQUIRED]


def test_project_form_checks_dates_and_that_the_ward_is_at_the_site():
    ward, other = WardFactory(), WardFactory()
    form = ProjectForm(_project_data(target_date="2024-01-01", site=other.site.pk, ward=ward.pk))
    assert not form.is_valid()
    assert "on or after the start date" in form.errors["target_date"][0]
    assert f"{ward.name} is at {ward.site.name}" in form.errors["ward"][0]


def test_a_ward_without_a_site_fills_in_its_site():
    ward = WardFactory()
    form = ProjectForm(_project_data(ward=ward.pk))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["site"] == ward.site


def test_register_form_leads_default_to_you_and_unknown_people_are_named(personas):
    me = StaffMemberFactory(user=personas["staff"])
    form = RegisterProjectForm(_project_data(), user=personas["staff"])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["lead"] == me
    form = RegisterProjectForm(
        _project_data(members_text="99999999, nobody@example.nhs.uk"), user=personas["staff"]
    )
    assert not form.is_valid()
    assert "'99999999', 'nobody@example.nhs.uk'" in form.errors["members_text"][0]


def test_register_form_asks_for_a_lead_when_you_have_no_staff_record(personas):
    form = RegisterProjectForm(_project_data(), user=personas["norole"])
    assert not form.is_valid()
    assert "not linked to a staff directory record" in form.errors["lead"][0]
    lead = StaffMemberFactory()
    form = RegisterProjectForm(_project_data(lead=lead.staff_number), user=personas["norole"])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["lead"] == lead
    # or picked from the suggestions as their name is typed
    picked = f"{lead.full_name} ({lead.staff_number})"
    form = RegisterProjectForm(_project_data(lead=picked), user=personas["norole"])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["lead"] == lead


def _forms():
    """(form factory, valid data, free-text fields) for every form with free text."""
    project = ProjectFactory()
    idea = change_idea(project)
    return [
        (
            lambda d: ProjectForm(d),
            _project_data(),
            ["title", "problem", "aim_statement", "patient_involvement", "tags_text"],
        ),
        (lambda d: StageRequestForm(d, project=project), {"to_stage": "scoping"}, ["note"]),
        (lambda d: StageDecisionForm(d), {"decision": "approve"}, ["decision_note"]),
        (lambda d: CloseForm(d), {"outcome": "stopped", "reason": "No longer needed"}, ["reason"]),
        (lambda d: NodeForm(d), {"text": "Observation"}, ["text"]),
        (
            lambda d: CycleForm(d, change_idea=idea),
            {"plan_what": "Test", "prediction": "Better"},
            [
                "title",
                "plan_what",
                "plan_who",
                "plan_where",
                "plan_when",
                "prediction",
                "do_notes",
                "study_notes",
                "act_notes",
            ],
        ),
        (
            lambda d: EvaluationForm(d),
            dict.fromkeys(
                [
                    "evidence",
                    "sustainability_plan",
                    "spread_potential",
                    "costs_benefits",
                    "lessons_learned",
                    "do_differently",
                ],
                "Text",
            )
            | {"aim_achieved": "yes"},
            [
                "evidence",
                "sustainability_plan",
                "spread_potential",
                "costs_benefits",
                "lessons_learned",
                "do_differently",
            ],
        ),
        (
            lambda d: MeasureForm(d),
            {
                "kind": "outcome",
                "name": "Falls",
                "improvement_direction": "decrease",
                "chart_type": "xmr",
                "frequency": "week",
                "source": "project",
            },
            ["name", "operational_definition", "unit"],
        ),
    ]


def test_every_free_text_field_refuses_an_nhs_number_and_names_the_field():
    checked = 0
    for make, data, fields in _forms():
        assert make(data).is_valid(), make(data).errors
        for field in fields:
            form = make({**data, field: f"Patient {NHS_NUMBER} fell"})
            assert not form.is_valid(), field
            message = form.errors[field][0]
            label = str(form.fields[field].label).lower()
            assert message == (
                f"Remove the NHS number from {label}. QLS must not hold information that identifies a patient."
            ), field
            checked += 1
    assert checked == 27


def test_a_ten_digit_number_that_fails_the_check_is_allowed():
    form = NodeForm({"text": "Call 0123456780 for the falls team"})
    assert form.is_valid()


def test_cycle_form_needs_a_decision_date_after_the_start():
    project = ProjectFactory()
    idea = change_idea(project)
    form = CycleForm(
        {"plan_what": "a", "prediction": "b", "act_decision": "adopt", "started_on": "2025-03-03"},
        change_idea=idea,
    )
    assert not form.is_valid()
    assert "date of the decision" in form.errors["ended_on"][0]
    form = CycleForm(
        {
            "plan_what": "a",
            "prediction": "b",
            "act_decision": "adopt",
            "started_on": "2025-03-03",
            "ended_on": "2025-03-01",
        },
        change_idea=idea,
    )
    assert not form.is_valid()
    assert "on or after the start date" in form.errors["ended_on"][0]
    _ = dt


def test_cycle_dates_in_the_future_are_refused_once_the_test_is_recorded_as_done():
    from django.utils import timezone

    idea = change_idea(ProjectFactory())
    later = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    planned = CycleForm(
        {"plan_what": "a", "prediction": "b", "started_on": later}, change_idea=idea
    )
    assert planned.is_valid(), planned.errors  # planning a test ahead is fine
    decided = CycleForm(
        {
            "plan_what": "a",
            "prediction": "b",
            "started_on": timezone.localdate().isoformat(),
            "act_decision": "adopt",
            "ended_on": later,
        },
        change_idea=idea,
    )
    assert not decided.is_valid()
    assert "decision date is in the future" in decided.errors["ended_on"][0]
    done = CycleForm(
        {"plan_what": "a", "prediction": "b", "started_on": later, "do_notes": "Ran it"},
        change_idea=idea,
    )
    assert not done.is_valid()
    assert "start date is in the future" in done.errors["started_on"][0]
