"""Audit templates built in QLS: the rules, versions, the pages and who reaches them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qls.wards import accreditation
from qls.wards import audit_templates as building
from qls.wards.errors import AuditError, TemplateError, TemplateInUse, TemplateNotReady
from qls.wards.models import Audit, AuditQuestion, AuditSection, AuditTemplate
from tests.factories.accounts import PERSONAS
from tests.factories.organisation import WardFactory
from tests.factories.wards import AuditQuestionFactory, AuditSectionFactory, AuditTemplateFactory

pytestmark = pytest.mark.django_db

TEAM = {"improvement", "admin"}


def _q(text, weight, position=1, answer_type="yes_no", pk=None):
    return building.QuestionInput(
        text=text, answer_type=answer_type, weight=weight, position=position, pk=pk
    )


def _template_with_section(total=3, weights=(1, 2), active=True) -> AuditTemplate:
    template = AuditTemplateFactory(name="Ward accreditation audit", active=active)
    section = AuditSectionFactory(template=template, title="Safety", total=total)
    for i, w in enumerate(weights, start=1):
        AuditQuestionFactory(section=section, text=f"Standard {i}", weight=w, order=i)
    return template


def _audit(template, ward, day, score):
    return Audit.objects.create(
        template=template, ward=ward, date=day, status="submitted", score=score,
        submitted_at=dt.datetime(day.year, day.month, day.day, 16, tzinfo=dt.UTC),
    )  # fmt: skip


# ------------------------------------------------------------------ rules


def test_a_section_whose_weights_miss_its_total_is_refused_naming_it_and_nothing_is_saved():
    template = AuditTemplateFactory(active=False)
    with pytest.raises(TemplateNotReady) as refused:
        building.save_section(
            template=template,
            title="Medicines",
            total=5,
            questions=[_q("Fridge temperature checked", 2), _q("Controlled drugs counted", 2)],
        )
    assert refused.value.problems == [
        (
            "Section 'Medicines': the question weights add up to 4, not the section total of 5. "
            "Change the weights or the total so they match."
        )
    ]
    assert not AuditSection.objects.exists()
    assert not AuditQuestion.objects.exists()


def test_a_section_without_questions_is_refused():
    template = AuditTemplateFactory(active=False)
    with pytest.raises(TemplateNotReady, match="Section 'Medicines' needs at least one question"):
        building.save_section(template=template, title="Medicines", total=1, questions=[])


def test_a_version_with_no_questions_cannot_be_put_in_use():
    template = AuditTemplateFactory(active=False)
    with pytest.raises(TemplateNotReady, match="has no questions"):
        building.put_in_use(template=template)
    template.refresh_from_db()
    assert not template.active


def test_a_saved_section_keeps_its_questions_in_the_order_of_their_positions():
    template = AuditTemplateFactory(active=False)
    section = building.save_section(
        template=template,
        title="Environment",
        total=4,
        questions=[_q("Call bells within reach", 3, position=2), _q("Sluice clean", 1, 1)],
    )
    assert [(q.text, q.order) for q in section.questions.all()] == [
        ("Sluice clean", 1),
        ("Call bells within reach", 2),
    ]
    first = section.questions.get(text="Sluice clean")
    # Edited again: one question removed (left out), one changed, one added.
    building.save_section(
        template=template,
        section=section,
        title="Environment",
        total=4,
        questions=[_q("Sluice clean and stocked", 2, 1, pk=first.pk), _q("Bins emptied", 2, 2)],
    )
    assert [(q.pk == first.pk, q.text, q.weight) for q in section.questions.all()] == [
        (True, "Sluice clean and stocked", 2),
        (False, "Bins emptied", 2),
    ]


def test_a_version_audits_were_carried_out_on_cannot_change_in_place():
    template = _template_with_section()
    section = template.sections.get()
    Audit.objects.create(template=template, ward=WardFactory(), date=dt.date(2026, 1, 5))
    with pytest.raises(TemplateInUse, match="Make a new version"):
        building.save_section(
            template=template, section=section, title="Changed", total=1, questions=[_q("x", 1)]
        )
    with pytest.raises(TemplateInUse):
        building.delete_section(section=section)
    section.refresh_from_db()
    assert section.title == "Safety"
    assert section.questions.count() == 2


def test_a_new_version_copies_the_questions_with_its_reason_and_the_old_audits_keep_theirs():
    template = _template_with_section()
    ward = WardFactory()
    old = _audit(template, ward, dt.date(2026, 1, 5), 80.0)
    made = building.new_version(
        template=template,
        reason="Falls standard added after the national audit",
        now=dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC),
    )
    assert (made.name, made.version, made.active, made.based_on) == (
        "Ward accreditation audit",
        template.version + 1,
        False,
        template,
    )
    assert made.change_reason == "Falls standard added after the national audit"
    assert made.changed_at == dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC)
    copied = made.sections.get()
    assert (copied.title, copied.total) == ("Safety", 3)
    assert [(q.text, q.weight) for q in copied.questions.all()] == [
        ("Standard 1", 1),
        ("Standard 2", 2),
    ]
    assert copied.pk != template.sections.get().pk
    building.put_in_use(template=made)
    template.refresh_from_db()
    old.refresh_from_db()
    assert not template.active
    assert old.template == template  # the audit keeps the version it was carried out on
    with pytest.raises(AuditError, match="no longer in use"):
        accreditation.start_audit(template=template, ward=ward, date=dt.date(2026, 3, 1))


def test_a_new_version_needs_a_reason_and_only_one_is_prepared_at_a_time():
    template = _template_with_section()
    with pytest.raises(TemplateError, match="Enter the reason"):
        building.new_version(template=template, reason="  ")
    building.new_version(template=template, reason="New standard")
    with pytest.raises(TemplateError, match="already being prepared"):
        building.new_version(template=template, reason="Another")
    assert AuditTemplate.objects.filter(name=template.name).count() == 2


# ------------------------------------------------------------------ pages


def test_the_section_page_refuses_weights_off_the_total_naming_the_section(client, personas):
    template = AuditTemplateFactory(active=False)
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("wards:audit_section_new", args=[template.pk]),
        {
            "title": "Infection control",
            "total": "4",
            "q-TOTAL_FORMS": "2",
            "q-INITIAL_FORMS": "0",
            "q-0-text": "Hand gel at every bed",
            "q-0-answer_type": "yes_no",
            "q-0-weight": "1",
            "q-0-position": "1",
            # The empty row as the browser sends it: nothing changed, nothing added.
            "q-1-text": "",
            "q-1-answer_type": "yes_no",
            "q-1-weight": "1",
            "q-1-position": "",
        },
    )
    assert response.status_code == 200
    assert (
        "Section &#x27;Infection control&#x27;: the question weights add up to 1, not the "
        "section total of 4." in response.content.decode()
    )
    assert not AuditSection.objects.exists()


def test_the_section_page_names_the_question_with_a_missing_field(client, personas):
    template = AuditTemplateFactory(active=False)
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("wards:audit_section_new", args=[template.pk]),
        {
            "title": "Infection control",
            "total": "2",
            "q-TOTAL_FORMS": "2",
            "q-INITIAL_FORMS": "0",
            "q-0-text": "Hand gel at every bed",
            "q-0-answer_type": "yes_no",
            "q-0-weight": "1",
            "q-1-text": "",
            "q-1-answer_type": "scale_0_4",
            "q-1-weight": "1",
        },
    )
    assert "Question 2: Enter the question" in response.content.decode()
    assert not AuditSection.objects.exists()


def test_the_section_page_saves_a_whole_section(client, personas):
    template = AuditTemplateFactory(active=False)
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("wards:audit_section_new", args=[template.pk]),
        {
            "title": "Infection control",
            "total": "3",
            "q-TOTAL_FORMS": "2",
            "q-INITIAL_FORMS": "0",
            "q-0-text": "Hand gel at every bed",
            "q-0-answer_type": "yes_no",
            "q-0-weight": "1",
            "q-0-evidence": "Look at five bed spaces",
            "q-1-text": "Commodes clean and tagged",
            "q-1-answer_type": "percent",
            "q-1-weight": "2",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    section = AuditSection.objects.get()
    assert (section.title, section.total) == ("Infection control", 3)
    assert [(q.text, q.evidence) for q in section.questions.all()] == [
        ("Hand gel at every bed", "Look at five bed spaces"),
        ("Commodes clean and tagged", ""),
    ]


def test_editing_a_template_in_use_sends_you_back_to_make_a_new_version(client, personas):
    template = _template_with_section()
    Audit.objects.create(template=template, ward=WardFactory(), date=dt.date(2026, 1, 5))
    client.force_login(personas["improvement"])
    section = template.sections.get()
    response = client.post(
        reverse("wards:audit_section", args=[section.pk]),
        {"title": "Changed", "total": "1", "q-TOTAL_FORMS": "0", "q-INITIAL_FORMS": "0"},
        follow=True,
    )
    assert "so it cannot change" in response.content.decode()
    assert "Make a new version" in response.content.decode()
    section.refresh_from_db()
    assert section.title == "Safety"


def test_the_new_version_page_makes_a_version_with_the_reason(client, personas):
    template = _template_with_section()
    client.force_login(personas["improvement"])
    url = reverse("wards:audit_template_version", args=[template.pk])
    refused = client.post(url, {"reason": ""})
    assert "Enter the reason for the new version" in refused.content.decode()
    assert AuditTemplate.objects.count() == 1
    response = client.post(url, {"reason": "Resus trolley standard reworded"})
    made = AuditTemplate.objects.get(version=template.version + 1)
    assert response["Location"] == made.get_absolute_url()
    assert made.changed_by == personas["improvement"]


def test_the_preview_shows_every_question_read_only_with_its_evidence(client, personas):
    template = _template_with_section()
    question = AuditQuestion.objects.filter(section__template=template).first()
    question.evidence = "Check the last seven days of the log"
    question.save()
    client.force_login(personas["improvement"])
    html = client.get(reverse("wards:audit_template_preview", args=[template.pk])).content.decode()
    assert "Standard 1" in html
    assert "Standard 2" in html
    assert "Evidence to look for: Check the last seven days of the log" in html
    assert "disabled" in html


def test_the_manage_page_puts_a_template_in_use_only_when_it_keeps_the_rules(client, personas):
    template = AuditTemplateFactory(active=False)
    section = AuditSectionFactory(template=template, total=5)
    AuditQuestionFactory(section=section, weight=2)
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("wards:accreditation_manage"), {"template": template.pk}, follow=True
    )
    assert "weights add up to 2, not the section total of 5" in response.content.decode()
    template.refresh_from_db()
    assert not template.active


def test_the_ward_chart_marks_the_version_change_as_a_rebase_with_its_reason(client, personas):
    ward = WardFactory(name="Heron Ward")
    first = _template_with_section()
    days = [dt.date(2025, m, 3) for m in range(1, 13, 2)]
    for i, day in enumerate(days[:3]):
        _audit(first, ward, day, 70.0 + i)
    second = building.new_version(template=first, reason="Falls standard added")
    building.put_in_use(template=second)
    for i, day in enumerate(days[3:]):
        _audit(second, ward, day, 85.0 + i)
    client.force_login(personas["staff"])
    response = client.get(reverse("wards:accreditation_ward", args=[ward.code]))
    chart = response.context["chart"]
    assert [k["label"] for k in chart.key] == ["Version 2: Falls standard added"]
    assert "From 3 July 2025 audits use version 2: Falls standard added" in chart.description
    assert "the limits start again there" in chart.description
    assert chart.headers[-1] == "Audit template"
    assert chart.rows[-1][-1] == "Ward accreditation audit (version 2)"
    layers = {layer["name"]: layer for layer in chart.spec["layer"]}
    assert layers["events"]["data"]["values"][0]["label"] == "1. Version 2: Falls standard added"
    segments = {row["segment"] for row in chart.spec["data"]["values"]}
    assert segments == {0, 1}
    html = response.content.decode()
    assert "Version 2: Falls standard added" in html


# ------------------------------------------------------------------ who reaches each page


@pytest.fixture
def template_world(db):
    template = _template_with_section(active=False)
    return {"template": template.pk, "section": template.sections.get().pk}


PAGES = {
    "wards:audit_template_new": None,
    "wards:audit_template": "template",
    "wards:audit_section_new": "template",
    "wards:audit_template_preview": "template",
    "wards:audit_template_version": "template",
    "wards:audit_section": "section",
}


@pytest.mark.parametrize("who", sorted(PERSONAS))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_only_the_improvement_team_and_admins_reach_the_template_pages(
    client, personas, template_world, who, name
):
    client.force_login(personas[who])
    key = PAGES[name]
    url = reverse(name, args=[template_world[key]] if key else [])
    assert client.get(url).status_code == (200 if who in TEAM else 403)


@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_only_the_improvement_team_and_admins_put_a_version_in_use(client, personas, who):
    template = _template_with_section(active=False)
    client.force_login(personas[who])
    url = reverse("wards:audit_template_use", args=[template.pk])
    # A form post only; someone with no role meets the "no role yet" page first.
    assert client.get(url).status_code == (403 if who == "norole" else 405)
    response = client.post(url)
    template.refresh_from_db()
    assert response.status_code == (302 if who in TEAM else 403)
    assert template.active is (who in TEAM)


@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_nobody_outside_the_team_changes_a_section_or_makes_a_version(client, personas, who):
    template = _template_with_section(active=False)
    section = template.sections.get()
    client.force_login(personas[who])
    client.post(
        reverse("wards:audit_section", args=[section.pk]),
        {
            "title": "Changed",
            "total": "1",
            "q-TOTAL_FORMS": "1",
            "q-INITIAL_FORMS": "0",
            "q-0-text": "Only this",
            "q-0-answer_type": "yes_no",
            "q-0-weight": "1",
        },
    )
    client.post(reverse("wards:audit_template_version", args=[template.pk]), {"reason": "x"})
    section.refresh_from_db()
    changed = section.title == "Changed"
    assert changed is (who in TEAM)
    assert AuditTemplate.objects.filter(name=template.name).count() == (2 if who in TEAM else 1)
    client.post(reverse("wards:audit_template", args=[template.pk]),
                {"op": "delete", "section": section.pk})  # fmt: skip
    assert AuditSection.objects.filter(pk=section.pk).exists() is (who not in TEAM)


def test_anonymous_visitors_are_sent_to_log_in(client, template_world):
    url = reverse("wards:audit_template", args=[template_world["template"]])
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]
