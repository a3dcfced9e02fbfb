"""System quality oversight end to end, in the browser, as four people of three organisations.

1. The mental health trust's analyst imports its monthly returns, and its quality lead
   shares the metric with the system under the data-sharing agreement.
2. The system quality lead at the integrated care board sees the trust's chart on the
   system dashboard, and its special-cause concern on the early-warning list.
3. The lead raises a risk, escalates it with a reason, and builds a meeting agenda,
   which takes the escalation.
4. The lead records a decision and an action on the item and downloads the meeting pack.
5. A person of another partner cannot see the community partner's unshared data, by
   address or by API token.

Every page passes the accessibility check and fits a 390 px screen (the axe fixture).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from qls.measurement import tasks
from qls.measurement.importing import run_import
from qls.measurement.models import ChartType, Frequency, Import, MetricShare, Observation
from qls.measurement.spc_cache import recompute_stale
from qls.measurement.tokens import create_token
from qls.system.meetings.models import AgendaItem, Meeting, MeetingAction
from qls.system.models import EscalationDecision, QualityRisk
from tests.factories.measurement import MetricFactory
from tests.factories.organisation import OrganisationFactory, SiteFactory, StaffMemberFactory
from tests.system.conftest import add_series, agreement, recompute

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _months(n: int) -> list[dt.date]:
    first = timezone.localdate().replace(day=1)
    out = []
    for _ in range(n):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        out.append(first)
    return out[::-1]


def _returns(unit: str) -> bytes:
    """Twenty months of out-of-area placements, the last seven well above the rest."""
    lines = ["metric,org_unit,period,value"]
    for n, period in enumerate(_months(20)):
        value = (4, 6, 5, 5, 7, 4, 6, 5, 4, 6, 5, 6, 5)[n] if n < 13 else 13 + n % 3
        lines.append(f"placements,{unit},{period.isoformat()},{value}")
    return ("\n".join(lines) + "\n").encode()


def test_partners_share_data_and_the_system_lead_acts_on_an_early_warning(
    page, personas, login, site_url, axe, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(tasks, "run_import_task", lambda import_id: None)
    OrganisationFactory(host=True)
    minds = OrganisationFactory(code="MHT", name="Estuary Minds Trust")
    community = OrganisationFactory(code="CHP", name="Chelmer Community Health")
    icb = OrganisationFactory(code="ICB", name="Estuary Integrated Care Board")
    lead = StaffMemberFactory(
        user=personas["system"], organisation=icb, ward=None, staff_number="11112222"
    )
    quality_lead = StaffMemberFactory(
        user=personas["partner"], organisation=minds, ward=None, staff_number="33334444"
    )
    StaffMemberFactory(user=personas["partneranalyst"], organisation=minds, ward=None)
    StaffMemberFactory(user=personas["staff"], organisation=community, ward=None)
    SiteFactory(organisation=minds, code="MHT-ALL", name="Estuary Minds, all services")
    placements = MetricFactory(
        code="placements", name="Out-of-area placements", chart_type=ChartType.C,
        frequency=Frequency.MONTH, unit="placements", improvement_direction="decrease",
        record_date_column="", record_org_unit_column="",
    )  # fmt: skip
    waits = MetricFactory(
        code="waits", name="Community waits", chart_type=ChartType.XMR,
        frequency=Frequency.MONTH, unit="days", record_date_column="", record_org_unit_column="",
    )  # fmt: skip
    unshared = add_series(waits, community, seed=4)
    recompute(unshared)
    dsa = agreement(
        personas["system"], minds, community, icb, name="Estuary data-sharing agreement"
    )

    # 1. The analyst imports the trust's returns; a file naming another partner's unit
    #    would be refused, this one names the trust's own.
    login(page, personas["partneranalyst"])
    page.goto(f"{site_url}/data/imports/new/")
    axe(page, context="the partner analyst's import form")
    page.get_by_label("Upload a file").set_input_files(
        {"name": "mht-returns.csv", "mimeType": "text/csv", "buffer": _returns("MHT-ALL")}
    )
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url("**/data/imports/*/")
    run_import(Import.objects.get())
    expect(page.locator("#import-outcome")).to_contain_text("Import complete", timeout=10_000)
    axe(page, context="the partner's import complete")
    assert Observation.objects.filter(series__site__organisation=minds).count() == 20
    recompute_stale()

    page.context.clear_cookies()
    login(page, personas["partner"])
    page.goto(f"{site_url}/system/sharing/")
    axe(page, context="sharing")
    page.get_by_role("link", name="Share a metric").click()
    page.get_by_label("Metric").select_option(label=placements.name)
    page.get_by_label("Organisation").select_option(label=minds.name)
    page.get_by_label("Data-sharing agreement").select_option(label=str(dsa))
    page.get_by_label("Shared since").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Share").click()
    expect(page.get_by_text(f"{minds.name} now shares {placements.name}.")).to_be_visible()
    axe(page, context="the metric shared")
    assert MetricShare.objects.get(metric=placements).approved_by == personas["partner"]

    # 2. The system lead sees it on the dashboard and on the early-warning list.
    page.context.clear_cookies()
    login(page, personas["system"])
    page.goto(f"{site_url}/system/")
    axe(page, context="the system dashboard")
    page.get_by_role("link", name=f"{placements.name} at {minds.name}").click()
    expect(page.get_by_role("heading", name=placements.name, exact=True)).to_be_visible()
    expect(page.locator("#org-MHT-card")).to_be_visible()
    axe(page, context="the metric across the system")
    page.goto(f"{site_url}/system/early-warnings/")
    expect(page.get_by_role("cell", name=placements.name, exact=True)).to_be_visible()
    expect(
        page.get_by_role("link", name="Special cause of concern: higher than usual")
    ).to_be_visible()
    axe(page, context="the early-warning list")

    # 3. A risk, escalated with a reason, onto a meeting's agenda.
    page.goto(f"{site_url}/system/risks/new/")
    page.get_by_label("Organisation").select_option(label=minds.name)
    page.get_by_label("Title").fill("Adults placed out of area for acute care")
    page.get_by_label("Description").fill("Placements have doubled for seven months.")
    page.get_by_label("Owner").fill(lead.staff_number)
    page.get_by_label("Likelihood").fill("4")
    page.get_by_label("Consequence").fill("4")
    page.get_by_label("Next review").fill(
        (timezone.localdate() + dt.timedelta(days=40)).isoformat()
    )
    page.get_by_role("button", name="Raise the risk").click()
    expect(
        page.get_by_role("heading", name="Adults placed out of area for acute care")
    ).to_be_visible()
    axe(page, context="the new risk")
    page.get_by_role("link", name="Change the escalation level").click()
    page.get_by_label("Enhanced surveillance").check()
    page.get_by_label("Reason for the decision").fill("Seven months above the usual range.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Seven months above the usual range.")).to_be_visible()
    risk = QualityRisk.objects.get(title="Adults placed out of area for acute care")
    assert EscalationDecision.objects.get(risk=risk).by == personas["system"]

    page.goto(f"{site_url}/system/meetings/new/")
    page.get_by_label("Title").fill("System Quality Group, December")
    when = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT10:00")
    page.get_by_label("Date and time").fill(when)
    page.get_by_label("Venue or link").fill("Board room, integrated care board")
    page.get_by_label("Chair").fill(lead.staff_number)
    page.get_by_label("Members").fill(quality_lead.staff_number)
    page.get_by_role("button", name="Plan the meeting").click()
    expect(page.get_by_role("heading", name="System Quality Group, December")).to_be_visible()
    page.get_by_role("link", name="Edit the agenda").click()
    page.get_by_role("button", name="Build the agenda").click()
    expect(page.get_by_text("Agenda built:")).to_be_visible()
    axe(page, context="the agenda built")
    meeting = Meeting.objects.get(title="System Quality Group, December")
    item = AgendaItem.objects.get(meeting=meeting, risk=risk)

    # 4. A decision and an action on the item; the pack downloads with both.
    page.get_by_role("link", name=item.title).click()
    page.get_by_label("Minutes").fill("Placements doubled; no local beds on most nights.")
    page.get_by_label("Decisions").fill("Open two step-down beds within the system.")
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_text("Minutes saved.")).to_be_visible()
    page.get_by_label("Action", exact=True).fill("Agree the step-down beds with the council")
    page.get_by_label("Action owner").fill(lead.staff_number)
    page.get_by_label("Due by").fill((timezone.localdate() + dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Action added.")).to_be_visible()
    axe(page, context="the item with its decision and action")
    assert MeetingAction.objects.filter(item__meeting=meeting).count() == 1
    page.get_by_role("link", name="Back to the meeting").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the meeting pack (PDF)").click()
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Open two step-down beds within the system." in text
    assert "Agree the step-down beds with the council" in text

    # 5. The community partner's waits are not shared: the mental health trust's lead
    #    finds them neither by address nor by API, while the partner's own people do.
    page.context.clear_cookies()
    login(page, personas["partner"])
    response = page.goto(f"{site_url}/data/metrics/waits/site/{unshared.site.code}/")
    assert response is not None
    assert response.status == 404
    response = page.goto(f"{site_url}/data/series/{unshared.pk}/table/")
    assert response is not None
    assert response.status == 404
    page.goto(f"{site_url}/system/metrics/waits/")
    expect(page.locator("#org-CHP-card")).to_have_count(0)
    axe(page, context="a metric nobody shares with the partner")
    _token, raw = create_token(user=personas["partner"], name="Power BI")
    api = page.request.get(
        f"{site_url}/api/series/{unshared.pk}", headers={"Authorization": f"Bearer {raw}"}
    )
    assert api.status == 404
    _token, own = create_token(user=personas["staff"], name="Warehouse")
    api = page.request.get(
        f"{site_url}/api/series/{unshared.pk}", headers={"Authorization": f"Bearer {own}"}
    )
    assert api.status == 200
