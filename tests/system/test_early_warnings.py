"""The early-warning list: hard signals from shared SPC and soft intelligence, grouped by
organisation and concern, ranked by weight, kept to three months and to what each person may
see; and the list as a source of System Quality Group agenda items."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qls.core.periods import add_months
from qls.measurement.models import Frequency, Series
from qls.measurement.sharing import withdraw_share
from qls.system.meetings import actions as meeting_actions
from qls.system.meetings.models import AgendaItem
from qls.system.meetings.queries import agenda_candidates, visible_meetings
from qls.system.warnings import queries
from qls.system.warnings.models import SoftIntelligence
from tests.factories.measurement import MetricFactory
from tests.factories.organisation import OrganisationFactory, SiteFactory
from tests.factories.system import MeetingFactory
from tests.factories.system_warnings import SoftIntelligenceFactory, agreement, cached_series, share

pytestmark = pytest.mark.django_db

URL = reverse("system:early_warnings")
HIGH = "special_cause_concern_high"
FAIL = "consistent_fail"


def _metric(code: str, name: str):
    return MetricFactory(code=code, name=name, frequency=Frequency.MONTH)


@pytest.fixture
def world(partners, personas):
    """The host trust shares falls (missing its target); the mental health trust (the
    partner personas') has an unshared restraint series in concern and a staffing worry;
    a community trust has an unshared waits series in concern and restricted intelligence."""
    trust, mh = partners["trust"], partners["mh"]
    community = OrganisationFactory(code="COM", name="Community Health Services")
    signed = agreement(personas["system"])
    falls = _metric("falls", "Inpatient falls")
    restraint = _metric("restraint", "Restrictive interventions")
    waits = _metric("waits", "Community waits over 18 weeks")
    share(falls, trust, personas["system"], signed)
    series = {
        "falls": cached_series(falls, assurance=FAIL),
        "restraint": cached_series(
            restraint,
            site=SiteFactory(organisation=mh, code="M1", name="Mind Hospital"),
            variation=HIGH,
            assurance=FAIL,
        ),
        "waits": cached_series(
            waits, site=SiteFactory(organisation=community, code="C1", name="Clinic")
        ),
    }
    series["waits"].variation_icon = HIGH
    series["waits"].save(update_fields=["variation_icon"])
    staffing = SoftIntelligenceFactory(organisation=mh, weight=3)
    whistle = SoftIntelligenceFactory(
        organisation=community,
        kind=SoftIntelligence.Kind.WHISTLEBLOWING,
        summary="A nurse says concerns about night staffing were dismissed.",
        sensitivity=SoftIntelligence.Sensitivity.RESTRICTED,
        weight=3,
    )
    return {
        **partners, "community": community, "signed": signed, "series": series,
        "metrics": {"falls": falls, "restraint": restraint, "waits": waits},
        "staffing": staffing, "whistle": whistle,
    }  # fmt: skip


def _rows(user) -> dict[str, dict[str, int]]:
    """organisation code -> concern title -> weight, in the list's order."""
    return {
        w.organisation.code: {c.title: c.weight for c in w.concerns}
        for w in queries.early_warnings(user)
    }


# ------------------------------------------------------------------ roles


@pytest.mark.parametrize("who", ["system", "partner", "partneranalyst"])
def test_the_system_roles_open_the_list(client, world, personas, who):
    client.force_login(personas[who])
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("who", ["staff", "analyst", "improvement"])
def test_other_roles_of_the_trust_are_refused(client, world, personas, who):
    client.force_login(personas[who])
    assert client.get(URL).status_code == 403


def test_someone_not_signed_in_is_sent_to_log_in(client, world):
    assert client.get(URL).status_code == 302


# ------------------------------------------------------------------ tenancy


def test_a_partner_s_unshared_series_never_yields_a_signal_for_another_partner(world, personas):
    partner_sees = _rows(personas["partner"])
    assert "COM" not in partner_sees  # unshared waits; restricted intelligence not theirs
    # The partner's own unshared series is theirs to see; the system lead does not see it.
    assert "Restrictive interventions" in partner_sees["MHT"]
    lead_sees = _rows(personas["system"])
    assert "Restrictive interventions" not in lead_sees.get("MHT", {})


def test_once_shared_the_series_gives_a_signal_to_every_partner(world, personas):
    share(world["metrics"]["waits"], world["community"], personas["system"], world["signed"])
    assert _rows(personas["partner"])["COM"] == {"Community waits over 18 weeks": 3}


def test_a_series_shared_by_another_organisation_for_the_same_metric_does_not_leak(world, personas):
    # The host sharing restraint does not share the mental health trust's restraint.
    share(world["metrics"]["restraint"], world["trust"], personas["system"], world["signed"])
    assert "Restrictive interventions" not in _rows(personas["system"]).get("MHT", {})


def test_soft_intelligence_is_seen_by_its_organisation_and_the_system_lead(world, personas):
    assert "Whistleblowing" in _rows(personas["system"])["COM"]
    assert "Staffing" in _rows(personas["partneranalyst"])["MHT"]
    assert "COM" not in _rows(personas["partneranalyst"])


def test_the_page_shows_no_trace_of_another_partner_s_unshared_data(client, world, personas):
    client.force_login(personas["partner"])
    page = client.get(URL).content.decode()
    assert "Community waits" not in page
    assert "Community Health Services" not in page
    assert "dismissed" not in page


# ------------------------------------------------------------------ grouping and ranking


def test_signals_group_by_organisation_and_concern(world, personas):
    mh = next(
        w for w in queries.early_warnings(personas["partner"]) if w.organisation.code == "MHT"
    )
    restraint = next(c for c in mh.concerns if c.title == "Restrictive interventions")
    assert [s.source for s in restraint.signals] == ["variation", "assurance"]
    assert restraint.weight == queries.VARIATION_WEIGHT + queries.ASSURANCE_WEIGHT
    assert mh.hard_and_soft
    assert [c.title for c in mh.concerns] == ["Restrictive interventions", "Staffing"]


def test_organisations_are_ranked_by_the_weight_of_their_signals(world, personas):
    # Mental health: restraint 3 + 2, staffing 3 = 8; host trust: falls assurance 2.
    assert list(_rows(personas["partner"])) == ["MHT", world["trust"].code]
    # A heavier soft signal lifts the host trust above the mental health trust.
    SoftIntelligenceFactory(organisation=world["trust"], kind="regulator", weight=3)
    SoftIntelligenceFactory(organisation=world["trust"], kind="complaints", weight=3)
    SoftIntelligenceFactory(organisation=world["trust"], kind="feedback", weight=1)
    found = queries.early_warnings(personas["system"])
    assert [w.organisation.code for w in found] == [world["trust"].code, "COM", "MHT"]
    assert [w.weight for w in found] == [9, 3, 3]  # COM before MHT: a tie, by name


def test_the_page_lists_organisations_in_rank_order_with_the_weights(client, world, personas):
    client.force_login(personas["partner"])
    response = client.get(URL)
    assert [w.organisation for w in response.context["warnings"]] == [world["mh"], world["trust"]]
    page = response.content.decode()
    assert page.index("Restrictive interventions") < page.index("Inpatient falls")
    assert "How signals are weighed" in page


# ------------------------------------------------------------------ the window


def test_only_signals_of_the_last_three_months_count(world, personas):
    today = timezone.localdate()
    since = queries.window_start(today)
    old = _metric("old", "Old concern")
    share(old, world["trust"], personas["system"], world["signed"])
    cached_series(old, variation=HIGH, latest=add_months(today, -5).replace(day=1))
    SoftIntelligenceFactory(organisation=world["mh"], kind="regulator", received_on=since)
    SoftIntelligenceFactory(
        organisation=world["mh"], kind="feedback", received_on=since - dt.timedelta(days=1)
    )
    rows = _rows(personas["partner"])
    assert "Old concern" not in rows[world["trust"].code]
    assert "Regulator finding" in rows["MHT"]  # on the first day of the window
    assert "Patient and public feedback" not in rows["MHT"]  # the day before


def test_a_monthly_series_whose_latest_month_began_before_the_window_still_counts(world, personas):
    today = timezone.localdate()
    edge = _metric("edge", "Edge of the window")
    share(edge, world["trust"], personas["system"], world["signed"])
    cached_series(edge, variation=HIGH, latest=queries.window_start(today).replace(day=1))
    assert "Edge of the window" in _rows(personas["partner"])[world["trust"].code]


def test_host_sites_and_strata_are_not_organisation_level(world, personas):
    falls = world["metrics"]["falls"]
    host_site = SiteFactory(organisation=world["trust"], code="S9", name="North Hospital")
    cached_series(falls, site=host_site, variation=HIGH)
    cached_series(falls, variation=HIGH, stratum_dimension="sex", stratum_value="F")
    rows = _rows(personas["partner"])
    assert rows[world["trust"].code] == {"Inpatient falls": queries.ASSURANCE_WEIGHT}


# ------------------------------------------------------------------ evidence and queries


def test_every_signal_links_to_its_evidence(client, world, personas):
    client.force_login(personas["partner"])
    page = client.get(URL).content.decode()
    assert reverse("measurement:series_site", args=["restraint", "M1"]) in page
    assert reverse("measurement:series_trust", args=["falls"]) in page
    assert world["staffing"].get_absolute_url() in page


def _queries_for(client) -> int:
    """Queries of one page built afresh (its rows not yet cached)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured.captured_queries)


def test_the_list_takes_the_same_number_of_queries_however_long(client, world, personas):
    client.force_login(personas["system"])
    client.get(URL)  # warm the session and permission caches
    few = _queries_for(client)
    for n in range(6):
        org = OrganisationFactory(code=f"P{n}", name=f"Partner {n}")
        site = SiteFactory(organisation=org, code=f"PS{n}", name=f"Partner site {n}")
        metric = _metric(f"m{n}", f"Measure {n}")
        share(metric, org, personas["system"], world["signed"])
        cached_series(metric, site=site, variation=HIGH, assurance=FAIL)
        SoftIntelligenceFactory(organisation=org)
    many = _queries_for(client)
    assert many == few
    cache.clear()
    assert len(client.get(URL).context["warnings"]) >= 8


def test_the_cached_list_follows_every_change_it_is_built_from(client, world, personas):
    client.force_login(personas["partner"])
    assert "Inpatient falls" in client.get(URL).content.decode()
    with CaptureQueriesContext(connection) as cached:
        assert "Inpatient falls" in client.get(URL).content.decode()
    assert "warnings" not in (client.get(URL).context or {})  # the rows came from the cache
    # A share withdrawn: the host's falls go from the partner's list at once.
    withdraw_share(
        world["series"]["falls"].metric.shares.get(), by=personas["system"], reason="Restated"
    )
    assert "Inpatient falls" not in client.get(URL).content.decode()
    # An entry logged: it is on the list at once.
    SoftIntelligenceFactory(organisation=world["mh"], summary="Agency nurses on every night.")
    assert "Agency nurses on every night." in client.get(URL).content.decode()
    # A recompute that ends a concern: the signal goes.
    series = world["series"]["restraint"]
    Series.objects.filter(pk=series.pk).update(
        variation_icon="common_cause", assurance_icon="", spc_computed_at=timezone.now()
    )
    assert "Restrictive interventions" not in client.get(URL).content.decode()
    assert len(cached.captured_queries) < 20


# ------------------------------------------------------------------ the meeting agenda


@pytest.fixture
def meeting(world, personas):
    return MeetingFactory(
        title="System Quality Group", chair=world["staff"]["system"],
        created_by=personas["system"],
    )  # fmt: skip


def test_the_early_warning_list_is_a_source_of_agenda_candidates(world, meeting, personas):
    warnings = [c for c in agenda_candidates(meeting, personas["system"]) if c.kind == "warning"]
    assert [c.organisation for c in warnings] == [world["mh"], world["trust"]]
    assert warnings[0].title == "Early warning: Mind & Body Trust: Staffing"
    # The community trust's only signal is restricted intelligence: it stays off the agenda.
    assert world["community"] not in [c.organisation for c in warnings]


def test_building_the_agenda_adds_each_organisation_once(world, meeting, personas):
    meeting_actions.build_agenda(meeting=meeting, by=personas["system"])
    meeting_actions.build_agenda(meeting=meeting, by=personas["system"])
    items = AgendaItem.objects.filter(meeting=meeting, kind=AgendaItem.Kind.WARNING)
    assert [i.organisation for i in items.order_by("position")] == [world["mh"], world["trust"]]


def test_a_partner_sees_a_meeting_with_an_early_warning_about_their_organisation(
    client, world, meeting, personas
):
    assert meeting not in visible_meetings(personas["partner"])
    meeting_actions.build_agenda(meeting=meeting, by=personas["system"])
    assert meeting in visible_meetings(personas["partner"])
    client.force_login(personas["system"])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Early warning: Mind &amp; Body Trust" in page
