"""Full-text search and filters over projects (SQLite FTS5 here; the same tests
run on PostgreSQL in CI, where the tsvector path answers)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from qls.projects.models import SearchDocument
from qls.projects.search.documents import index_projects
from qls.projects.search.filters import SearchFilters
from qls.projects.search.query import search_projects
from qls.projects.search.snippets import snippets
from qls.projects.search.terms import query_terms
from tests.projects.discovery_helpers import (
    add_change,
    add_evaluation,
    add_evidence,
    make_project,
)

pytestmark = pytest.mark.django_db


def titles(qs) -> list[str]:
    return [p.title for p in qs]


@pytest.fixture
def projects(reference_data):
    falls = make_project(
        "Reducing falls on Heron Ward",
        problem="Too many inpatient falls at night",
        site="BAS",
        ward="BAS-W02",
        ward_name="Heron Ward",
        aims=(1,),
        domains=("safe",),
        tags=("falls",),
    )
    node, cycle = add_change(
        falls, "Bay nursing", notes="Nurse stayed in the bay", adopted=dt.date(2025, 4, 7)
    )
    add_evidence(falls, node, cycle)
    sepsis = make_project(
        "Sepsis screening in the emergency department",
        problem="Screening is late",
        aim="Screen 95% within an hour",
        site="BRO",
        stage="closed",
        category="change",
        aims=(2,),
        tags=("sepsis",),
    )
    add_evaluation(sepsis, "Huddles kept the screening going at weekends")
    discharge = make_project(
        "Discharge before noon",
        problem="Patients wait for medicines to take home, and some fall while waiting",
        site="SOU",
        stage="idea",
        category="fix",
        aims=(3,),
    )
    return {"falls": falls, "sepsis": sepsis, "discharge": discharge}


def test_every_saved_project_is_indexed(projects):
    assert SearchDocument.objects.count() == 3
    doc = SearchDocument.objects.get(pk=projects["falls"].pk)
    assert "Bay nursing" in doc.detail
    assert "Nurse stayed in the bay" in doc.detail
    assert "Heron Ward" in doc.summary


def test_title_match_ranks_above_a_match_in_the_problem(projects):
    found = titles(search_projects("falls"))
    assert found == ["Reducing falls on Heron Ward", "Discharge before noon"]


def test_search_finds_change_ideas_pdsa_notes_and_lessons(projects):
    assert titles(search_projects("bay nursing")) == ["Reducing falls on Heron Ward"]
    assert titles(search_projects("huddles weekends")) == [
        "Sepsis screening in the emergency department"
    ]


def test_every_word_must_match_and_words_stem(projects):
    assert titles(search_projects("screened emergency")) == [
        "Sepsis screening in the emergency department"
    ]
    assert titles(search_projects("sepsis noon")) == []


def test_operators_and_quotes_in_the_box_are_plain_words(projects):
    # An unbalanced quote or an FTS keyword must not reach the engine as syntax.
    assert titles(search_projects('falls" OR NEAR(')) == titles(search_projects("falls near or"))
    assert query_terms('a "b" c*') == ["a", "b", "c"]


def test_filters_narrow_the_results(projects):
    assert titles(search_projects("", SearchFilters(sites=["BRO"]))) == [
        "Sepsis screening in the emergency department"
    ]
    assert titles(search_projects("falls", SearchFilters(evidence=True))) == [
        "Reducing falls on Heron Ward"
    ]
    assert titles(search_projects("", SearchFilters(stages=["idea", "closed"], aims=[3]))) == [
        "Discharge before noon"
    ]
    assert titles(search_projects("", SearchFilters(domains=["safe"], wards=["BAS-W02"]))) == [
        "Reducing falls on Heron Ward"
    ]
    assert titles(search_projects("", SearchFilters(categories=["change"], tags=["sepsis"]))) == [
        "Sepsis screening in the emergency department"
    ]


def test_many_to_many_filters_never_repeat_a_project(projects):
    projects["falls"].strategic_aims.add(*projects["falls"].strategic_aims.model.objects.all())
    found = list(search_projects("", SearchFilters(aims=[1, 2, 3, 4, 5])))
    assert len(found) == len({p.pk for p in found}) == 3


def test_without_words_newest_first(projects):
    assert titles(search_projects(""))[0] == "Discharge before noon"


def test_snippet_marks_matched_words_and_escapes_the_rest(projects, reference_data):
    p = make_project("Mouth care <script>", problem="Oral hygiene <b>matters</b> for pneumonia")
    found = snippets([p.pk], "pneumonia")
    assert "<mark>pneumonia</mark>" in found[p.pk]
    # Markup in a project's text never reaches the page as markup: SQLite's
    # snippet keeps it (escaped), PostgreSQL's headline drops the tags.
    assert "<b>" not in found[p.pk]
    assert "matters" in found[p.pk]
    if connection.vendor == "sqlite":
        assert "&lt;b&gt;" in found[p.pk]


def test_edits_and_deletes_keep_the_index_current(projects, django_capture_on_commit_callbacks):
    falls = projects["falls"]
    falls.title = "Safer nights on Heron Ward"
    falls.save()
    assert titles(search_projects("safer nights")) == ["Safer nights on Heron Ward"]
    node = falls.driver_nodes.get(text="Bay nursing")
    with django_capture_on_commit_callbacks(execute=True):
        node.delete()
    assert titles(search_projects("bay nursing")) == []


def test_deleting_a_project_removes_it_from_search(projects, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        projects["falls"].delete()
    assert SearchDocument.objects.filter(pk=projects["falls"].pk).count() == 0
    assert titles(search_projects("heron")) == []


def test_reindex_command_rebuilds_every_document(projects):
    SearchDocument.objects.all().delete()
    assert titles(search_projects("sepsis")) == []
    call_command("reindex_projects", verbosity=0)
    assert SearchDocument.objects.count() == 3
    assert titles(search_projects("sepsis")) == ["Sepsis screening in the emergency department"]
    assert index_projects([projects["sepsis"].pk]) == 1


def test_engine_specific_index_exists():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'projects_searchdocument'"
            )
            assert cursor.fetchone() == (3,)
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'projects_search_fts'")
        else:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname = "
                "'projects_searchdocument_vector_gin'"
            )
        assert cursor.fetchone()


def test_for_the_same_words_a_closed_project_with_evidence_ranks_above_an_untested_idea(
    reference_data,
):
    proven = make_project(
        "Hydration rounds on the ward", problem="Patients drink too little", stage="closed"
    )
    node, cycle = add_change(proven, "Jugs at every bed", adopted=dt.date(2025, 4, 7))
    add_evidence(proven, node, cycle)
    # Registered later, so on words alone it would come first (ties go to the newest).
    make_project("Hydration rounds on the ward", problem="Patients drink too little", stage="idea")
    found = list(search_projects("hydration rounds"))
    assert next(p.pk for p in found) == proven.pk
    assert found[0].search_rank > found[1].search_rank


def test_what_worked_elsewhere_sorts_by_relevance_then_evidence(projects):
    from qls.projects.similar import what_worked

    other = make_project("Night-time checks", problem="Falls in bays at night", site="SOU")
    node, cycle = add_change(other, "Falls sensor", adopted=dt.date(2025, 6, 2))
    add_evidence(other, node, cycle)
    found = what_worked(text="falls")
    # "falls" is in the first project's title: it leads, though the other improved later.
    assert [w.project.pk for w in found] == [projects["falls"].pk, other.pk]
