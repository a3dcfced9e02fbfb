"""Who reaches each coaching, clinic, set and programme page: every URL, every persona.

200 shown (302 where the page redirects, e.g. "my record" to the person's own
record), 403 refused. A person with no role reaches none of these pages.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from qls.capability.models import ClinicBooking, CompetencyEvidence, MentorPairing
from tests.factories.accounts import PERSONAS
from tests.factories.capability_coaching import (
    ActionLearningSetFactory,
    ClinicBookingFactory,
    ClinicFactory,
    ClinicSlotFactory,
    CoachFactory,
    CompetencyFactory,
    ImprovementProgrammeFactory,
    ProgrammeTeamFactory,
    SetMeetingFactory,
    in_days,
)
from tests.factories.organisation import StaffMemberFactory

pytestmark = pytest.mark.django_db

ROLES = set(PERSONAS) - {"norole"}
MANAGERS = {"improvement", "admin"}
FACULTY = {"improvement"}
COACHES = {"coach", "improvement", "admin"}
REPORT_READERS = {"improvement", "admin", "executive"}


@pytest.fixture
def world(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = {name: StaffMemberFactory(user=user) for name, user in personas.items()}
    coach = CoachFactory(staff=staff["coach"])
    clinic = ClinicFactory(coaches=[coach])
    future = ClinicSlotFactory(clinic=clinic, starts_at=in_days(3), coach=coach)
    past = ClinicSlotFactory(clinic=clinic, starts_at=in_days(-3), coach=coach)
    own_booking = ClinicBookingFactory(slot=future, staff=staff["staff"])
    past_booking = ClinicBookingFactory(slot=past, staff=staff["lead"])
    open_slot = ClinicSlotFactory(clinic=clinic, starts_at=in_days(4))
    evidence = CompetencyEvidence.objects.create(
        staff=staff["staff"], competency=CompetencyFactory(), note="Ran a PDSA cycle."
    )
    evidence.file.save("cycle.txt", ContentFile(b"PDSA notes"))
    learning_set = ActionLearningSetFactory(
        facilitator=staff["lead"], members=[staff["staff"], staff["analyst"]]
    )
    meeting = SetMeetingFactory(set=learning_set)
    programme = ImprovementProgrammeFactory()
    team = ProgrammeTeamFactory(programme=programme)
    pairing = MentorPairing.objects.create(mentor=staff["coach"], mentee=staff["lead"])
    return {
        "coach": coach,
        "clinic": clinic,
        "slot": open_slot,
        "own_booking": own_booking,
        "past_booking": past_booking,
        "evidence": evidence,
        "set": learning_set,
        "meeting": meeting,
        "programme": programme,
        "team": team,
        "pairing": pairing,
        "staff_number": staff["staff"].staff_number,
    }


def pages(w) -> dict[str, tuple[str, set[str], int]]:
    """name -> (url, personas allowed, status for the allowed)."""
    r = reverse
    return {
        "coaches": (r("capability:coaches"), ROLES, 200),
        "coach_new": (r("capability:coach_new"), MANAGERS, 200),
        "pipeline": (r("capability:pipeline"), REPORT_READERS, 200),
        "pipeline_download": (
            r("capability:pipeline_download", args=["csv"]),
            REPORT_READERS,
            200,
        ),
        "coach": (r("capability:coach", args=[w["coach"].pk]), ROLES, 200),
        "coach_edit": (r("capability:coach_edit", args=[w["coach"].pk]), MANAGERS, 200),
        "coach_assign": (r("capability:coach_assign", args=[w["coach"].pk]), MANAGERS, 200),
        "framework": (r("capability:framework"), ROLES, 200),
        "my_record": (r("capability:my_record"), ROLES, 302),
        "record": (r("capability:record", args=[w["staff_number"]]), {"staff"} | MANAGERS, 200),
        "evidence_new": (r("capability:evidence_new"), ROLES, 200),
        "evidence": (r("capability:evidence", args=[w["evidence"].pk]), {"staff"} | MANAGERS, 200),
        "evidence_file": (
            r("capability:evidence_file", args=[w["evidence"].pk]),
            {"staff"} | MANAGERS,
            200,
        ),
        "sign_off": (r("capability:sign_off"), FACULTY, 200),
        "pairings": (r("capability:pairings"), MANAGERS, 200),
        "clinics": (r("capability:clinics"), ROLES, 200),
        "clinic_new": (r("capability:clinic_new"), MANAGERS, 200),
        "my_bookings": (r("capability:my_bookings"), ROLES, 200),
        "coach_slots": (r("capability:coach_slots"), COACHES, 200),
        "clinic": (r("capability:clinic", args=[w["clinic"].pk]), ROLES, 200),
        "clinic_edit": (r("capability:clinic_edit", args=[w["clinic"].pk]), MANAGERS, 200),
        "slot_book": (r("capability:slot_book", args=[w["slot"].pk]), ROLES, 200),
        "slot_coach": (r("capability:slot_coach", args=[w["slot"].pk]), MANAGERS, 200),
        "booking_cancel": (
            r("capability:booking_cancel", args=[w["own_booking"].pk]),
            {"staff"} | MANAGERS,
            200,
        ),
        "booking_outcome": (
            r("capability:booking_outcome", args=[w["past_booking"].pk]),
            COACHES,
            200,
        ),
        "sets": (r("capability:sets"), ROLES, 200),
        "set_new": (r("capability:set_new"), MANAGERS, 200),
        "set": (r("capability:set", args=[w["set"].pk]), ROLES, 200),
        "set_edit": (r("capability:set_edit", args=[w["set"].pk]), MANAGERS, 200),
        "set_meetings": (
            r("capability:set_meetings", args=[w["set"].pk]),
            {"lead"} | MANAGERS,
            200,
        ),
        "meeting": (r("capability:meeting", args=[w["meeting"].pk]), {"lead"} | MANAGERS, 200),
        "programmes": (r("capability:programmes"), ROLES, 200),
        "programme_new": (r("capability:programme_new"), MANAGERS, 200),
        "programme": (r("capability:programme", args=[w["programme"].pk]), ROLES, 200),
        "programme_split": (
            r("capability:programme_split", args=[w["programme"].pk]),
            MANAGERS,
            200,
        ),
        "team_edit": (r("capability:team_edit", args=[w["team"].pk]), MANAGERS, 200),
        "team_project": (r("capability:team_project", args=[w["team"].pk]), MANAGERS, 200),
    }


def finish(response) -> None:
    """Read a file download to its end, so the test client closes its file.

    Calling response.close() directly would also fire request_finished, which
    closes the PostgreSQL connection in the middle of the test's transaction.
    """
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_each_role_reaches_only_its_coaching_pages(client, personas, world, persona):
    client.force_login(personas[persona])
    wrong = []
    for name, (url, allowed, status) in pages(world).items():
        expected = status if persona in allowed else 403
        response = client.get(url)
        got = response.status_code
        finish(response)
        if got != expected:
            wrong.append(f"{name}: expected {expected}, got {got}")
    assert not wrong, f"{persona}: " + "; ".join(wrong)


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    login = reverse("accounts:login")
    for name, (url, _allowed, _status) in pages(world).items():
        response = client.get(url)
        finish(response)
        assert response.status_code == 302, name
        assert response["Location"].startswith(login), name


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_only_clinic_managers_add_slots(client, personas, world, persona):
    client.force_login(personas[persona])
    before = world["clinic"].slots.count()
    response = client.post(
        reverse("capability:clinic_generate", args=[world["clinic"].pk]), {"weeks": 2}
    )
    if persona in MANAGERS:
        assert response.status_code == 302
        assert world["clinic"].slots.count() > before
    else:
        assert response.status_code == 403
        assert world["clinic"].slots.count() == before


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_only_coach_managers_end_a_mentor_pairing(client, personas, world, persona):
    client.force_login(personas[persona])
    response = client.post(reverse("capability:pairing_end", args=[world["pairing"].pk]))
    world["pairing"].refresh_from_db()
    assert (world["pairing"].ended is not None) == (persona in MANAGERS)
    assert response.status_code == (302 if persona in MANAGERS else 403)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_only_faculty_sign_off_evidence(client, personas, world, persona):
    client.force_login(personas[persona])
    client.post(
        reverse("capability:evidence", args=[world["evidence"].pk]), {"decision": "sign_off"}
    )
    world["evidence"].refresh_from_db()
    signed = world["evidence"].status == CompetencyEvidence.Status.SIGNED_OFF
    assert signed == (persona in FACULTY)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_outcomes_only_by_the_slot_coach_or_clinic_managers(client, personas, world, persona):
    client.force_login(personas[persona])
    booking = world["past_booking"]
    client.post(
        reverse("capability:booking_outcome", args=[booking.pk]),
        {"status": "attended", "outcome_notes": "Agreed an aim."},
    )
    booking.refresh_from_db()
    assert (booking.status == ClinicBooking.Status.ATTENDED) == (persona in COACHES)
