"""The glossary page, keeping it, and linking terms in text safely."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils.safestring import mark_safe

from qls.community.glossary import actions
from qls.community.glossary.errors import NameTakenError
from qls.community.glossary.models import Term

pytestmark = pytest.mark.django_db

NHS_NUMBER = "943 476 5919"  # passes the modulus-11 check
INDEX = "/community/glossary/"


@pytest.fixture
def terms(personas):
    by = personas["improvement"]
    made = [
        ("PDSA", "Plan, Do, Study, Act: a small test of change.", "PDSA cycle, Plan-Do-Study-Act"),
        ("Run chart", "Data in time order with the median drawn.", ""),
        (
            "Special cause variation",
            "Variation from something outside the usual system.",
            "special cause",
        ),
        ("Run", "Consecutive points on one side of the median.", ""),
    ]
    return {
        name: actions.save_term(name=name, definition=definition, aliases=aliases, by=by)
        for name, definition, aliases in made
    }


def _links(text, *, safe=False):
    value = mark_safe(text) if safe else text
    return Template("{% load community_glossary %}{{ value|glossary_links }}").render(
        Context({"value": value})
    )


def test_the_glossary_is_one_page_with_an_anchor_per_term(client, personas, terms):
    client.force_login(personas["staff"])
    page = client.get(reverse("community:glossary_index")).content.decode()
    for term in terms.values():
        assert f'id="term-{term.slug}"' in page
    assert "Plan, Do, Study, Act" in page
    assert terms["PDSA"].get_absolute_url() == f"{INDEX}#term-pdsa"


def test_searching_finds_a_term_by_name_other_name_or_definition(client, personas, terms):
    client.force_login(personas["staff"])
    found = client.get(reverse("community:glossary_index"), {"q": "special"})
    assert [t.term for t in found.context["terms"]] == ["Special cause variation"]
    by_alias = client.get(reverse("community:glossary_index"), {"q": "Plan-Do"})
    assert [t.term for t in by_alias.context["terms"]] == ["PDSA"]
    nothing = client.get(reverse("community:glossary_index"), {"q": "zebra"})
    assert "No term matches" in nothing.content.decode()


def test_the_improvement_team_adds_and_changes_a_term(client, personas):
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("community:glossary_new"),
        {"term": "Driver diagram", "definition": "Aim, drivers and change ideas.", "aliases": ""},
    )
    term = Term.objects.get()
    assert response["Location"] == f"{INDEX}#term-driver-diagram"
    client.post(
        reverse("community:glossary_edit", args=[term.slug]),
        {"term": "Driver diagram", "definition": "Aim, primary and secondary drivers.", "aliases": "Driver diagrams"},
    )  # fmt: skip
    term.refresh_from_db()
    assert term.definition == "Aim, primary and secondary drivers."
    assert term.history.count() == 2


@pytest.mark.parametrize("who", ["staff", "lead", "coach", "analyst", "executive"])
def test_other_roles_may_read_but_not_keep_the_glossary(client, personas, terms, who):
    client.force_login(personas[who])
    assert client.get(reverse("community:glossary_index")).status_code == 200
    data = {"term": "Muda", "definition": "Waste.", "aliases": ""}
    assert client.post(reverse("community:glossary_new"), data).status_code == 403
    edit = reverse("community:glossary_edit", args=["pdsa"])
    assert client.post(edit, {**data, "term": "PDSA"}).status_code == 403
    assert client.post(reverse("community:glossary_remove", args=["pdsa"])).status_code == 403
    assert Term.objects.count() == 4


def test_a_name_another_term_already_uses_is_refused_on_its_field(client, personas, terms):
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("community:glossary_new"),
        {"term": "Rapid test", "definition": "A quick test.", "aliases": "pdsa cycle"},
    )
    assert response.context["form"].errors["aliases"] == [
        "“pdsa cycle” is already in the glossary, under PDSA."
    ]
    with pytest.raises(NameTakenError):
        actions.save_term(name="run chart", definition="Again.", by=personas["improvement"])
    assert Term.objects.count() == 4


def test_a_definition_with_an_nhs_number_is_refused_naming_the_field(client, personas):
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("community:glossary_new"),
        {"term": "Cohort", "definition": f"As for {NHS_NUMBER}.", "aliases": ""},
    )
    assert "NHS number" in response.context["form"].errors["definition"][0]
    assert not Term.objects.exists()


def test_removing_a_term(client, personas, terms):
    client.force_login(personas["improvement"])
    response = client.post(reverse("community:glossary_remove", args=["run"]))
    assert response.status_code == 302
    assert not Term.objects.filter(slug="run").exists()


def test_the_filter_links_the_first_mention_of_each_term_only(terms):
    html = _links("Start a PDSA. Each pdsa cycle tests one change; plot a run chart of a run.")
    assert html.count(f'href="{INDEX}#term-pdsa"') == 1
    assert f'<a class="qls-glossary-link" href="{INDEX}#term-pdsa">PDSA</a>' in html
    # The longest name wins: "run chart" is linked as itself, then "run" on its own.
    assert f'href="{INDEX}#term-run-chart">run chart</a>' in html
    assert f'href="{INDEX}#term-run">run</a>.' in html


def test_the_filter_matches_whole_words_only(terms):
    assert "<a" not in _links("Rerun the PDSAs and the running total.")


def test_the_filter_escapes_what_a_person_typed(terms):
    html = _links('<script>alert("PDSA")</script> <b onmouseover=x>special cause</b> & O\'Brien')
    assert "<script>" not in html
    assert "<b" not in html
    assert "&lt;script&gt;alert(&quot;" in html
    assert f'href="{INDEX}#term-special-cause-variation">special cause</a>' in html
    assert "&amp; O&#x27;Brien" in html


def test_the_filter_links_safe_html_between_tags_only(terms):
    html = _links(
        '<p title="PDSA">A <a href="/x">run chart</a> and a run chart, then a PDSA.</p>', safe=True
    )
    assert '<p title="PDSA">' in html  # never inside a tag
    assert '<a href="/x">run chart</a>' in html  # never inside a link
    assert html.count("#term-run-chart") == 1
    assert html.count("#term-pdsa") == 1


def test_the_filter_with_no_glossary_only_escapes(db):
    assert _links("<i>PDSA</i>") == "&lt;i&gt;PDSA&lt;/i&gt;"


def test_a_resource_description_links_its_terms(client, personas, terms, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qls.community.resources import actions as resource_actions
    from qls.community.resources import samples

    settings.MEDIA_ROOT = tmp_path
    resource = resource_actions.publish_resource(
        title="PDSA form", description="Plan each PDSA <carefully>.", tags="", module="testing-changes",
        upload=SimpleUploadedFile("f.pdf", samples.pdf("f")), by=personas["improvement"],
    )  # fmt: skip
    client.force_login(personas["staff"])
    page = client.get(resource.get_absolute_url()).content.decode()
    assert (
        f'Plan each <a class="qls-glossary-link" href="{INDEX}#term-pdsa">PDSA</a> &lt;carefully&gt;.'
        in page
    )


def test_help_text_on_other_apps_forms_links_its_terms(client, personas, terms):
    # The project search's hint names "PDSA notes": the shared field template links it.
    client.force_login(personas["staff"])
    page = client.get(reverse("projects:index")).content.decode()
    assert f'<a class="qls-glossary-link" href="{INDEX}#term-pdsa">PDSA</a> notes' in page


def test_a_new_or_removed_term_is_linked_or_unlinked_at_once(personas, terms):
    assert "#term-driver-diagram" not in _links("Draw a driver diagram.")
    actions.save_term(
        name="Driver diagram",
        definition="Aim, drivers and change ideas.",
        by=personas["improvement"],
    )
    assert "#term-driver-diagram" in _links("Draw a driver diagram.")
    actions.remove_term(term=Term.objects.get(slug="driver-diagram"))
    assert "<a" not in _links("Draw a driver diagram.")
