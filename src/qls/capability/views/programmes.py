"""Improvement programmes and system-wide cohorts: teams, wicked problems, SROs, coaches and
team projects in the registry."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qls.capability.access import require
from qls.capability.coaching import programmes as programme_actions
from qls.capability.coaching.errors import CoachingError
from qls.capability.coaching.forms import (
    LinkProjectForm,
    ProgrammeForm,
    SplitForm,
    TeamForm,
    TeamProjectForm,
)
from qls.capability.models import ImprovementProgramme, ProgrammeTeam
from qls.capability.permissions import MANAGE_PROGRAMMES, VIEW_PROGRAMMES
from qls.capability.views._common import crumbs


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Programmes", reverse("capability:programmes")), *extra)


def programmes(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW_PROGRAMMES)
    rows = (
        ImprovementProgramme.objects.select_related("cohort")
        .prefetch_related("sites")
        .annotate(n_teams=Count("teams", distinct=True))
    )
    return render(
        request,
        "capability/programmes/list.html",
        {
            "programmes": rows,
            "can_manage": request.user.has_perm(MANAGE_PROGRAMMES),
            "crumbs": crumbs(),
        },
    )


def programme(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, VIEW_PROGRAMMES)
    item = get_object_or_404(
        ImprovementProgramme.objects.select_related(
            "cohort", "registry_programme"
        ).prefetch_related("sites"),
        pk=pk,
    )
    teams = item.teams.select_related("sro", "coach__staff", "project").prefetch_related(
        "members__staff__organisation", "members__organisation"
    )
    can_manage = request.user.has_perm(MANAGE_PROGRAMMES)
    participants = programme_actions.programme_participants(item)
    return render(
        request,
        "capability/programmes/programme.html",
        {
            "programme": item,
            "teams": teams,
            "participant_count": len(participants),
            "can_manage": can_manage,
            "split_form": SplitForm()
            if can_manage and not any(t.members.exists() for t in teams)
            else None,
            "crumbs": _crumbs(),
        },
    )


def programme_new(request: HttpRequest) -> HttpResponse:
    require(request.user, MANAGE_PROGRAMMES)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = programme_actions.create_programme(
                name=data["name"],
                kind=data["kind"],
                description=data["description"],
                cohort=data["cohort"],
                sites=data["sites"],
                by=request.user,
            )
        except CoachingError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"{item} created.")
            return redirect(item)
    return render(
        request, "capability/programmes/programme_form.html", {"form": form, "crumbs": _crumbs()}
    )


def programme_split(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE_PROGRAMMES)
    item = get_object_or_404(ImprovementProgramme, pk=pk)
    form = SplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            teams = programme_actions.split_into_teams(
                programme=item, teams=form.cleaned_data["teams"], by=request.user
            )
        except CoachingError as error:
            form.add_error("teams", str(error))
        else:
            sizes = sorted({t.members.count() for t in teams})
            size_text = " or ".join(str(s) for s in sizes)
            messages.success(request, f"Participants split into {len(teams)} teams of {size_text}.")
            return redirect(item)
    return render(
        request,
        "capability/programmes/split.html",
        {
            "programme": item,
            "form": form,
            "participant_count": len(programme_actions.programme_participants(item)),
            "crumbs": _crumbs((str(item), item.get_absolute_url())),
        },
    )


def _team(pk: int) -> ProgrammeTeam:
    return get_object_or_404(
        ProgrammeTeam.objects.select_related(
            "programme__registry_programme", "coach__staff", "sro"
        ),
        pk=pk,
    )


def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE_PROGRAMMES)
    team = _team(pk)
    form = TeamForm(request.POST or None, instance=team)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{team.name} saved.")
        return redirect(team.programme)
    return render(
        request,
        "capability/programmes/team_form.html",
        {
            "team": team,
            "form": form,
            "crumbs": _crumbs((str(team.programme), team.programme.get_absolute_url())),
        },
    )


def team_project(request: HttpRequest, pk: int) -> HttpResponse:
    """Register the team's project in the registry (pre-filled), or link an existing one."""
    require(request.user, MANAGE_PROGRAMMES)
    team = _team(pk)
    post = request.POST if request.method == "POST" else None
    action = (post or {}).get("action")
    link_form = LinkProjectForm(post if action == "link" else None, prefix="link")
    new_form = TeamProjectForm(
        post if action == "create" else None,
        prefix="new",
        initial={
            "title": f"{team.programme.name}: {team.name}",
            "problem": team.wicked_problem,
        },
    )
    problem = ""
    if action == "link" and link_form.is_valid():
        programme_actions.link_team_project(
            team=team, project=link_form.cleaned_data["project"], by=request.user
        )
        messages.success(request, f"{team.name} linked to {link_form.cleaned_data['project']}.")
        return redirect(team.programme)
    if action == "create" and new_form.is_valid():
        data = new_form.cleaned_data
        try:
            project = programme_actions.create_team_project(
                team=team,
                title=data["title"],
                problem=data["problem"],
                aim_statement=data["aim_statement"],
                strategic_aims=data["strategic_aims"],
                lead=data["lead"],
                by=request.user,
            )
        except CoachingError as error:
            problem = str(error)
        else:
            messages.success(request, f"{project} registered for {team.name}.")
            return redirect(team.programme)
    return render(
        request,
        "capability/programmes/team_project.html",
        {
            "team": team,
            "link_form": link_form,
            "new_form": new_form,
            "problem": problem,
            "crumbs": _crumbs((str(team.programme), team.programme.get_absolute_url())),
        },
    )


__all__ = [
    "programme",
    "programme_new",
    "programme_split",
    "programmes",
    "team_edit",
    "team_project",
]
