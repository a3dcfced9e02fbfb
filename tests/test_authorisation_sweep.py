"""The authorisation sweep: every address of QLS, as every persona and as a stranger.

The resolver is walked, so a page is found the day it is added; each
address's ids are filled from one small world of records; each address is
requested with GET as each persona and as someone not signed in, and the
answer compared with the table below, written from the role tables in
docs/ (authentication.md and each area's page). 200 shown, 302 sent
elsewhere, 403 refused, 404 not found, 405 only takes a POST. A new address
with no row fails the sweep: add it to the table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tests.factories.accounts import PERSONAS
from tests.url_patterns import Page, all_pages

pytestmark = pytest.mark.django_db

ROLES = frozenset(PERSONAS) - {"norole"}
ANON = "anonymous"
IDENTITIES = [*sorted(PERSONAS), ANON]

MANAGERS = frozenset({"improvement", "admin"})
ADMINS = frozenset({"admin"})
BOARD = frozenset({"improvement", "executive", "admin"})
ANALYSTS = frozenset({"analyst", "admin"})
EDITORS = frozenset({"lead", "coach", "improvement", "admin"})  # the world project's team
COACHES = frozenset({"coach", "improvement", "admin"})
NOMINATORS = frozenset({"lead", "improvement", "admin"})
IMPORTERS = frozenset({"analyst", "improvement", "admin"})
# Who runs imports of quality data: the trust's analysts and a partner's analyst, each for
# their own organisation (the world's import is the host trust's, so the partner analyst,
# who has no staff record here and so belongs to the host, sees it).
DATA_IMPORTERS = ANALYSTS | {"partneranalyst"}
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Expect:
    """Who gets ``ok`` (200 unless said); other roles get ``other``.

    Unless the row says otherwise, an account with no role gets 403 (the
    "no role yet" page) and someone not signed in is sent to log in (302).
    """

    ok: frozenset[str]
    other: int = 403
    ok_status: int = 200
    args: dict[str, str] = field(default_factory=dict)  # URL parameter -> world key
    query: str = ""
    norole: int = 403
    anon: int = 302
    each: dict[str, int] = field(default_factory=dict)  # persona -> status, overriding

    def status(self, who: str) -> int:
        if who in self.each:
            return self.each[who]
        if who == ANON:
            return self.anon
        if who == "norole":
            return self.norole
        return self.ok_status if who in self.ok else self.other


def everyone(status: int, **kw) -> Expect:
    """Every role the same answer."""
    return Expect(ok=ROLES, ok_status=status, **kw)


POST_ONLY = everyone(405)


# ------------------------------------------------------------------ the world


def build_world(personas) -> dict[str, object]:
    """One small trust with a record of every kind an address can name."""
    from qls.capability.models import (
        ClinicBooking,
        CompetencyEvidence,
        Course,
        Enrolment,
        MentorPairing,
        TrainingTarget,
    )
    from qls.capability.training import surveys
    from qls.measurement.models import Import, ImportKind, Level, MetricTrajectory
    from qls.measurement.spc_cache import recompute_series
    from qls.measurement.tokens import create_token
    from qls.organisation.models import StaffImport
    from qls.organisation.services import load_reference_data
    from qls.projects.models import PDSACycle, ProjectMember, StageChange
    from qls.wards.models import Action, Audit, Escalation, SurveyImport
    from tests.factories import capability as cap
    from tests.factories import capability_coaching as coaching
    from tests.factories import community_elearning
    from tests.factories import measurement as meas
    from tests.factories import projects as proj
    from tests.factories import wards as wards_f
    from tests.factories.organisation import StaffMemberFactory

    load_reference_data()
    trust, sites, ward_list = meas.trust_structure()
    ward = ward_list[0]
    staff = {
        name: StaffMemberFactory(user=user, ward=ward, site=ward.site, organisation=trust)
        for name, user in personas.items()
    }

    # Projects: led by `lead`, coached by `coach`.
    project = proj.ProjectFactory(created_by=personas["lead"], site=ward.site, ward=ward)
    proj.ProjectMemberFactory(project=project, staff=staff["lead"], role=ProjectMember.Role.LEAD)
    coach_member = proj.ProjectMemberFactory(
        project=project, staff=staff["coach"], role=ProjectMember.Role.COACH
    )
    idea = proj.change_idea(project)
    cycle = PDSACycle.objects.create(
        change_idea=idea, number=1, plan_what="Test", prediction="Fewer falls",
        started_on=dt.date(2025, 2, 3),
    )  # fmt: skip
    measure = proj.MeasureFactory(project=project)
    proj.add_values(measure, dt.date(2025, 1, 6), [5, 6, 5, 7, 6, 5])
    proj.EvaluationFactory(project=project)
    change = StageChange.objects.create(
        project=project, from_stage="scoping", to_stage="testing", by=personas["lead"]
    )

    # Quality data: a metric with a trust series that has results.
    dataset = meas.DatasetFactory(slug="falls-data", name="Falls data")
    metric = meas.MetricFactory(code="falls", dataset=dataset)
    series = meas.SeriesFactory(metric=metric, level=Level.TRUST)
    at_site = meas.SeriesFactory(metric=metric, level=Level.SITE, site=sites[0])
    at_ward = meas.SeriesFactory(metric=metric, level=Level.WARD, site=ward.site, ward=ward)
    for s in (series, at_site, at_ward):
        for week in range(20):
            meas.ObservationFactory(series=s, value=float(week % 5))
    recompute_series([series.pk, at_site.pk, at_ward.pk])
    rebase = meas.RebasePointFactory(metric=metric)
    trajectory = MetricTrajectory.objects.create(
        metric=metric, period=dt.date(2025, 1, 6), target=3
    )
    imp = Import.objects.create(kind=ImportKind.AGGREGATED, file_name="falls.csv")
    token, _raw = create_token(user=personas["staff"], name="Power BI")

    # Training: the `staff` persona completed a Fundamentals course.
    course = cap.CourseFactory(fundamentals=True)
    cohort = cap.CohortFactory(
        course=course, start_date=timezone.localdate() - dt.timedelta(days=1)
    )
    enrolment = cap.EnrolmentFactory(
        cohort=cohort,
        participant=cap.ParticipantFactory(staff=staff["staff"]),
        status=Enrolment.Status.COMPLETED,
        completed_at=timezone.now(),
        certificate_number="QLS-2026-000001",
    )
    survey = surveys.send_survey(enrolment, phase="post")
    target = TrainingTarget.objects.create(
        course_kind=Course.Kind.FUNDAMENTALS, per_month=10, starts_on=dt.date(2020, 4, 1)
    )

    # Coaching, clinics, sets, programmes.
    coach = coaching.CoachFactory(staff=staff["coach"])
    clinic = coaching.ClinicFactory(coaches=[coach])
    slot = coaching.ClinicSlotFactory(clinic=clinic, starts_at=coaching.in_days(4))
    booked = coaching.ClinicSlotFactory(clinic=clinic, starts_at=coaching.in_days(3), coach=coach)
    clinic_booking = coaching.ClinicBookingFactory(slot=booked, staff=staff["staff"])
    assert isinstance(clinic_booking, ClinicBooking)
    evidence = CompetencyEvidence.objects.create(
        staff=staff["staff"], competency=coaching.CompetencyFactory(), note="Ran a PDSA cycle."
    )
    evidence.file.save("cycle.txt", ContentFile(b"PDSA notes"))
    learning_set = coaching.ActionLearningSetFactory(
        facilitator=staff["lead"], members=[staff["staff"], staff["analyst"]]
    )
    meeting = coaching.SetMeetingFactory(set=learning_set)
    programme = coaching.ImprovementProgrammeFactory()
    team = coaching.ProgrammeTeamFactory(programme=programme)
    pairing = MentorPairing.objects.create(mentor=staff["coach"], mentee=staff["lead"])

    # Ward programme.
    event = wards_f.EngagementEventFactory()
    journey = event.journey
    journey.programme.sites.add(journey.ward.site)
    issue = wards_f.IssueFactory(event=event)
    action = Action.objects.create(
        issue=issue, description="Move the hoist", owner=staff["staff"], due=dt.date.today()
    )
    escalation = Escalation.objects.create(
        issue=wards_f.IssueFactory(event=event), level="trust", owner=staff["staff"]
    )
    question = wards_f.AuditQuestionFactory()
    audit = Audit.objects.create(
        template=question.section.template, ward=journey.ward, date=dt.date.today(),
        created_by=personas["coach"],
    )  # fmt: skip
    # A template version no audit has used yet: its pages open for editing.
    spare_question = wards_f.AuditQuestionFactory()

    # Board reports: a draft edition led by the executive, its metric owned by the lead.
    report_world = _report_world(staff, metric, personas)
    celebration_world = _celebration_world(staff)

    # A submitted audit by the coach that failed its standard, to follow up.
    failed_audit = Audit.objects.create(
        template=question.section.template, ward=journey.ward, date=dt.date.today(),
        created_by=personas["coach"], status="submitted", score=0, submitted_at=timezone.now(),
    )  # fmt: skip
    failed_audit.answers.create(question=question, value=0)

    return {
        **report_world,
        **celebration_world,
        **_community_library_world(personas),
        **_forum_world(personas),
        **_system_world(staff, personas),
        "failed_audit": failed_audit.pk,
        "failed_standard": question.pk,
        "site": sites[0].code,
        "ward": ward.code,
        "organisation": trust.code,
        "aim": 1,
        "user": personas["staff"].pk,
        "project": project.pk,
        "member": coach_member.pk,
        "change": change.pk,
        "idea": idea.pk,
        "cycle": cycle.pk,
        "measure": measure.pk,
        "dataset": dataset.slug,
        "metric": metric.code,
        "series": series.pk,
        "rebase": rebase.pk,
        "trajectory": trajectory.pk,
        "import": imp.pk,
        "token": token.pk,
        "course": course.pk,
        "cohort": cohort.pk,
        "session": cohort.sessions.first().pk,
        "enrolment": enrolment.pk,
        "survey": survey.pk,
        "target": target.pk,
        "staff_number": staff["staff"].staff_number,
        "coach": coach.pk,
        "clinic": clinic.pk,
        "slot": slot.pk,
        "clinic_booking": clinic_booking.pk,
        "evidence": evidence.pk,
        "set": learning_set.pk,
        "meeting": meeting.pk,
        "programme": programme.pk,
        "team": team.pk,
        "pairing": pairing.pk,
        "ward_programme": journey.programme.pk,
        "journey": journey.pk,
        "event": event.pk,
        "event_token": event.token,
        "issue": issue.pk,
        "action": action.pk,
        "escalation": escalation.pk,
        "audit": audit.pk,
        "audit_template": spare_question.section.template.pk,
        "audit_section": spare_question.section.pk,
        "chapter": community_elearning.world_chapter(),
        "staff_import": StaffImport.objects.create(filename="staff.csv", status="succeeded").pk,
        "survey_import": SurveyImport.objects.create(filename="survey.csv", status="failed").pk,
        # Fixed values for parameters that name a kind of thing, not a record.
        "csv": "csv",
        "gap": "gap",
        "report": "trained",
        "report_format": "xlsx",
        "trust": "trust",
        "app_label": "accounts",
        "model": "user",
        "chapter_media": "image",
    }


def _forum_world(personas) -> dict[str, object]:
    from tests.factories.community_forum import CategoryFactory, thread

    category = CategoryFactory(slug="qi-tools", name="QI tools")
    # Asked by the staff persona: its opening post is theirs to edit.
    asked = thread(personas["staff"], category=category)
    return {"forum_category": category.slug, "forum_thread": asked.pk,
            "forum_post": asked.posts.get().pk}  # fmt: skip


def _system_world(staff, personas) -> dict[str, object]:
    # A risk of another partner: only the system quality lead, who sees every
    # organisation's, finds it; the partner personas work at the host trust.
    from tests.factories.organisation import OrganisationFactory
    from tests.factories.system import QualityRiskFactory, RiskActionFactory
    from tests.factories.system_warnings import SoftIntelligenceFactory

    other = OrganisationFactory(code="EEMHC", name="Mental health trust")
    risk = QualityRiskFactory(organisation=other, raised_by=personas["system"])
    return {
        "risk": risk.pk,
        "risk_action": RiskActionFactory(risk=risk).pk,
        **_meetings_world(risk, personas),
        **_learning_world(other, personas),
        **_sharing_world(other, personas),
        # Another partner's soft intelligence: not found for the partners' people.
        "intelligence": SoftIntelligenceFactory(organisation=other).pk,
    }


def _sharing_world(other, personas) -> dict[str, object]:
    # Another partner's share under an agreement it signed: the partner quality
    # lead (at the host) may not withdraw it, so it is not found for them.
    from django.core.files.base import ContentFile

    from qls.measurement.sharing import share_metric
    from qls.system.sharing.actions import upload_agreement
    from tests.factories.measurement import MetricFactory

    agreement = upload_agreement(
        name="ICS data-sharing agreement", signed_on=dt.date(2026, 1, 5),
        document=ContentFile(b"%PDF-1.4\n%%EOF\n", name="dsa.pdf"), organisations=[other],
        by=personas["system"],
    )  # fmt: skip
    made = share_metric(
        metric=MetricFactory(code="shared-metric"), organisation=other, agreement=agreement,
        approved_by=personas["system"],
    )  # fmt: skip
    return {"metric_share": made.pk, "sharing_agreement": agreement.pk}


def _meetings_world(risk, personas) -> dict[str, object]:
    # A meeting of the other partner's people about its risk: the partner
    # personas are not members and their organisation is not on the agenda.
    from tests.factories.system import AgendaItemFactory, MeetingActionFactory, MeetingFactory

    meeting = MeetingFactory(chair=risk.owner, created_by=personas["system"])
    item = AgendaItemFactory(meeting=meeting, risk=risk, title=f"Review: {risk.title}")
    action = MeetingActionFactory(item=item, owner=risk.owner)
    return {"system_meeting": meeting.pk, "agenda_item": item.pk, "meeting_action": action.pk}


def _learning_world(other, personas) -> dict[str, object]:
    # Another partner's draft entry and learning sent only to that partner:
    # not found for the partners' people; the priorities are the system's.
    from tests.factories.system_learning import (
        EntryFactory,
        SharedLearningFactory,
        SystemPriorityFactory,
    )

    entry = EntryFactory(organisation=other, recorded_by=personas["system"])
    item = SharedLearningFactory(recipients=[other], shared_by=personas["system"])
    return {"wesaid_entry": entry.pk, "learning_item": item.pk,
            "priority": SystemPriorityFactory(lead_organisation=other).pk}  # fmt: skip


def _report_world(staff, metric, personas) -> dict[str, object]:
    from qls.reports import actions, workflow
    from qls.reports.models import ItemKind, Report

    report = Report.objects.create(
        name="Quality committee report", slug="qsc", audience="committee",
        executive_lead=staff["executive"],
    )  # fmt: skip
    section = actions.add_section(
        report=report, kind="cqc", cqc_question="safe", metrics=[metric], owner=staff["lead"]
    )
    edition = workflow.open_edition(
        report=report, period=dt.date(2024, 4, 1), by=personas["improvement"]
    )
    item = edition.items.get()
    item.kind = ItemKind.EXCEPTION  # whatever the data say, an exception needing a narrative
    item.save(update_fields=["kind"])
    return {
        "report_slug": report.slug,
        "report_section": section.pk,
        "edition": edition.pk,
        "edition_item": item.pk,
    }


def _celebration_world(staff) -> dict[str, object]:
    # An open event judged by the coach, with a submission of a project the coach is not on.
    from tests.factories import celebrations as cel

    event = cel.EventFactory()
    cel.JudgeFactory(event=event, staff=staff["coach"])
    submission = cel.SubmissionFactory(event=event, presenter=staff["staff"])
    return {"celebration_event": event.pk, "celebration_submission": submission.pk}


def _community_library_world(personas) -> dict[str, object]:
    from qls.community.glossary.actions import save_term
    from qls.community.resources import actions as resources
    from qls.community.resources import samples

    by = personas["improvement"]
    resource = resources.publish_resource(
        title="PDSA form", description="Plan a test.", tags="PDSA", module="testing-changes",
        upload=ContentFile(samples.pdf("PDSA form"), name="pdsa.pdf"), by=by,
    )  # fmt: skip
    term = save_term(name="Run chart", definition="Data in time order.", by=by)
    return {"resource_slug": resource.slug, "resource_version": 1, "term_slug": term.slug}


# ------------------------------------------------------------------ the table

ALL = everyone(200)
OWNER = frozenset({"staff"})  # the world's own booking, survey, evidence and clinic booking
REPORTS = BOARD  # training reports, the coach pipeline, the ward dashboard
EVALUATORS = MANAGERS
FACILITATOR = frozenset({"lead", "improvement", "admin"})  # the world's set: lead facilitates
REPORT_AUTHORS = frozenset({"improvement", "analyst", "admin"})
DRAFT_READERS = REPORT_AUTHORS | {"executive", "lead"}
SLOT_COACHES = COACHES  # the world's clinic booking is with the coach persona

SYSTEM_PEOPLE = frozenset({"system", "partner", "partneranalyst"})
# Another partner's risk: not found for the partners' people (docs/system-oversight.md).
OTHER_PARTNERS_RISK = Expect(frozenset({"system"}), each={"partner": 404, "partneranalyst": 404})
# Another partner's meeting, none of the personas a member: not found to all but the lead.
OTHER_PARTNERS_MEETING = Expect(frozenset({"system"}), other=404)
SYSTEM_LEAD = frozenset({"system"})
ENTRY_KEEPERS = frozenset({"system", "partner"})
# Another partner's draft entry: the partner quality lead may keep entries, not that one.
OTHER_PARTNERS_ENTRY = Expect(SYSTEM_LEAD, each={"partner": 404})

TABLE: dict[str, Expect] = {
    # Accounts (docs/authentication.md): open to every signed-in account.
    "accounts:login": Expect(ok=NOBODY, other=302, norole=302, anon=200),
    "accounts:logout": everyone(405, norole=405),  # sign-out is a POST
    "accounts:profile": everyone(200, norole=200),
    "accounts:password_change": everyone(200, norole=200),
    "accounts:no_role": everyone(302, norole=200),
    # Home and the statements every page links to.
    "core:home": everyone(200, norole=302),
    "organisation:overview": ALL,
    "core:health": everyone(200, norole=200, anon=200),
    "core:accessibility": everyone(200, norole=200),
    "core:privacy": everyone(200, norole=200),
    "community:index": ALL,
    # Celebrations (docs/community.md): the panel (here the coach) scores.
    "community:celebrations_index": ALL,
    "community:celebrations_event_new": Expect(MANAGERS),
    "community:celebrations_gallery": ALL,
    "community:celebrations_event": ALL,
    "community:celebrations_register": POST_ONLY,
    "community:celebrations_cancel": POST_ONLY,
    "community:celebrations_submit": ALL,
    "community:celebrations_judges": Expect(MANAGERS),
    "community:celebrations_programme": Expect(MANAGERS),
    "community:celebrations_submission": ALL,
    "community:celebrations_score": Expect(frozenset({"coach"})),
    "community:celebrations_shortlist": POST_ONLY,
    "community:celebrations_award": POST_ONLY,
    # Resources and glossary (docs/community.md): everyone reads; the improvement team keeps them.
    "community:resources_index": ALL,
    "community:resource_new": Expect(MANAGERS),
    "community:resource": ALL,
    "community:resource_edit": Expect(MANAGERS),
    "community:resource_version_new": Expect(MANAGERS),
    "community:resource_download": ALL,
    "community:resource_version_download": ALL,
    "community:glossary_index": ALL,
    "community:glossary_new": Expect(MANAGERS),
    "community:glossary_edit": Expect(MANAGERS),
    "community:glossary_remove": POST_ONLY,
    # The forum (docs/community.md): open to every role; coaches see the waiting
    # list; the improvement team moderates. The world's thread was asked by `staff`.
    "community:forum_index": ALL,
    "community:forum_new": ALL,
    "community:forum_search": ALL,
    "community:forum_waiting": Expect(COACHES),
    "community:forum_reports": Expect(MANAGERS),
    "community:forum_notifications": ALL,
    "community:forum_settings": ALL,
    "community:forum_category_new": Expect(MANAGERS),
    "community:forum_category": everyone(200, args={"slug": "forum_category"}),
    "community:forum_category_edit": Expect(MANAGERS, args={"slug": "forum_category"}),
    "community:forum_category_remove": everyone(405, args={"slug": "forum_category"}),
    "community:forum_follow_category": everyone(405, args={"slug": "forum_category"}),
    "community:forum_thread": everyone(200, args={"pk": "forum_thread"}),
    "community:forum_follow": everyone(405, args={"pk": "forum_thread"}),
    "community:forum_lock": everyone(405, args={"pk": "forum_thread"}),
    "community:forum_edit": Expect(MANAGERS | OWNER, args={"pk": "forum_post"}),
    "community:forum_history": everyone(200, args={"pk": "forum_post"}),
    "community:forum_hide": Expect(MANAGERS, args={"pk": "forum_post"}),
    "community:forum_show": everyone(405, args={"pk": "forum_post"}),
    "community:forum_report": everyone(200, args={"pk": "forum_post"}),
    "community:forum_answer": everyone(405, args={"pk": "forum_post"}),
    # The introductory e-learning (docs/community.md): every role takes it; the
    # improvement team and admins write it.
    "community:elearning_index": ALL,
    "community:elearning_chapter": everyone(200, args={"pk": "chapter"}),
    "community:elearning_media": everyone(200, args={"pk": "chapter", "kind": "chapter_media"}),
    "community:elearning_chapter_new": Expect(MANAGERS),
    "community:elearning_chapter_edit": Expect(MANAGERS, args={"pk": "chapter"}),
    "administration:index": Expect(ADMINS),
    "administration:users": Expect(ADMINS),
    "administration:user_roles": Expect(ADMINS),
    "administration:audit": Expect(ADMINS),
    "administration:audit_record": Expect(ADMINS),
    "core:redact": Expect(MANAGERS),  # core.redact_text
    # Organisation (docs/authentication.md, role table).
    "organisation:index": ALL,
    "organisation:site": ALL,
    "organisation:ward": ALL,
    "organisation:ward_manager": Expect(MANAGERS),
    "organisation:organisation": ALL,
    "organisation:staff": ALL,
    "organisation:staff_suggestions": ALL,
    "organisation:staff_import": Expect(ANALYSTS),
    "organisation:staff_import_run": Expect(ANALYSTS, args={"pk": "staff_import"}),
    "organisation:aims": ALL,
    "organisation:aim_edit": Expect(MANAGERS),
    "organisation:domains": ALL,
    # Quality data (docs/quality-data.md).
    "measurement:index": ALL,
    "measurement:site_dashboard": ALL,
    "measurement:ward_dashboard": ALL,
    "measurement:early_warnings": ALL,
    "measurement:series_list": ALL,
    "measurement:series_trust": ALL,
    "measurement:series_site": ALL,
    "measurement:series_ward": ALL,
    "measurement:compare_wards": ALL,
    "measurement:inequalities": ALL,
    "measurement:inequality_index": ALL,
    # The world's metric is not split by any inequality: its gap chart is not found.
    "measurement:inequality_download": everyone(404),
    "measurement:series_download": ALL,
    "measurement:series_chart": ALL,
    "measurement:series_table": ALL,
    "measurement:datasets": ALL,
    "measurement:dataset_create": Expect(ANALYSTS),
    "measurement:dataset": ALL,
    "measurement:dataset_edit": Expect(ANALYSTS),
    "measurement:metrics": ALL,
    "measurement:metric_create": Expect(ANALYSTS),
    "measurement:metric": ALL,
    "measurement:metric_edit": Expect(ANALYSTS),
    "measurement:rebase_add": POST_ONLY,
    "measurement:trajectory_add": POST_ONLY,
    "measurement:trajectory_delete": POST_ONLY,
    # Removing (or withdrawing) a rebase asks for a reason: analysts, or the metric's owner.
    "measurement:rebase_delete": Expect(ANALYSTS),
    # The world's rebase is a proposal on a metric with no owner: analysts decide.
    "measurement:rebase_decide": Expect(ANALYSTS),
    "measurement:imports": Expect(DATA_IMPORTERS),
    "measurement:import_new": Expect(DATA_IMPORTERS),
    "measurement:import": Expect(DATA_IMPORTERS),
    "measurement:api_tokens": ALL,
    "measurement:api_token_revoke": POST_ONLY,
    # The API (docs/api.md): a token or a session; 401 without either. The
    # schema and its docs describe QLS, not the trust's data.
    "api:openapi-json": everyone(200, norole=200, anon=401),
    "api:openapi-view": everyone(200, norole=200),
    "api:list_metrics": everyone(200, anon=401),
    "api:get_metric": everyone(200, anon=401),
    "api:list_series": everyone(200, anon=401),
    "api:get_series": everyone(200, anon=401),
    "api:get_spc": everyone(200, anon=401),
    "api:series_observations": everyone(200, anon=401),
    "api:list_observations": everyone(200, anon=401),
    "api:push_observations": everyone(200, anon=401),  # GET on its address lists
    "api:api-root": everyone(404, norole=404, anon=404),
    # Projects (docs/projects.md): any role reads; the team edits.
    "projects:index": ALL,
    "projects:what_worked": ALL,
    "projects:dashboard": ALL,
    "projects:poster": ALL,
    "projects:new": ALL,  # projects.add_project: every role
    "projects:mine": ALL,
    "projects:approvals": ALL,
    "projects:evaluations": Expect(EVALUATORS),
    "projects:project": ALL,
    "projects:edit": Expect(EDITORS),
    "projects:team": Expect(EDITORS),
    "projects:remove_member": POST_ONLY,
    "projects:stage": Expect(EDITORS),
    "projects:decide": POST_ONLY,
    "projects:withdraw": POST_ONLY,
    # The world's project is open: there is nothing to reopen, so back to it.
    "projects:reopen": everyone(302),
    "projects:close": Expect(EDITORS),
    "projects:evaluation": Expect(EDITORS),
    "projects:score": Expect(COACHES),  # the coach or the improvement team; never the lead
    "projects:driver": everyone(302),  # the diagram is shown on the project page
    "projects:node_add": Expect(EDITORS, ok_status=302),  # a form post; GET goes back
    "projects:node_rename": Expect(EDITORS),
    "projects:node_delete": Expect(EDITORS),
    "projects:change_idea": ALL,
    "projects:cycle_new": Expect(EDITORS),
    "projects:cycle": ALL,
    "projects:cycle_edit": Expect(EDITORS),
    "projects:cycle_delete": Expect(EDITORS),
    "projects:measure_new": Expect(EDITORS),
    "projects:measure": ALL,
    "projects:measure_edit": Expect(EDITORS),
    "projects:measure_delete": Expect(EDITORS),
    "projects:measure_data": Expect(EDITORS),
    "projects:measure_paste": Expect(EDITORS),
    "projects:measure_download": ALL,
    # Only the coach decides; QLS proposes nothing for the world's measure.
    "projects:recalculation_decide": Expect(NOBODY, each={"coach": 404}),
    # Learning (docs/learning.md): someone else's enrolment or survey is "not found".
    "capability:index": ALL,
    "capability:courses": ALL,
    "capability:course_new": Expect(MANAGERS),
    "capability:course": ALL,
    "capability:course_edit": Expect(MANAGERS),
    "capability:cohorts": ALL,
    "capability:cohort_new": Expect(MANAGERS),
    "capability:planner": Expect(MANAGERS),
    "capability:cohort": ALL,
    "capability:cohort_edit": Expect(MANAGERS),
    "capability:cohort_open": POST_ONLY,
    "capability:cohort_completions": POST_ONLY,
    "capability:apply": POST_ONLY,
    "capability:nominate": Expect(NOMINATORS),
    "capability:add_partner": Expect(MANAGERS),
    "capability:register": Expect(MANAGERS),
    "capability:cancel": Expect(OWNER | MANAGERS, other=404),
    "capability:offer": Expect(OWNER, other=404),  # the person offered, only
    "capability:complete": POST_ONLY,
    "capability:certificate": Expect(OWNER | MANAGERS, other=404),
    "capability:my_training": ALL,
    "capability:survey": Expect(OWNER, other=404),
    "capability:staff_training": Expect(MANAGERS),
    "capability:reports": Expect(REPORTS),
    "capability:report_targets": Expect(MANAGERS),
    "capability:report_target_delete": POST_ONLY,
    "capability:report_download": Expect(REPORTS),
    "capability:coaches": ALL,
    "capability:coach_new": Expect(MANAGERS),
    "capability:pipeline": Expect(REPORTS),
    "capability:pipeline_download": Expect(REPORTS),
    "capability:coach": ALL,
    "capability:coach_edit": Expect(MANAGERS),
    "capability:coach_assign": Expect(MANAGERS),
    "capability:framework": ALL,
    "capability:my_record": everyone(302),  # to the person's own record
    "capability:record": Expect(OWNER | MANAGERS),
    "capability:evidence_new": ALL,
    "capability:evidence": Expect(OWNER | MANAGERS),
    "capability:evidence_file": Expect(OWNER | MANAGERS),
    "capability:sign_off": Expect(frozenset({"improvement"})),  # never the admin
    "capability:pairings": Expect(MANAGERS),
    "capability:pairing_end": POST_ONLY,
    "capability:clinics": ALL,
    "capability:clinic_new": Expect(MANAGERS),
    "capability:my_bookings": ALL,
    "capability:coach_slots": Expect(COACHES),
    "capability:clinic": ALL,
    "capability:clinic_edit": Expect(MANAGERS),
    "capability:clinic_generate": POST_ONLY,
    "capability:slot_book": ALL,
    "capability:slot_coach": Expect(MANAGERS),
    "capability:booking_cancel": Expect(OWNER | MANAGERS),
    "capability:booking_outcome": Expect(SLOT_COACHES),
    "capability:sets": ALL,
    "capability:set_new": Expect(MANAGERS),
    "capability:set": ALL,
    "capability:set_edit": Expect(MANAGERS),
    "capability:set_meetings": Expect(FACILITATOR),
    "capability:meeting": Expect(FACILITATOR),
    "capability:programmes": ALL,
    "capability:programme_new": Expect(MANAGERS),
    "capability:programme": ALL,
    "capability:programme_split": Expect(MANAGERS),
    "capability:team_edit": Expect(MANAGERS),
    "capability:team_project": Expect(MANAGERS),
    # Ward programme (docs/ward-programme.md).
    # Board reports (docs/reports.md): the world's edition is a draft, read only by those
    # working on it (authors, its executive lead, its metric's owner) and hidden from others.
    "reports:index": ALL,
    "reports:report_new": Expect(REPORT_AUTHORS),
    "reports:report": ALL,
    "reports:section_new": Expect(REPORT_AUTHORS),
    "reports:report_edit": Expect(REPORT_AUTHORS),
    "reports:section_edit": Expect(REPORT_AUTHORS),
    "reports:section_move": POST_ONLY,
    "reports:section_delete": POST_ONLY,
    "reports:edition_new": Expect(REPORT_AUTHORS),
    "reports:edition": Expect(DRAFT_READERS, other=404),
    "reports:refresh": POST_ONLY,
    "reports:complete": POST_ONLY,
    "reports:approve": POST_ONLY,
    "reports:publish": POST_ONLY,
    "reports:correct": Expect(REPORT_AUTHORS),
    "reports:narrative": Expect(REPORT_AUTHORS | {"lead"}, other=404, each={"executive": 403}),
    # The draft's files, like the draft; none is built yet, so a download goes to its page.
    "reports:file": Expect(DRAFT_READERS, other=404),
    "reports:file_build": POST_ONLY,
    "reports:file_download": Expect(DRAFT_READERS, ok_status=302, other=404),
    # System oversight (docs/system-oversight.md): the partners' people; the
    # world's risk is another partner's, so only the system quality lead finds it.
    "system:index": Expect(SYSTEM_PEOPLE),
    "system:risks": Expect(SYSTEM_PEOPLE),
    "system:risk_new": Expect(frozenset({"system", "partner"})),
    "system:risk": OTHER_PARTNERS_RISK,
    "system:risk_edit": OTHER_PARTNERS_RISK,
    "system:risk_level": OTHER_PARTNERS_RISK,
    "system:action_add": POST_ONLY,
    "system:action_done": POST_ONLY,
    # System Quality Group meetings: the lead runs them; a partner's quality lead
    # finds only those they sit on or that concern their organisation.
    "system:meetings": Expect(frozenset({"system", "partner"})),
    "system:meeting_new": Expect(frozenset({"system"})),
    "system:meeting": OTHER_PARTNERS_MEETING,
    "system:meeting_edit": OTHER_PARTNERS_MEETING,
    "system:meeting_agenda": OTHER_PARTNERS_MEETING,
    "system:meeting_item": OTHER_PARTNERS_MEETING,
    "system:meeting_pdf": OTHER_PARTNERS_MEETING,
    "system:meeting_action_done": POST_ONLY,
    # Learning and co-production (docs/system-oversight.md): the published log
    # is every role's; the world's entry and learning item are another partner's.
    "system:wesaid_published": everyone(200),
    "system:wesaid_entries": Expect(ENTRY_KEEPERS),
    "system:wesaid_new": Expect(ENTRY_KEEPERS),
    "system:wesaid": OTHER_PARTNERS_ENTRY,
    "system:wesaid_edit": OTHER_PARTNERS_ENTRY,
    "system:wesaid_publish": POST_ONLY,
    "system:learning_list": Expect(SYSTEM_PEOPLE),
    "system:learning_new": Expect(SYSTEM_LEAD),
    "system:learning": OTHER_PARTNERS_RISK,
    "system:priorities": Expect(SYSTEM_PEOPLE),
    "system:priority_new": Expect(SYSTEM_LEAD),
    "system:priority": Expect(SYSTEM_PEOPLE),
    "system:priority_edit": Expect(SYSTEM_LEAD),
    "system:priority_progress": POST_ONLY,
    # Sharing and the system dashboard (docs/system-oversight.md): the world's share is
    # another partner's, so the partner quality lead (at the host) may not withdraw it.
    "system:sharing": Expect(SYSTEM_PEOPLE),
    "system:share_new": Expect(ENTRY_KEEPERS),
    "system:share_withdraw": Expect(SYSTEM_LEAD, each={"partner": 404}),
    "system:agreement_new": Expect(ENTRY_KEEPERS),
    "system:agreement_document": Expect(SYSTEM_PEOPLE),
    "system:metric": Expect(SYSTEM_PEOPLE),
    "system:places": Expect(SYSTEM_PEOPLE),
    # Soft intelligence and the early-warning list (docs/system-oversight.md): the
    # world's entry is another partner's, so only the system quality lead finds it.
    "system:intelligence_list": Expect(SYSTEM_PEOPLE),
    "system:intelligence_new": Expect(ENTRY_KEEPERS),
    "system:intelligence": OTHER_PARTNERS_RISK,
    "system:early_warnings": Expect(SYSTEM_PEOPLE),
    "wards:index": ALL,
    "wards:dashboard_export": Expect(BOARD),
    "wards:programme_new": Expect(MANAGERS),
    "wards:programme_edit": Expect(MANAGERS),
    "wards:plan": Expect(MANAGERS),
    "wards:board": ALL,
    "wards:journey": ALL,
    "wards:advance": POST_ONLY,
    "wards:diagnostic": ALL,
    "wards:diagnostic_pdf": ALL,
    "wards:survey_import": Expect(IMPORTERS),
    "wards:survey_import_run": Expect(IMPORTERS, args={"pk": "survey_import"}),
    "wards:event_new": Expect(MANAGERS),
    "wards:event": ALL,
    "wards:event_qr": ALL,
    "wards:nominate": POST_ONLY,
    "wards:submit": everyone(200, norole=200, anon=200),  # the public issue form
    # The world's action is owned by the staff persona, who follows its issue up.
    "wards:issue": Expect(MANAGERS, each={"staff": 200}),
    "wards:issue_action": POST_ONLY,
    "wards:issue_project": POST_ONLY,
    "wards:issue_escalate": POST_ONLY,
    "wards:issue_not_taken_forward": POST_ONLY,
    "wards:categorise": POST_ONLY,
    "wards:duplicate": POST_ONLY,
    "wards:actions": ALL,
    "wards:action_update": POST_ONLY,
    "wards:we_said_we_did": ALL,
    "wards:respond": Expect(MANAGERS),
    "wards:accreditation": ALL,
    "wards:accreditation_manage": Expect(MANAGERS),
    "wards:accreditation_board": ALL,
    "wards:accreditation_ward": ALL,
    "wards:audit_new": Expect(COACHES),
    # The world's draft audit was started by the coach: only they may open it.
    "wards:audit": Expect(frozenset({"coach"}), other=404),
    "wards:audit_review": Expect(frozenset({"coach"}), each={"improvement": 404, "admin": 404}),
    "wards:audit_submit": POST_ONLY,
    "wards:audit_template_new": Expect(MANAGERS),
    "wards:audit_template": Expect(MANAGERS),
    "wards:audit_section_new": Expect(MANAGERS),
    "wards:audit_template_preview": Expect(MANAGERS),
    "wards:audit_template_version": Expect(MANAGERS),
    "wards:audit_template_use": POST_ONLY,
    "wards:audit_section": Expect(MANAGERS),
    # The auditor (here the coach) or the ward's manager follows a failed standard up.
    "wards:standard_action": Expect(
        frozenset({"coach"}), args={"pk": "failed_audit", "question": "failed_standard"}
    ),
    "wards:standard_project": Expect(
        frozenset({"coach"}),
        ok_status=302,
        args={"pk": "failed_audit", "question": "failed_standard"},
    ),
    # The Django admin's own log-in page is open to all; every other admin page
    # is the ADMIN_SITE rule below.
    "admin:login": everyone(200, norole=200, anon=200),
    "core:favicon": everyone(301, norole=301, anon=301),
}

ADMIN_SITE = everyone(302)  # no persona has staff status: the admin's own log-in


def expectation(page: Page) -> Expect | None:
    if page.name in TABLE:
        return TABLE[page.name]
    if page.name.startswith("admin:") or page.route.startswith("django-admin/"):
        return ADMIN_SITE
    return None


# ------------------------------------------------------------------ filling addresses

# An id parameter names the record of the path segment before it
# ("learning/cohorts/<id:pk>/" -> the cohort); other parameters by their name.
BY_SEGMENT = {
    "projects": "project", "courses": "course", "cohorts": "cohort", "sessions": "session",
    "enrolments": "enrolment", "surveys": "survey", "targets": "target", "coaches": "coach",
    "evidence": "evidence", "mentoring": "pairing", "clinics": "clinic", "slots": "slot",
    "sets": "set", "meetings": "meeting", "programmes": "programme", "teams": "team",
    "journeys": "journey", "events": "event", "issues": "issue", "actions": "action",
    "escalations": "escalation", "audits": "audit", "series": "series", "imports": "import",
    "api-tokens": "token", "trajectory": "trajectory", "rebase": "rebase", "users": "user",
    "aims": "aim", "sites": "site", "wards": "ward", "organisations": "organisation",
    "metrics": "metric", "site": "site", "ward": "ward", "datasets": "dataset",
    "record": "staff_number", "staff": "staff_number", "plan": "site", "board": "site",
    "e": "event_token", "inequalities": "gap", "download": "csv", "audit": "app_label",
    "redact": "app_label", "reports": "report_slug", "editions": "edition",
    "narratives": "edition_item", "templates": "audit_template", "sections": "audit_section",
    "celebrations": "celebration_event", "submissions": "celebration_submission",
}  # fmt: skip
BY_NAME = {
    "member_pk": "member", "change_pk": "change", "node_pk": "idea", "cycle_pk": "cycle",
    "measure_pk": "measure", "fmt": "csv", "name": "report",
    "series_id": "series", "model": "model", "app_label": "app_label",
    "format_code": "report_format",
}  # fmt: skip
# Where the segment rule would name the wrong record.
BY_ROUTE = {
    ("wards/programmes/<id:pk>/", "pk"): "ward_programme",
    ("learning/clinics/bookings/<id:pk>/", "pk"): "clinic_booking",
    ("administration/audit/<slug:app_label>/<slug:model>/<str:pk>/", "pk"): "user",
    ("redact/<slug:app_label>/<slug:model>/<str:pk>/", "pk"): "user",
    ("api/metrics/<code>", "code"): "metric",
    ("reports/<slug:slug>/sections/<id:pk>/", "pk"): "report_section",
    ("community/resources/", "slug"): "resource_slug",
    ("community/resources/", "number"): "resource_version",
    ("community/glossary/", "slug"): "term_slug",
    ("system/risks/", "pk"): "risk",
    ("system/sharing/agreements/", "pk"): "sharing_agreement",
    ("system/sharing/", "pk"): "metric_share",
    ("system/risks/", "action"): "risk_action",
    ("system/meetings/", "pk"): "system_meeting",
    ("system/meetings/", "item"): "agenda_item",
    ("system/meetings/", "action"): "meeting_action",
    ("system/we-said-we-did/", "pk"): "wesaid_entry",
    ("system/shared-learning/", "pk"): "learning_item",
    ("system/priorities/", "pk"): "priority",
    ("system/intelligence/", "pk"): "intelligence",
}


def _key(page: Page, param: str) -> str:
    for (prefix, name), key in BY_ROUTE.items():
        if name == param and page.route.startswith(prefix):
            return key
    if param in BY_NAME:
        return BY_NAME[param]
    segments = page.route.split("/")
    for i, segment in enumerate(segments):
        if segment.endswith(f":{param}>") or segment == f"<{param}>" or f":{param}>." in segment:
            before = segments[i - 1] if i else ""
            if before in BY_SEGMENT:
                return BY_SEGMENT[before]
    raise AssertionError(f"{page.name}: no world record for <{param}>; add it to BY_SEGMENT")


def _path(page: Page, exp: Expect, world: dict) -> str:
    if page.route.startswith("django-admin/"):
        return page.path({"app_label": "accounts"})  # the admin answers before any lookup
    values = {p: world[exp.args.get(p) or _key(page, p)] for p in page.params}
    return page.path(values) + (f"?{exp.query}" if exp.query else "")


# ------------------------------------------------------------------ the tests


def _finish(response) -> None:
    """Read a streamed download to its end, as a server would.

    The test client closes it then (the file is released) without closing
    the database connection; calling ``close()`` directly would, and on
    PostgreSQL that ends the test's transaction.
    """
    if response.streaming:
        for _chunk in response.streaming_content:
            pass


def test_every_address_has_a_row_in_the_table():
    missing = [f"{p.name} ({p.route})" for p in all_pages() if expectation(p) is None]
    assert not missing, "add it to the table in tests/test_authorisation_sweep.py:\n" + "\n".join(
        missing
    )


def test_every_address_answers_each_identity_as_the_role_tables_say(
    client, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    world = build_world(personas)
    pages = [(p, expectation(p)) for p in all_pages()]
    pages = [(p, e, _path(p, e, world)) for p, e in pages if e is not None]
    assert len(pages) > 300
    wrong = []
    for who in IDENTITIES:
        client.logout()
        if who != ANON:
            client.force_login(personas[who])
        for page, exp, path in pages:
            response = client.get(path)
            _finish(response)
            got = response.status_code
            if got != exp.status(who):
                wrong.append(f"{who:11} {page.name} {path}: expected {exp.status(who)}, got {got}")
    assert not wrong, f"{len(wrong)} answers differ from the table:\n" + "\n".join(wrong)


def _row_counts() -> dict[str, int]:
    from django.apps import apps

    # Sign-in attempts (axes) and sessions are the log-in page's own records.
    skip = {"axes", "sessions"}
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in skip and m._meta.managed and not m._meta.proxy
    }


def test_a_stranger_posting_to_any_address_changes_nothing(client, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world(personas)
    # QLS's log-in page, or the Django admin's own for its pages.
    logins = (reverse("accounts:login"), reverse("admin:login"))
    before = _row_counts()
    wrong = []
    for page in all_pages():
        exp = expectation(page)
        if exp is None:
            continue
        path = _path(page, exp, world)
        response = client.post(path, {})
        _finish(response)
        status = response.status_code
        if status == 302 and response["Location"].startswith(logins):
            continue  # sent to log in
        # Open pages (the log-in forms, the public issue form) show an empty
        # form's errors; the API answers 401; nothing else may answer at all.
        if not (page.public and status in (200, 400, 401, 403, 404, 405, 422)):
            wrong.append(f"{page.name} {path}: {status}")
    assert not wrong, "\n".join(wrong)
    assert _row_counts() == before
