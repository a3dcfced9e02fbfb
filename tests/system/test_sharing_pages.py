"""Sharing pages: who may share and withdraw what, the withdrawn log, agreements."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qls.measurement.models import DataSharingAgreement, MetricShare
from tests.factories.measurement import MetricFactory
from tests.system.conftest import PDF, agreement, share

pytestmark = pytest.mark.django_db

SHARING = reverse("system:sharing")
NEW = reverse("system:share_new")
AGREEMENT_NEW = reverse("system:agreement_new")


@pytest.fixture
def world(partners, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    metric = MetricFactory(code="pressure-ulcers", name="Pressure ulcers")
    dsa = agreement(personas["system"], partners["trust"], partners["mh"])
    return {**partners, "metric": metric, "agreement": dsa}


def _share_form(world, organisation, **over) -> dict[str, str]:
    data = {
        "metric": str(world["metric"].pk),
        "organisation": str(organisation.pk),
        "agreement": str(world["agreement"].pk),
        "shared_from": "2026-02-01",
    }
    return {**data, **over}


# ------------------------------------------------------------------ who may


def test_anonymous_is_sent_to_log_in(client, world):
    for url in (SHARING, NEW, AGREEMENT_NEW):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_all_three_system_roles_read_the_list(client, personas, world):
    share(world["metric"], world["trust"], personas["system"], world["agreement"])
    for who in ("system", "partner", "partneranalyst"):
        client.force_login(personas[who])
        response = client.get(SHARING)
        assert response.status_code == 200
        assert "Pressure ulcers" in response.content.decode()


def test_an_account_without_a_system_role_is_refused(client, personas, world):
    client.force_login(personas["staff"])
    assert client.get(SHARING).status_code == 403


def test_analyst_cannot_share(client, personas, world):
    client.force_login(personas["partneranalyst"])
    assert client.get(NEW).status_code == 403
    response = client.post(NEW, _share_form(world, world["mh"]))
    assert response.status_code == 403
    assert not MetricShare.objects.exists()


def test_partner_lead_shares_their_own_organisations_metric(client, personas, world):
    client.force_login(personas["partner"])
    response = client.post(NEW, _share_form(world, world["mh"]))
    assert response.status_code == 302
    made = MetricShare.objects.get()
    assert (made.organisation, made.approved_by) == (world["mh"], personas["partner"])
    assert made.shared_from == dt.date(2026, 2, 1)


def test_partner_lead_cannot_share_another_organisations_metric(client, personas, world):
    client.force_login(personas["partner"])
    form = client.get(NEW).context["form"]
    assert list(form.fields["organisation"].queryset) == [world["mh"]]
    response = client.post(NEW, _share_form(world, world["trust"]))
    assert response.status_code == 200
    assert "only your own organisation" in response.content.decode()
    assert not MetricShare.objects.exists()


def test_system_lead_shares_any_organisations_metric(client, personas, world):
    client.force_login(personas["system"])
    response = client.post(NEW, _share_form(world, world["trust"]))
    assert response.status_code == 302
    assert MetricShare.objects.get().approved_by == personas["system"]


def test_sharing_twice_is_refused(client, personas, world):
    client.force_login(personas["system"])
    client.post(NEW, _share_form(world, world["trust"]))
    response = client.post(NEW, _share_form(world, world["trust"]))
    assert response.status_code == 200
    assert "already shares" in response.content.decode()
    assert MetricShare.objects.count() == 1


def test_an_agreement_the_organisation_has_not_signed_is_refused(client, personas, world):
    client.force_login(personas["system"])
    response = client.post(NEW, _share_form(world, world["icb"]))
    assert response.status_code == 200
    assert "has not signed" in response.content.decode()
    assert not MetricShare.objects.exists()


# ------------------------------------------------------------------ withdrawing


def test_withdrawing_without_a_reason_is_refused_and_nothing_is_saved(client, personas, world):
    made = share(world["metric"], world["mh"], personas["system"], world["agreement"])
    client.force_login(personas["partner"])
    url = reverse("system:share_withdraw", args=[made.pk])
    for reason in ("", "   "):
        response = client.post(url, {"reason": reason})
        assert response.status_code == 200
        assert "reason" in response.content.decode()
    made.refresh_from_db()
    assert made.withdrawn_at is None
    assert made.withdrawn_by is None
    assert made.withdrawal_reason == ""


def test_withdrawing_keeps_who_when_and_why_in_the_log(client, personas, world):
    made = share(world["metric"], world["mh"], personas["system"], world["agreement"])
    client.force_login(personas["partner"])
    url = reverse("system:share_withdraw", args=[made.pk])
    response = client.post(url, {"reason": "The agreement lapsed at the end of March."})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.withdrawn_by == personas["partner"]
    assert made.withdrawn_at is not None
    page = client.get(SHARING).content.decode()
    assert "The agreement lapsed at the end of March." in page
    assert "No metric is shared yet." in page


def test_partner_lead_cannot_withdraw_another_organisations_share(client, personas, world):
    made = share(world["metric"], world["trust"], personas["system"], world["agreement"])
    client.force_login(personas["partner"])
    url = reverse("system:share_withdraw", args=[made.pk])
    assert client.post(url, {"reason": "Not ours to keep."}).status_code == 404
    made.refresh_from_db()
    assert made.withdrawn_at is None


def test_analyst_cannot_withdraw(client, personas, world):
    made = share(world["metric"], world["mh"], personas["system"], world["agreement"])
    client.force_login(personas["partneranalyst"])
    url = reverse("system:share_withdraw", args=[made.pk])
    assert client.post(url, {"reason": "Because."}).status_code == 403
    made.refresh_from_db()
    assert made.withdrawn_at is None


def test_a_reason_with_an_nhs_number_is_refused(client, personas, world):
    from tests.system.conftest import NHS_NUMBER

    made = share(world["metric"], world["mh"], personas["system"], world["agreement"])
    client.force_login(personas["system"])
    url = reverse("system:share_withdraw", args=[made.pk])
    response = client.post(url, {"reason": f"Complaint from patient {NHS_NUMBER}."})
    assert response.status_code == 200
    made.refresh_from_db()
    assert made.withdrawn_at is None


# ------------------------------------------------------------------ agreements


def _agreement_form(world, name="dsa.pdf", content=PDF, **over):
    data = {
        "name": "Community data-sharing agreement",
        "signed_on": "2026-03-01",
        "document": SimpleUploadedFile(name, content),
        "organisations": [str(world["mh"].pk)],
    }
    return {**data, **over}


def test_partner_lead_uploads_a_pdf_agreement(client, personas, world):
    client.force_login(personas["partner"])
    response = client.post(AGREEMENT_NEW, _agreement_form(world))
    assert response.status_code == 302
    made = DataSharingAgreement.objects.get(name="Community data-sharing agreement")
    assert made.uploaded_by == personas["partner"]
    assert list(made.organisations.all()) == [world["mh"]]


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("dsa.exe", PDF, "not a PDF"),
        ("dsa.pdf", b"MZ\x90\x00 not a pdf at all", "content is"),
        ("dsa.pdf", b"", "empty"),
        ("agreement 943 476 5919.pdf", PDF, "NHS number"),
    ],
)
def test_an_agreement_that_is_not_a_clean_pdf_or_word_file_is_refused(
    client, personas, world, name, content, says
):
    client.force_login(personas["system"])
    response = client.post(AGREEMENT_NEW, _agreement_form(world, name=name, content=content))
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not DataSharingAgreement.objects.filter(name="Community data-sharing agreement").exists()


def test_an_agreement_over_the_size_limit_is_refused(client, personas, world, settings):
    settings.QLS_MAX_UPLOAD_BYTES = 100
    client.force_login(personas["system"])
    response = client.post(AGREEMENT_NEW, _agreement_form(world, content=PDF + b"0" * 200))
    assert response.status_code == 200
    assert not DataSharingAgreement.objects.filter(name="Community data-sharing agreement").exists()


def test_analyst_cannot_upload_an_agreement(client, personas, world):
    client.force_login(personas["partneranalyst"])
    assert client.get(AGREEMENT_NEW).status_code == 403
    assert client.post(AGREEMENT_NEW, _agreement_form(world)).status_code == 403


def test_the_agreement_document_is_downloaded_only_by_system_roles(client, personas, world):
    url = reverse("system:agreement_document", args=[world["agreement"].pk])
    assert client.get(url).status_code == 302
    client.force_login(personas["staff"])
    assert client.get(url).status_code == 403
    client.force_login(personas["partneranalyst"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    assert "/media/" not in client.get(SHARING).content.decode()
