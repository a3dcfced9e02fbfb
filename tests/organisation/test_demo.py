from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qls.accounts.models import User
from qls.accounts.roles import Role
from qls.demo import steps as demo_steps
from qls.demo.build import build_demo, demo_logins
from qls.demo.context import DemoStep
from qls.demo.organisation.logins import DEMO_PASSWORD, DEMO_USERS, NO_ROLE_DEMO_USER
from qls.organisation.models import Organisation, Site, StaffGroup, StaffMember, Ward
from tests.factories.organisation import OrganisationFactory


def staff_fingerprint() -> list[tuple]:
    return list(
        StaffMember.objects.order_by("staff_number").values_list(
            "staff_number", "first_name", "last_name", "email", "staff_group", "job_role",
            "band", "site__code", "ward__code",
        )
    )  # fmt: skip


def test_demo_builds_the_trust_structure(db, capsys):
    call_command("demo", "--staff", "300")
    out = capsys.readouterr().out

    host = Organisation.objects.get(is_host=True)
    assert "(demo)" in host.name
    assert sorted(Site.objects.values_list("town", flat=True)) == [
        "Basildon", "Chelmsford", "Southend-on-Sea"
    ]  # fmt: skip
    for site in Site.objects.all():
        assert site.wards.filter(in_programme=True).count() == 20
        assert site.wards.filter(in_programme=False).count() >= 10
    assert Ward.objects.filter(in_programme=True, specialty__isnull=True).count() == 0
    kinds = set(Organisation.objects.filter(is_host=False).values_list("kind", flat=True))
    assert {"icb", "council", "voluntary", "primary_care"} <= kinds
    assert StaffMember.objects.count() == 300
    assert "demo-password-2024" in out
    for username in ("staff", "lead", "coach", "improvement", "analyst", "executive", "admin"):
        assert username in out


def test_demo_staff_group_mix_matches_the_target(db):
    build_demo(staff_count=2000, log=lambda _: None)
    total = StaffMember.objects.count()
    nurses = StaffMember.objects.filter(staff_group=StaffGroup.NURSING_MIDWIFERY).count()
    doctors = StaffMember.objects.filter(staff_group=StaffGroup.MEDICAL_DENTAL).count()
    assert abs(nurses / total - 0.27) < 0.01
    assert abs(doctors / total - 0.14) < 0.01
    assert not StaffMember.objects.exclude(email__endswith="@example.nhs.uk").exists()
    assert StaffMember.objects.values("email").distinct().count() == total
    # Midwives work on maternity units, not on a surgical ward.
    midwives = StaffMember.objects.filter(job_role="Midwife")
    assert midwives.exists()
    assert set(midwives.values_list("ward__specialty__code", flat=True)) == {"501"}


def test_demo_users_have_roles_staff_records_and_the_documented_password(db):
    build_demo(staff_count=100, log=lambda _: None)
    for username, roles, *_ in DEMO_USERS:
        user = User.objects.get(username=username)
        assert set(user.groups.values_list("name", flat=True)) == set(roles)
        assert user.check_password(DEMO_PASSWORD)
        assert user.staff_member.email == user.email
    assert User.objects.get(username="analyst").has_perm("organisation.import_staff")
    assert User.objects.get(username="admin").groups.filter(name=Role.ADMIN).exists()
    # One account with no role, to show what such an account sees.
    newcomer = User.objects.get(username=NO_ROLE_DEMO_USER[0])
    assert not newcomer.groups.exists()
    assert newcomer.check_password(DEMO_PASSWORD)
    assert ("newstarter", "no role") in demo_logins()


def test_same_seed_gives_the_same_data_and_a_second_run_skips(db):
    first = build_demo(staff_count=200, seed=7, log=lambda _: None)
    built = staff_fingerprint()
    assert not first.skipped

    second = build_demo(staff_count=200, seed=7, log=lambda _: None)
    assert second.skipped
    assert staff_fingerprint() == built

    forced = build_demo(staff_count=200, seed=7, force=True, log=lambda _: None)
    assert not forced.skipped
    assert staff_fingerprint() == built
    assert User.objects.filter(username="staff").count() == 1


def test_another_seed_gives_other_people_and_replaces_the_old(db):
    build_demo(staff_count=200, seed=7, log=lambda _: None)
    before = staff_fingerprint()
    build_demo(staff_count=200, seed=8, log=lambda _: None)
    after = staff_fingerprint()
    assert len(after) == 200
    assert after != before


def test_demo_refuses_a_database_with_a_real_trust(db):
    OrganisationFactory(host=True)
    with pytest.raises(CommandError) as caught:
        call_command("demo", "--staff", "50")
    assert caught.value.returncode == 2
    assert "real trust" in str(caught.value)


def test_listed_steps_run_in_order_with_their_own_random_stream(db, monkeypatch):
    seen = []

    def build(ctx):
        seen.append((ctx.trust.code, len(ctx.staff), ctx.rng("extra").random()))

    monkeypatch.setattr(demo_steps, "STEPS", [*demo_steps.STEPS, DemoStep("extra", build)])
    build_demo(staff_count=50, seed=3, log=lambda _: None)
    build_demo(staff_count=50, seed=3, force=True, log=lambda _: None)
    assert seen[0] == seen[1]
    assert seen[0][:2] == ("EEH", 50)


def test_demo_staff_page_shows_past_extracts_one_refused_by_line(db, client):
    from qls.core.models import JobStatus
    from qls.organisation.models import StaffImport

    build_demo(staff_count=120, log=lambda _: None)
    build_demo(staff_count=120, force=True, log=lambda _: None)  # rebuilt, not doubled
    jobs = list(StaffImport.objects.all())
    assert len(jobs) == 4
    refused = [j for j in jobs if j.status == JobStatus.FAILED]
    assert len(refused) == 1
    lines = [p["line"] for p in refused[0].problems]
    assert len(lines) == 2
    assert all(2 <= line <= 121 for line in lines)
    assert refused[0].problem_count == len(refused[0].problems)
    for job in jobs:
        assert job.imported_by.username == "admin"
        assert job.rows_done == job.rows_total == 120
        if job.status == JobStatus.SUCCEEDED:
            assert job.created + job.updated + job.unchanged == job.rows == 120
    client.force_login(User.objects.get(username="analyst"))
    page = client.get("/organisation/staff/import/")
    assert page.status_code == 200
    assert page.content.decode().count("esr-staff-extract-") >= 4
