"""Coaches: assignment within capacity, competency evidence, faculty sign-off, mentor pairings,
and the coach pipeline."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qls.capability.coaching import mentoring
from qls.capability.coaching.errors import CoachUnavailableError, PairingError, SignOffError
from qls.capability.coaching.pipeline import coach_pipeline
from qls.capability.models import CompetencyEvidence, MentorPairing
from qls.projects.models import ProjectMember
from tests.factories.capability_coaching import (
    CoachFactory,
    CompetencyFactory,
    EvidenceFactory,
)
from tests.factories.organisation import StaffMemberFactory
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


def test_assigning_a_coach_adds_them_to_the_project_team():
    coach = CoachFactory(capacity=2)
    project = ProjectFactory()
    member = mentoring.assign_coach(coach=coach, project=project)
    assert member.role == ProjectMember.Role.COACH
    assert member.staff == coach.staff
    assert coach.capacity_used == 1
    assert coach.capacity_left == 1


def test_a_coach_at_capacity_is_refused_and_closed_projects_do_not_count():
    coach = CoachFactory(capacity=1)
    mentoring.assign_coach(coach=coach, project=ProjectFactory())
    with pytest.raises(CoachUnavailableError, match=r"at capacity \(1 of 1 projects\)"):
        mentoring.assign_coach(coach=coach, project=ProjectFactory())
    coach.coached_projects().update(stage="closed", closure_outcome="sustained")
    mentoring.assign_coach(coach=coach, project=ProjectFactory())


def test_the_same_coach_twice_and_inactive_coaches_are_refused():
    coach = CoachFactory()
    project = ProjectFactory()
    mentoring.assign_coach(coach=coach, project=project)
    with pytest.raises(CoachUnavailableError, match="already coaches"):
        mentoring.assign_coach(coach=coach, project=project)
    with pytest.raises(CoachUnavailableError, match="not an active coach"):
        mentoring.assign_coach(coach=CoachFactory(active=False), project=project)


def test_the_directory_shows_capacity_left(client, personas):
    coach = CoachFactory(capacity=2)
    mentoring.assign_coach(coach=coach, project=ProjectFactory())
    client.force_login(personas["staff"])
    html = client.get(reverse("capability:coaches")).content.decode()
    assert str(coach) in html
    assert "1 of 2" in html
    full = client.get(reverse("capability:coaches"), {"available": "on"}).content.decode()
    assert str(coach) in full
    mentoring.assign_coach(coach=coach, project=ProjectFactory())
    full = client.get(reverse("capability:coaches"), {"available": "on"}).content.decode()
    assert str(coach) not in full


def test_assign_page_shows_the_capacity_refusal(client, personas):
    coach = CoachFactory(capacity=0)
    project = ProjectFactory()
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("capability:coach_assign", args=[coach.pk]), {"project": project.pk}
    )
    assert "is at capacity" in response.content.decode()
    assert not ProjectMember.objects.filter(project=project).exists()


# ------------------------------------------------------------------ evidence and sign-off


def test_faculty_sign_off_records_who_and_when(personas):
    evidence = EvidenceFactory()
    mentoring.decide_evidence(evidence=evidence, sign_off=True, by=personas["improvement"])
    evidence.refresh_from_db()
    assert evidence.status == CompetencyEvidence.Status.SIGNED_OFF
    assert evidence.signed_off_by == personas["improvement"]
    assert evidence.signed_off_at is not None
    with pytest.raises(SignOffError, match="already signed off"):
        mentoring.decide_evidence(evidence=evidence, sign_off=True, by=personas["improvement"])


def test_only_faculty_sign_off_and_never_their_own(personas):
    with pytest.raises(SignOffError, match="Only faculty"):
        mentoring.decide_evidence(evidence=EvidenceFactory(), sign_off=True, by=personas["coach"])
    own = EvidenceFactory(staff=StaffMemberFactory(user=personas["improvement"]))
    with pytest.raises(SignOffError, match="your own evidence"):
        mentoring.decide_evidence(evidence=own, sign_off=True, by=personas["improvement"])


def test_returning_evidence_needs_a_comment(personas):
    evidence = EvidenceFactory()
    with pytest.raises(SignOffError, match="what more evidence is needed"):
        mentoring.decide_evidence(evidence=evidence, sign_off=False, by=personas["improvement"])
    mentoring.decide_evidence(
        evidence=evidence, sign_off=False, comment="Add the run chart.", by=personas["improvement"]
    )
    evidence.refresh_from_db()
    assert evidence.status == CompetencyEvidence.Status.RETURNED


@pytest.fixture
def uploader(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return StaffMemberFactory(user=personas["staff"])


def test_evidence_upload_is_stored_and_only_shown_to_those_allowed(client, personas, uploader):
    competency = CompetencyFactory()
    client.force_login(personas["staff"])
    response = client.post(
        reverse("capability:evidence_new"),
        {
            "competency": competency.pk,
            "note": "Slides from my PDSA session",
            "file": SimpleUploadedFile(
                "pdsa.pdf", b"%PDF-1.4 test", content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 302
    evidence = CompetencyEvidence.objects.get(staff=uploader)
    assert evidence.file.name.startswith(f"competency-evidence/{uploader.staff_number}/")
    download = client.get(reverse("capability:evidence_file", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    client.force_login(personas["lead"])
    assert client.get(reverse("capability:evidence_file", args=[evidence.pk])).status_code == 403


def test_evidence_of_the_wrong_type_or_with_nothing_is_refused(client, personas, uploader):
    competency = CompetencyFactory()
    client.force_login(personas["staff"])
    response = client.post(
        reverse("capability:evidence_new"),
        {"competency": competency.pk, "file": SimpleUploadedFile("run.exe", b"MZ")},
    )
    assert "run.exe is not a file type we accept" in response.content.decode()
    response = client.post(reverse("capability:evidence_new"), {"competency": competency.pk})
    assert "Upload a file or describe the evidence" in response.content.decode()
    assert not CompetencyEvidence.objects.exists()


def test_evidence_over_the_size_limit_is_refused(client, personas, uploader, settings):
    settings.QLS_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(personas["staff"])
    form = client.get(reverse("capability:evidence_new")).content.decode()
    assert "text file up to 1 MB" in form
    big = SimpleUploadedFile("big.pdf", b"x" * (1024 * 1024 + 1))
    response = client.post(
        reverse("capability:evidence_new"), {"competency": CompetencyFactory().pk, "file": big}
    )
    assert "big.pdf is too large (1.0 MB): the limit is 1 MB." in response.content.decode()
    assert not CompetencyEvidence.objects.exists()


# ------------------------------------------------------------------ mentoring


def test_mentor_pairings_refuse_self_and_duplicates_and_let_mentors_see_records(client, personas):
    mentor = StaffMemberFactory(user=personas["coach"])
    mentee = StaffMemberFactory()
    with pytest.raises(PairingError, match="cannot mentor themselves"):
        mentoring.pair_mentor(mentor=mentor, mentee=mentor)
    pairing = mentoring.pair_mentor(mentor=mentor, mentee=mentee)
    with pytest.raises(PairingError, match="already mentoring"):
        mentoring.pair_mentor(mentor=mentor, mentee=mentee)
    client.force_login(personas["coach"])
    url = reverse("capability:record", args=[mentee.staff_number])
    assert client.get(url).status_code == 200
    mentoring.end_pairing(pairing=pairing)
    assert client.get(url).status_code == 403
    with pytest.raises(PairingError, match="already ended"):
        mentoring.end_pairing(pairing=pairing)
    assert MentorPairing.objects.get().ended is not None


def test_pairing_page_names_an_unknown_staff_number(client, personas):
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("capability:pairings"),
        {"mentor": "99999999", "mentee": StaffMemberFactory().staff_number, "started": "1/3/2025"},
    )
    html = response.content.decode()
    assert (
        "No one in the staff directory has the staff number or email &#x27;99999999&#x27;" in html
    )


# ------------------------------------------------------------------ pipeline


def test_pipeline_counts_levels_waiting_evidence_and_capacity():
    coach = CoachFactory(capacity=2)
    CoachFactory(capacity=1, level=coach.level)
    mentoring.assign_coach(coach=coach, project=ProjectFactory())
    competency = CompetencyFactory(level=coach.level)
    EvidenceFactory(competency=competency)
    EvidenceFactory(competency=competency, status=CompetencyEvidence.Status.RETURNED)
    report = coach_pipeline()
    row = next(r for r in report.levels if r.level == coach.level)
    assert (row.coaches, row.active, row.awaiting, row.signed_off) == (2, 2, 1, 0)
    assert (report.coaches, report.capacity, report.used, report.at_capacity) == (2, 3, 1, 0)
    assert report.awaiting == 1
    assert report.rows()[0][0] == coach.level.name


def test_pipeline_downloads_as_csv_and_refuses_other_formats(client, personas):
    CoachFactory()
    client.force_login(personas["executive"])
    response = client.get(reverse("capability:pipeline_download", args=["csv"]))
    lines = response.content.decode("utf-8-sig").splitlines()  # with a BOM, for Excel
    assert lines[0].startswith("Competency level,Coaches,Active coaches")
    assert lines[1].startswith("Coach,1,1")
    assert client.get(reverse("capability:pipeline_download", args=["pdf"])).status_code == 404
