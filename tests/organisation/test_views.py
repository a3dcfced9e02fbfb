from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse

from qls.organisation.models import StaffImport, StaffMember, StrategicAim
from tests.conftest import PASSWORD
from tests.factories.accounts import PERSONAS
from tests.factories.organisation import StaffMemberFactory

EVERYONE = list(PERSONAS)
WITH_A_ROLE = [p for p in PERSONAS if PERSONAS[p]]
IMPORTERS = {"analyst", "admin"}
AIM_EDITORS = {"improvement", "admin"}

CSV = (
    "staff_number,first_name,last_name,email,staff_group,job_role,band,site,ward\n"
    "10000001,Amy,Baker,,Nursing and Midwifery Registered,Staff Nurse,Band 5,BAS,BAS-W01\n"
)


@pytest.fixture
def as_user(client, personas):
    def sign_in(name: str):
        client.force_login(personas[name])
        return client

    return sign_in


def structure_urls(trust) -> list[str]:
    return [
        reverse("organisation:index"),
        reverse("organisation:site", args=["BAS"]),
        reverse("organisation:ward", args=["BAS-W01"]),
        reverse("organisation:organisation", args=[trust.code]),
        reverse("organisation:organisation", args=["ICB1"]),
        reverse("organisation:aims"),
        reverse("organisation:domains"),
    ]


# ---------------------------------------------------------------- who may see what


@pytest.mark.parametrize("persona", [p for p in EVERYONE if p != "norole"])
def test_everyone_with_a_role_reads_the_structure_pages(as_user, trust, reference_data, persona):
    client = as_user(persona)
    for url in structure_urls(trust):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'class="nhsuk-breadcrumb"' in response.content, url


def test_an_account_with_no_role_is_shown_whom_to_ask_instead(as_user, trust, reference_data):
    client = as_user("norole")
    for url in structure_urls(trust):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"Your account has no role yet" in response.content, url


def test_signed_out_people_are_sent_to_log_in(client, trust):
    for url in [*structure_urls(trust), reverse("organisation:staff")]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", EVERYONE)
def test_staff_directory_needs_a_role(as_user, trust, persona):
    response = as_user(persona).get(reverse("organisation:staff"))
    assert response.status_code == (200 if persona in WITH_A_ROLE else 403)


@pytest.mark.parametrize("persona", EVERYONE)
def test_only_analysts_and_admins_import_staff(as_user, trust, persona, personas):
    client = as_user(persona)
    allowed = persona in IMPORTERS
    assert client.get(reverse("organisation:staff_import")).status_code == (200 if allowed else 403)
    response = upload(client, CSV.encode())
    assert response.status_code == (200 if allowed else 403)
    assert StaffMember.objects.exists() == allowed
    if allowed:
        run = StaffImport.objects.get()
        assert client.get(run.get_absolute_url()).status_code == 200
        other = Client()
        other.force_login(personas["staff"])
        assert other.get(run.get_absolute_url()).status_code == 403
    directory = client.get(reverse("organisation:staff"))
    if directory.status_code == 200:
        assert (b"Import staff from an ESR extract" in directory.content) == allowed


@pytest.mark.parametrize("persona", EVERYONE)
def test_only_improvement_team_and_admins_edit_aims(as_user, reference_data, persona):
    client = as_user(persona)
    allowed = persona in AIM_EDITORS
    url = reverse("organisation:aim_edit", args=[5])
    assert client.get(url).status_code == (200 if allowed else 403)
    response = client.post(url, {"title": "Value, digital and green", "description": "x"})
    assert response.status_code == (302 if allowed else 403)
    title = StrategicAim.objects.get(number=5).title
    assert (title == "Value, digital and green") == allowed
    aims_page = client.get(reverse("organisation:aims")).content
    assert (url.encode() in aims_page) == allowed


# ---------------------------------------------------------------- pages


def test_index_lists_sites_with_ward_counts_and_partners(as_user, trust):
    StaffMemberFactory(ward=trust.sites.get(code="BAS").wards.first())
    content = as_user("staff").get(reverse("organisation:index")).content.decode()
    assert "Basildon Hospital" in content
    assert reverse("organisation:site", args=["BAS"]) in content
    assert "Test ICB" in content
    assert "Integrated care board" in content
    for name in ("staff", "aims", "domains"):
        assert reverse(f"organisation:{name}") in content


def test_site_page_lists_wards_with_programme_flag(as_user, trust):
    content = as_user("staff").get(reverse("organisation:site", args=["BAS"])).content.decode()
    assert "Kingfisher Ward" in content
    assert "Heron Ward" in content
    assert "Bluebell Ward" not in content
    assert "nhsuk-tag--blue" in content


def test_unknown_site_or_ward_is_404(as_user, trust):
    client = as_user("staff")
    assert client.get(reverse("organisation:site", args=["NOPE"])).status_code == 404
    assert client.get(reverse("organisation:ward", args=["NOPE"])).status_code == 404
    assert client.get(reverse("organisation:organisation", args=["NOPE"])).status_code == 404


