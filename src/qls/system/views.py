"""Pages of system quality oversight: the home, and the quality risk register."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qls.core.breadcrumbs import home, trail
from qls.system import actions, queries
from qls.system import permissions as perms
from qls.system.access import get_risk, require
from qls.system.dashboard.queries.matrix import home_context as dashboard_home_context
from qls.system.errors import RiskError
from qls.system.forms import ActionForm, LevelForm, RiskForm
from qls.system.learning import queries as learning_queries
from qls.system.models import QualityRisk, RiskAction
from qls.system.scoring import Band, Level
from qls.system.tenancy import organisation_of, sees_every_organisation, visible_organisations


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return trail("System", "system:index", *extra)


def _risks_crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Quality risks", reverse("system:risks")), *extra)


def index(request: HttpRequest) -> HttpResponse:
    """The system quality dashboard: shared metrics' icons, then the risk counts."""
    require(request.user, perms.VIEW)
    return render(
        request,
        "system/index.html",
        {
            **dashboard_home_context(request.user),
            "overview": queries.overview(request.user),
            "learning": learning_queries.home_counts(request.user),
            "every_organisation": sees_every_organisation(request.user),
            "organisation": organisation_of(request.user),
            "can_raise": request.user.has_perm(perms.RAISE),
            "crumbs": home(),
        },
    )


def risks(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.VIEW)
    filters = queries.parse_filters(request.user, request.GET)
    return render(
        request,
        "system/risk_list.html",
        {
            "risks": list(queries.risk_list(request.user, filters)),
            "filters": filters,
            "organisations": visible_organisations(request.user).order_by("name"),
            "levels": Level.choices,
            "bands": Band.choices,
            "can_raise": request.user.has_perm(perms.RAISE),
            "crumbs": crumbs(),
        },
    )


def _form_page(request: HttpRequest, form: RiskForm, heading: str, risk=None) -> HttpResponse:
    extra = [(str(risk), risk.get_absolute_url())] if risk else []
    return render(
        request,
        "system/risk_form.html",
        {"form": form, "heading": heading, "risk": risk, "crumbs": _risks_crumbs(*extra)},
    )


def risk_new(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.VIEW)
    require(request.user, perms.RAISE)
    form = RiskForm(
        request.POST or None,
        user=request.user,
        initial={"organisation": organisation_of(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        risk = actions.raise_risk(
            organisation=data["organisation"],
            title=data["title"],
            description=data["description"],
            owner=data["owner"],
            controls=data["controls"],
            likelihood=data["likelihood"],
            consequence=data["consequence"],
            review_on=data["review_on"],
            metrics=data["metrics"],
            projects=data["projects"],
            intelligence=data["intelligence"],
            by=request.user,
        )
        messages.success(request, f"{risk.title} added to the risk register.")
        return redirect(risk)
    return _form_page(request, form, "Raise a quality risk")


def risk(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_risk(request.user, pk)
    return _risk_page(request, found, ActionForm(prefix="action"))


def _risk_page(request: HttpRequest, found: QualityRisk, action_form: ActionForm) -> HttpResponse:
    return render(
        request,
        "system/risk.html",
        {
            "risk": found,
            "actions": list(found.actions.select_related("owner")),
            "decisions": list(found.decisions.select_related("by")),
            "metrics": list(found.metrics.order_by("name")),
            "projects": list(found.projects.order_by("title")),
            "action_form": action_form,
            "can_edit": request.user.has_perm(perms.EDIT),
            "can_escalate": request.user.has_perm(perms.ESCALATE),
            "crumbs": _risks_crumbs(),
        },
    )


def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_risk(request.user, pk, permission=perms.EDIT)
    form = RiskForm(request.POST or None, instance=found, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_risk(form=form)
        messages.success(request, f"{saved.title} saved.")
        return redirect(saved)
    return _form_page(request, form, f"Edit {found.title}", found)


def risk_level(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_risk(request.user, pk, permission=perms.ESCALATE)
    form = LevelForm(request.POST or None, current=found.level)
    if request.method == "POST" and form.is_valid():
        try:
            decision = actions.change_level(
                risk=found,
                to_level=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except RiskError as refused:
            form.add_error("reason", str(refused))
        else:
            messages.success(
                request, f"{found.title} moved to {decision.get_to_level_display().lower()}."
            )
            return redirect(found)
    return render(
        request,
        "system/risk_level.html",
        {
            "risk": found,
            "form": form,
            "action": reverse("system:risk_level", args=[found.pk]),
            "cancel_url": found.get_absolute_url(),
            "crumbs": _risks_crumbs((str(found), found.get_absolute_url())),
        },
    )


@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_risk(request.user, pk, permission=perms.EDIT)
    form = ActionForm(request.POST, prefix="action")
    if not form.is_valid():
        return _risk_page(request, found, form)
    data = form.cleaned_data
    actions.add_action(
        risk=found, description=data["description"], owner=data["owner"], due_on=data["due_on"]
    )
    messages.success(request, "Action added.")
    return redirect(found)


@require_POST
def action_done(request: HttpRequest, pk: int, action: int) -> HttpResponse:
    found = get_risk(request.user, pk, permission=perms.EDIT)
    item = get_object_or_404(RiskAction, risk=found, pk=action)
    try:
        actions.complete_action(action=item)
    except RiskError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Action done: {item.description}")
    return redirect(found)
