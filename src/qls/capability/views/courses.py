"""Courses: the list, one course with its cohorts, and the improvement team's course form."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qls.capability import access
from qls.capability.models import PLACE_HOLDING, Course, Enrolment
from qls.capability.permissions import MANAGE_TRAINING, VIEW_TRAINING
from qls.capability.training.forms import CourseForm
from qls.capability.views._common import crumbs
from qls.core import panels


def courses(request: HttpRequest) -> HttpResponse:
    access.require(request.user, VIEW_TRAINING)
    rows = Course.objects.annotate(
        cohort_count=Count("cohorts", distinct=True),
        trained=Count(
            "cohorts__enrolments",
            filter=Q(cohorts__enrolments__status=Enrolment.Status.COMPLETED),
        ),
    )
    return render(
        request,
        "capability/courses.html",
        {"courses": rows, "can_manage": access.can_manage(request.user), "crumbs": crumbs()},
    )


def course(request: HttpRequest, pk: int) -> HttpResponse:
    access.require(request.user, VIEW_TRAINING)
    item = get_object_or_404(Course, pk=pk)
    cohorts = (
        item.cohorts.select_related("site")
        .annotate(taken=Count("enrolments", filter=Q(enrolments__status__in=PLACE_HOLDING)))
        .order_by("-start_date")
    )
    return render(
        request,
        "capability/course.html",
        {
            "course": item,
            "cohorts": cohorts[:200],
            "cohort_total": cohorts.count(),
            "can_manage": access.can_manage(request.user),
            "panels": panels.for_page("capability.course", item, request.user),
            "crumbs": crumbs(("Courses", reverse("capability:courses"))),
        },
    )


def course_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    access.require(request.user, MANAGE_TRAINING)
    item = get_object_or_404(Course, pk=pk) if pk else None
    post = request.method == "POST"
    form = CourseForm(request.POST if post else None, instance=item)
    if post and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved.name} saved.")
        return redirect(saved)
    return render(
        request,
        "capability/course_form.html",
        {
            "form": form,
            "course": item,
            "crumbs": crumbs(("Courses", reverse("capability:courses"))),
        },
    )
