"""Coaches and mentors: the coach directory and profiles, coach assignment to projects,
mentor pairings and the coach pipeline."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qls.capability.access import require, staff_member_of
from qls.capability.coaching import mentoring
from qls.capability.coaching.access import can_view_record
from qls.capability.coaching.errors import CoachingError
from qls.capability.coaching.forms import (
    AssignCoachForm,
    CoachFilterForm,
    CoachForm,
    PairingForm,
)
from qls.capability.coaching.pipeline import coach_pipeline
from qls.capability.models import (
    Coach,
    CompetencyEvidence,
    MentorPairing,
)
from qls.capability.permissions import (
    MANAGE_COACHING,
    SIGN_OFF_COMPETENCY,
    VIEW_COACHES,
    VIEW_TRAINING_REPORTS,
)
from qls.capability.views._common import crumbs
from qls.core.exports import table_response
from qls.projects.models import ProjectMember


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Coaches", reverse("capability:coaches")), *extra)


def _coached_count() -> Count:
    return Count(
        "staff__project_memberships__project",
        filter=Q(staff__project_memberships__role=ProjectMember.Role.COACH)
        & ~Q(staff__project_memberships__project__stage="closed"),
        distinct=True,
    )


def coaches(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW_COACHES)
    form = CoachFilterForm(request.GET or None)
    rows = (
        Coach.objects.select_related("staff__site", "level")
        .prefetch_related("sites")
        .annotate(active_projects=_coached_count())
        .order_by("-active", "-level__order", "staff__last_name")
    )
    if not request.user.has_perm(MANAGE_COACHING):
        rows = rows.filter(active=True)
    if form.is_valid():
        if form.cleaned_data["site"]:
            rows = rows.filter(sites=form.cleaned_data["site"])
        if form.cleaned_data["level"]:
            rows = rows.filter(level=form.cleaned_data["level"])
    rows = list(rows)
    if form.is_valid() and form.cleaned_data["available"]:
        rows = [c for c in rows if c.active and c.capacity_left > 0]
    staff = staff_member_of(request.user)
    return render(
        request,
        "capability/coaching/coaches.html",
        {
            "form": form,
            "coaches": rows,
            "can_manage": request.user.has_perm(MANAGE_COACHING),
            "can_sign_off": request.user.has_perm(SIGN_OFF_COMPETENCY),
            "can_see_pipeline": _can_see_pipeline(request.user),
            "waiting": CompetencyEvidence.objects.filter(
                status=CompetencyEvidence.Status.SUBMITTED
            ).count()
            if request.user.has_perm(SIGN_OFF_COMPETENCY)
            else 0,
            "has_record": staff is not None,
            "crumbs": crumbs(),
        },
    )


def coach(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, VIEW_COACHES)
    item = get_object_or_404(
        Coach.objects.select_related("staff__site", "staff__ward", "level").prefetch_related(
            "sites"
        ),
        pk=pk,
    )
    is_self = item.staff.user_id == request.user.pk
    can_manage = request.user.has_perm(MANAGE_COACHING)
    mentees = (
        MentorPairing.objects.filter(mentor=item.staff, ended__isnull=True).select_related("mentee")
        if is_self or can_manage
        else []
    )
    return render(
        request,
        "capability/coaching/coach.html",
        {
            "coach": item,
            "projects": item.coached_projects().select_related("site").order_by("title"),
            "clinics": item.clinics.filter(active=True).select_related("site"),
            "mentees": mentees,
            "is_self": is_self,
            "can_manage": can_manage,
            "can_see_record": can_view_record(request.user, item.staff),
            "assign_form": AssignCoachForm() if can_manage else None,
            "crumbs": _crumbs(),
        },
    )


def coach_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, MANAGE_COACHING)
    item = get_object_or_404(Coach, pk=pk) if pk else None
    form = CoachForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        staff = form.cleaned_data.get("staff")
        if staff is not None and Coach.objects.filter(staff=staff).exists():
            form.add_error("staff", f"{staff} is already in the coach directory")
        else:
            saved = form.save()
            messages.success(request, f"Coach record for {saved} saved.")
            return redirect(saved)
    return render(
        request,
        "capability/coaching/coach_form.html",
        {
            "form": form,
            "coach": item,
            "crumbs": _crumbs(*([(str(item), item.get_absolute_url())] if item else [])),
        },
    )


def coach_assign(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE_COACHING)
    item = get_object_or_404(Coach.objects.select_related("staff"), pk=pk)
    form = AssignCoachForm(request.POST or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        project = form.cleaned_data["project"]
        try:
            mentoring.assign_coach(coach=item, project=project, by=request.user)
        except CoachingError as error:
            problem = str(error)
        else:
            messages.success(request, f"{item} now coaches {project}.")
            return redirect(item)
    return render(
        request,
        "capability/coaching/assign.html",
        {
            "coach": item,
            "form": form,
            "problem": problem,
            "crumbs": _crumbs((str(item), item.get_absolute_url())),
        },
    )


def pairings(request: HttpRequest) -> HttpResponse:
    require(request.user, MANAGE_COACHING)
    form = PairingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pairing = mentoring.pair_mentor(
                mentor=form.cleaned_data["mentor"],
                mentee=form.cleaned_data["mentee"],
                started=form.cleaned_data["started"],
                by=request.user,
            )
        except CoachingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{pairing.mentor} is now mentoring {pairing.mentee}.")
            return redirect("capability:pairings")
    rows = MentorPairing.objects.select_related("mentor__site", "mentee__site")
    return render(
        request,
        "capability/coaching/pairings.html",
        {
            "form": form,
            "open": rows.filter(ended__isnull=True),
            "ended": rows.filter(ended__isnull=False)[:20],
            "crumbs": _crumbs(),
        },
    )


@require_POST
def pairing_end(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE_COACHING)
    pairing = get_object_or_404(MentorPairing, pk=pk)
    try:
        mentoring.end_pairing(pairing=pairing, by=request.user)
    except CoachingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{pairing} ended.")
    return redirect("capability:pairings")


def _can_see_pipeline(user) -> bool:
    return user.has_perm(MANAGE_COACHING) or user.has_perm(VIEW_TRAINING_REPORTS)


def pipeline(request: HttpRequest) -> HttpResponse:
    if not _can_see_pipeline(request.user):
        raise PermissionDenied
    return render(
        request,
        "capability/coaching/pipeline.html",
        {"pipeline": coach_pipeline(), "crumbs": _crumbs()},
    )


def pipeline_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The pipeline table by level as CSV or Excel."""
    if not _can_see_pipeline(request.user):
        raise PermissionDenied
    if fmt not in ("csv", "xlsx"):
        raise Http404("Downloads are CSV or XLSX")
    report = coach_pipeline()
    return table_response("coach-pipeline", report.HEADERS, report.rows(), fmt, sheet="Pipeline")


__all__ = [
    "coach",
    "coach_assign",
    "coach_edit",
    "coaches",
    "pairing_end",
    "pairings",
    "pipeline",
    "pipeline_download",
]