def test_aim_edit_is_audited_with_the_editor(as_user, personas, reference_data):
    client = as_user("improvement")
    client.post(
        reverse("organisation:aim_edit", args=[2]),
        {"title": "Enough capacity", "description": "Beds", "active": "on"},
    )
    latest = StrategicAim.objects.get(number=2).history.first()
    assert latest.history_user == personas["improvement"]
    assert latest.title == "Enough capacity"
    page = client.get(reverse("organisation:aims")).content.decode()
    assert "Last changed by" in page


def test_aim_edit_shows_errors_in_the_summary(as_user, reference_data):
    response = as_user("admin").post(reverse("organisation:aim_edit", args=[1]), {"title": ""})
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert 'href="#id_title"' in content
    assert StrategicAim.objects.get(number=1).title == "Patient first and valued people"


# ---------------------------------------------------------------- directory


@pytest.fixture
def people(trust):
    bas = trust.sites.get(code="BAS")
    w1, w2 = bas.wards.order_by("code")
    sou_ward = trust.sites.get(code="SOU").wards.get()
    StaffMemberFactory(first_name="Priya", last_name="Shah", ward=w1, staff_number="10000001")
    StaffMemberFactory(
        first_name="Tom", last_name="Reid", ward=w2, job_role="Consultant",
        staff_group="Medical and Dental", band="Medical", staff_number="10000002",
    )  # fmt: skip
    StaffMemberFactory(first_name="Ann", last_name="Shah", ward=sou_ward, staff_number="20000003")
    StaffMemberFactory(first_name="Gone", last_name="Shah", ward=w1, active=False)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({}, {"Priya", "Tom", "Ann"}),
        ({"q": "shah"}, {"Priya", "Ann"}),
        ({"q": "priya shah"}, {"Priya"}),
        ({"q": "2000"}, {"Ann"}),
        ({"q": "consultant"}, {"Tom"}),
        ({"site": "SOU"}, {"Ann"}),
        ({"ward": "BAS-W01"}, {"Priya"}),
        ({"staff_group": "Medical and Dental"}, {"Tom"}),
        ({"q": "shah", "site": "BAS"}, {"Priya"}),
    ],
)
def test_directory_search_and_filters(as_user, people, query, found):
    response = as_user("staff").get(reverse("organisation:staff"), query)
    names = {p.first_name for p in response.context["page"].object_list}
    assert names == found


def test_directory_htmx_request_gets_only_the_results(as_user, people):
    response = as_user("staff").get(
        reverse("organisation:staff"),
        {"q": "shah"},
        headers={"HX-Request": "true", "HX-Target": "staff-results"},
    )
    content = response.content.decode()
    assert "<html" not in content
    assert "2 people found" in content


def test_directory_paginates(as_user, trust):
    ward = trust.sites.get(code="BAS").wards.first()
    StaffMemberFactory.create_batch(60, ward=ward)
    client = as_user("staff")
    first = client.get(reverse("organisation:staff"), {"site": "BAS"})
    assert len(first.context["page"].object_list) == 50
    assert "nhsuk-pagination" in first.content.decode()
    assert "site=BAS&amp;page=2" in first.content.decode()
    second = client.get(reverse("organisation:staff"), {"site": "BAS", "page": 2})
    assert len(second.context["page"].object_list) == 10


def test_directory_query_count_does_not_grow_with_staff(
    as_user, trust, django_assert_max_num_queries
):
    ward = trust.sites.get(code="BAS").wards.first()
    StaffMemberFactory.create_batch(80, ward=ward)
    client = as_user("staff")
    with django_assert_max_num_queries(12):
        client.get(reverse("organisation:staff"))


# ---------------------------------------------------------------- import page


def upload(client, content: bytes, name: str = "staff.csv"):
    """Post a file and follow to its import's page; the job runs as the request commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("organisation:staff_import"),
            {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
        )
    return client.get(response["Location"]) if response.status_code == 302 else response


def test_import_page_shows_the_summary(as_user, trust, personas):
    response = upload(as_user("analyst"), CSV.encode())
    content = response.content.decode()
    assert "staff.csv imported" in content
    assert "New staff added" in content
    assert StaffMember.objects.get().history.get().history_user == personas["analyst"]


def test_import_page_lists_problems_by_line(as_user, trust):
    bad = CSV + "10000002,Tom,Reid,,Medical and Dental,Consultant,Medical,BAS,B12\n"
    content = upload(as_user("analyst"), bad.encode()).content.decode()
    assert "staff.csv was not imported" in content
    assert "ward is not a ward at Basildon Hospital" in content
    assert '<td class="nhsuk-table__cell">3</td>' in content
    assert "B12" not in content
    assert not StaffMember.objects.exists()


def test_import_page_without_a_file_shows_the_error_summary(as_user, trust):
    response = as_user("admin").post(reverse("organisation:staff_import"), {})
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Select a CSV or XLSX file to import" in content


def test_import_page_refuses_an_oversize_file(as_user, trust, settings):
    settings.QLS_MAX_UPLOAD_BYTES = 10
    content = upload(as_user("analyst"), CSV.encode()).content.decode()
    assert "too large" in content
    assert not StaffMember.objects.exists()


def test_login_password_constant_is_shared(personas):
    # The browser tests sign in with this; keep the persona factory in step.
    assert personas["staff"].check_password(PASSWORD)
