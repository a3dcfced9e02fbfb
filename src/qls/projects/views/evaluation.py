"""The evaluation written at closure, and the improvement team's list of all of them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from qls.core.pagination import paginate
from qls.projects import actions
from qls.projects.access import get_editable_project
from qls.projects.errors import ProjectError
from qls.projects.forms.evaluation import EvaluationForm
from qls.projects.models import Evaluation, Evidence
from qls.projects.permissions import VIEW_EVALUATIONS
from qls.projects.views._common import crumbs, project_crumbs

PAGE_SIZE = 25


def evaluation_form(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_editable_project(request, pk)
    evaluation = Evaluation.objects.filter(project=project).first()
    post = request.method == "POST"
    form = EvaluationForm(request.POST if post else None, instance=evaluation)
    if post and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            actions.save_evaluation(project=project, by=request.user, fields=fields)
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Evaluation saved.")
            if project.is_closed:
                return redirect(project)
            return redirect("projects:close", project.pk)
    evidence = Evidence.objects.filter(measure__project=project, found=True).select_related(
        "measure"
    )
    return render(
        request,
        "projects/evaluation_form.html",
        {
            "project": project,
            "form": form,
            "evidence": evidence,
            "crumbs": project_crumbs(project),
        },
    )


@permission_required(VIEW_EVALUATIONS, raise_exception=True)
def evaluations(request: HttpRequest) -> HttpResponse:
    queryset = Evaluation.objects.select_related(
        "project", "project__site", "project__ward", "completed_by"
    ).order_by("-completed_at")
    achieved = request.GET.get("aim_achieved", "")
    if achieved in Evaluation.AimAchieved.values:
        queryset = queryset.filter(aim_achieved=achieved)
    paging = paginate(request, queryset, PAGE_SIZE)
    return render(
        request,
        "projects/evaluations.html",
        {
            **paging,
            "achieved": achieved,
            "choices": Evaluation.AimAchieved.choices,
            "crumbs": crumbs(),
            "self_url": reverse("projects:evaluations"),
        },
    )
