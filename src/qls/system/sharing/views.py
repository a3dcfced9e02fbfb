"""Pages of metric sharing: the shares and the withdrawn log, agreements, share, withdraw.

A share a person may not withdraw (another partner's) is "not found" on the
withdraw page, as another partner's risk is. An agreement's document is
served here, after the permission check, never from a public media URL.
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qls.measurement.models import DataSharingAgreement
from qls.measurement.sharing import SharingError, share_metric, withdraw_share
from qls.system.access import require
from qls.system.sharing import actions, queries
from qls.system.sharing import permissions as perms
from qls.system.sharing.forms import AgreementForm, ShareForm, WithdrawForm
from qls.system.views import crumbs


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Sharing", reverse("system:sharing")), *extra)


def sharing(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.VIEW)
    return render(
        request,
        "system/sharing/index.html",
        {
            "active": list(queries.active(request.user)),
            "withdrawn": list(queries.withdrawn(request.user)),
            "agreements": list(queries.agreements()),
            "can_manage": request.user.has_perm(perms.MANAGE),
            "withdrawable": set(queries.manageable(request.user).values_list("pk", flat=True)),
            "crumbs": crumbs(),
        },
    )


def _form_page(request: HttpRequest, form, heading: str, button: str, **extra) -> HttpResponse:
    return render(
        request,
        "system/sharing/form.html",
        {"form": form, "heading": heading, "button": button, "crumbs": _crumbs(), **extra},
    )


def agreement_new(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.MANAGE)
    form = AgreementForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agreement = actions.upload_agreement(
            name=data["name"],
            signed_on=data["signed_on"],
            document=data["document"],
            organisations=data["organisations"],
            by=request.user,
        )
        messages.success(request, f"{agreement.name} uploaded.")
        return redirect("system:sharing")
    return _form_page(
        request, form, "Upload a data-sharing agreement", "Upload the agreement", multipart=True
    )


def agreement_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed agreement, as a download, for people who may read the shares."""
    require(request.user, perms.VIEW)
    agreement = get_object_or_404(DataSharingAgreement, pk=pk)
    if not agreement.document:
        raise Http404("This agreement has no document")
    try:
        handle = agreement.document.open("rb")
    except FileNotFoundError:
        raise Http404("The agreement's document is missing") from None
    response = FileResponse(
        handle, as_attachment=True, filename=PurePath(agreement.document.name).name
    )
    # Served as a download only: the browser must neither guess a type nor run it.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def share_new(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.MANAGE)
    form = ShareForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            share = share_metric(
                metric=data["metric"],
                organisation=data["organisation"],
                agreement=data["agreement"],
                approved_by=request.user,
                shared_from=data["shared_from"],
            )
        except SharingError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"{share.organisation} now shares {share.metric.name}.")
            return redirect("system:sharing")
    return _form_page(request, form, "Share a metric with the system", "Share the metric")


def share_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, perms.MANAGE)
    share = get_object_or_404(
        queries.manageable(request.user).select_related("metric", "organisation"), pk=pk
    )
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_share(share, by=request.user, reason=form.cleaned_data["reason"])
        except SharingError as refused:
            form.add_error("reason", str(refused))
        else:
            messages.success(request, f"{share.organisation} no longer shares {share.metric.name}.")
            return redirect("system:sharing")
    return _form_page(
        request,
        form,
        f"Withdraw {share.organisation}'s share of {share.metric.name}",
        "Withdraw the share",
        share=share,
    )
