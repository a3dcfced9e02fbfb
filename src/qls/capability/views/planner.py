"""The cohort planner: choose, preview, then create a year of cohorts in one step."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from qls.capability import access
from qls.capability.permissions import MANAGE_TRAINING
from qls.capability.training import planner
from qls.capability.training.errors import TrainingError
from qls.capability.training.forms import PlannerForm
from qls.capability.views._common import crumbs


def plan(request: HttpRequest) -> HttpResponse:
    """GET with the form's fields previews; POST with the same fields creates."""
    access.require(request.user, MANAGE_TRAINING)
    post = request.method == "POST"
    data = request.POST if post else (request.GET if "course" in request.GET else None)
    form = PlannerForm(data)
    preview, clashing = None, []
    if data is not None and form.is_valid():
        d = form.cleaned_data
        sites = list(d["sites"])
        try:
            preview = planner.plan(
                course=d["course"],
                year=d["year"],
                count=d["count"],
                weekday=d["weekday"],
                sites=sites,
                capacity=d["capacity"],
                venues={s.pk: d["venue"] for s in sites},
                each_site=d["each_site"],
            )
        except TrainingError as refusal:
            form.add_error("count", str(refusal))
        else:
            clashing = planner.clashes(d["course"], preview)
            if post:
                try:
                    created = planner.create(
                        course=d["course"],
                        planned=preview,
                        start_time=d["start_time"],
                        end_time=d["end_time"],
                        status=d["status"],
                    )
                except TrainingError as refusal:
                    messages.error(request, str(refusal))
                else:
                    messages.success(
                        request,
                        f"{len(created)} cohorts of {d['course'].name} created for {d['year']}, "
                        f"with {sum(len(p.session_dates) for p in preview)} sessions.",
                    )
                    url = reverse("capability:cohorts")
                    return redirect(f"{url}?course={d['course'].pk}&when=all")
    return render(
        request,
        "capability/planner.html",
        {
            "form": form,
            "preview": preview,
            "clashing": clashing,
            "query": request.GET.urlencode(),
            "crumbs": crumbs(("Cohorts", reverse("capability:cohorts"))),
        },
    )
