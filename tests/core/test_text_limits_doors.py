"""Text longer than its limit is refused at every door that does not use a form,
naming the line and column, and nothing is written; search and posters read
bounded text only.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest

from qls.core.limits import LONG_TEXT_MAX, SEARCH_DETAIL_MAX, SEARCH_SUMMARY_MAX, TITLE_MAX
from qls.measurement.importing import import_path
from qls.measurement.models import ImportStatus, Observation, Series
from tests.factories.measurement import MetricFactory, trust_structure

pytestmark = pytest.mark.django_db

LONG = "Z" * 4_500  # far past any code's length; never quoted back


# --- imports ---------------------------------------------------------------------------


def test_staff_import_refuses_a_long_cell_naming_line_and_column_and_writes_nothing():
    from qls.organisation.errors import StaffImportError
    from qls.organisation.models import StaffImport, StaffMember
    from qls.organisation.staff_import.importing import import_staff
    from tests.factories.organisation import OrganisationFactory, SiteFactory

    SiteFactory(organisation=OrganisationFactory(host=True), code="BAS")
    data = (
        "staff_number,first_name,last_name,email,staff_group,job_role,band,site,ward\n"
        "10000001,Amy,Baker,,Nursing and Midwifery Registered,Staff Nurse,Band 5,BAS,\n"
        f"10000002,Tariq,Khan,,Medical and Dental,Consultant,Medical,BAS,{LONG}\n"
    ).encode()
    with pytest.raises(StaffImportError) as refused:
        import_staff(io.BytesIO(data), filename="staff.csv")
    assert [str(e) for e in refused.value.errors] == [
        "Line 3: ward must be 200 characters or fewer (it has 4,500)"
    ]
    assert not StaffMember.objects.exists()
    assert not StaffImport.objects.exists()


def test_survey_import_refuses_a_long_cell_naming_line_and_column():
    from qls.wards.errors import SurveyImportError
    from qls.wards.models import StaffSurveyResult
    from qls.wards.survey_import import import_survey
    from tests.factories.organisation import WardFactory

    WardFactory(code="BAS-W01")
    data = (
        "ward,survey,period,theme,score\n"
        "BAS-W01,NHS Staff Survey 2024,2024-11-30,Morale,6.1\n"
        f"BAS-W01,NHS Staff Survey 2024,2024-11-30,Morale,{'6' * 50}\n"
    ).encode()
    with pytest.raises(SurveyImportError) as refused:
        import_survey(data, filename="survey.csv")
    assert dict(refused.value.problems) == {3: "score must be 40 characters or fewer (it has 50)"}
    assert not StaffSurveyResult.objects.exists()


def test_observation_import_refuses_a_long_cell_before_screening_or_quoting_it(tmp_path):
    trust_structure()
    MetricFactory(code="falls", strata=["ethnic_group"])
    path = tmp_path / "obs.csv"
    path.write_text(
        "metric,org_unit,period,value,stratum_dimension,stratum_value\n"
        "falls,W1,2024-01-01,2,,\n"
        f"falls,{LONG},2024-01-08,2,ethnic_group,{'x' * 51}\n",
        encoding="utf-8",
    )
    imp = import_path(path, kind="aggregated")
    assert imp.status == ImportStatus.FAILED
    assert imp.rejected_rows == [
        {
            "line": 3,
            "reason": "org_unit must be 200 characters or fewer (it has 4,500); "
            "stratum_value must be 50 characters or fewer (it has 51)",
        }
    ]
    assert LONG not in str(imp.rejected_rows) + imp.error
    assert not Observation.objects.exists()


def test_pushed_observations_with_a_long_code_are_refused_by_line():
    from qls.measurement.importing.starting import push_rows

    trust_structure()
    MetricFactory(code="falls")
    imp = push_rows(
        [
            {"metric": "falls", "org_unit": "W1", "period": "2024-01-15", "value": 2},
            {"metric": LONG, "org_unit": "W1", "period": "2024-01-15", "value": 2},
        ],
        by=None,
    )
    assert imp.status == ImportStatus.FAILED
    assert imp.rejected_rows == [
        {"line": 2, "reason": "metric must be 200 characters or fewer (it has 4,500)"}
    ]
    assert not Series.objects.exists()


def test_record_level_import_refuses_a_stratum_value_too_long_to_store(tmp_path):
    trust_structure()
    metric = MetricFactory(screening=True)
    path = tmp_path / "records.csv"
    path.write_text(
        "arrived,ward_code,eligible,screened,imd,sex\n"
        "2024-01-02,W1,Y,Y,1,F\n"
        f"2024-01-03,W1,Y,Y,1,{'F' * 60}\n"
    )
    imp = import_path(path, kind="record", metric=metric)
    assert imp.status == ImportStatus.FAILED
    assert any(
        p["line"] == 3 and "sex must be 50 characters or fewer (it has 60)" in p["reason"]
        for p in imp.rejected_rows
    ), imp.rejected_rows or imp.error
    assert not Observation.objects.exists()


# --- the API ---------------------------------------------------------------------------


def test_api_refuses_a_filter_longer_than_any_code_naming_it(client, personas):
    from tests.measurement.api_data import bearer

    response = client.get("/api/observations?metric=" + "f" * 81, headers=bearer(personas["staff"]))
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["metric"]


# --- search and posters ----------------------------------------------------------------


def _full_project(reference_data, *, cycles: int = 0):
    """A project with every text at its limit, each ending in a word of its own."""
    from tests.projects.discovery_helpers import add_change, add_evaluation, make_project

    def at_limit(end: str, limit: int = LONG_TEXT_MAX) -> str:
        return ("words " * limit)[: limit - len(end) - 1] + " " + end

    project = make_project(
        "T" * (TITLE_MAX - 5) + " tall",
        problem=at_limit("problemend"),
        aim=at_limit("aimend"),
    )
    for n in range(cycles):
        _node, cycle = add_change(project, f"Change {n}", adopted=dt.date(2025, 4, 7))
        for name in ("plan_what", "prediction", "do_notes", "study_notes", "act_notes"):
            setattr(cycle, name, at_limit(f"{name}end"))
        cycle.save()
    add_evaluation(project, at_limit("lessonsend"))
    project.refresh_from_db()
    return project


def test_search_documents_are_bounded_however_much_a_project_holds(reference_data):
    from qls.projects.models import SearchDocument
    from qls.projects.search.documents import index_projects

    project = _full_project(reference_data, cycles=3)  # 3 x 5 notes at the limit: 150,000
    index_projects([project.pk])
    doc = SearchDocument.objects.get(pk=project.pk)
    assert len(doc.title) <= TITLE_MAX
    assert len(doc.summary) <= SEARCH_SUMMARY_MAX
    assert len(doc.detail) == SEARCH_DETAIL_MAX
    # The problem and aim at their limits are indexed whole.
    assert "problemend" in doc.summary
    assert "aimend" in doc.summary


def test_a_poster_says_what_it_shortened_and_prints_the_rest_whole(reference_data):
    from qls.projects.poster import FITS, poster_html
    from tests.projects.discovery_helpers import make_project

    full = poster_html(_full_project(reference_data))
    assert "Shortened to fit the poster: the problem, the aim, the lessons learned" in full
    assert "problemend" not in full  # cut, and the poster says so

    short = make_project("Bay nursing", problem="p" * FITS["problem"])
    html = poster_html(short)
    assert "p" * FITS["problem"] in html
    assert "Shortened to fit" not in html
