"""Confirming a project's IHI progress score: QLS suggests, the coach confirms or overrides."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from qls.core.breadcrumbs import trail
from qls.projects import scores
from qls.projects.access import can_confirm_score, get_project
from qls.projects.forms.score import ProgressScoreForm


def confirm_score(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request, pk)
    if not can_confirm_score(request.user, project):
        raise PermissionDenied(
            "Only the project's coach or the improvement team confirms its progress score; "
            "the team does not score its own project"
        )
    suggestion = scores.suggest_score(project)
    post = request.method == "POST"
    form = ProgressScoreForm(request.POST if post else None, suggestion=suggestion)
    if post and form.is_valid():
        try:
            expected = Decimal(form.cleaned_data["suggested"])
        except InvalidOperation:
            expected = None
        try:
            score = scores.confirm_score(
                project=project,
                by=request.user,
                confirmed=form.cleaned_data["confirmed"],
                reason=form.cleaned_data["reason"],
                expected_suggestion=expected,
            )
        except scores.ProgressScoreError as error:
            form.add_error(error.field, str(error))
        else:
            verb = "changed to" if score.is_override else "confirmed at"
            messages.success(request, f"The IHI progress score is {verb} {score.confirmed_label}.")
            return redirect(reverse("projects:project", args=[project.pk]) + "#progress-score")
    return render(
        request,
        "projects/score.html",
        {
            "project": project,
            "form": form,
            "suggestion": suggestion,
            "current": scores.current_score(project),
            "crumbs": trail(
                "QI projects", "projects:index", (project.title, project.get_absolute_url())
            ),
        },
        status=400 if form.errors else 200,
    )
