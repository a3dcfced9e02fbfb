"""Coaches and mentors: the coach directory and profiles, competency records and evidence,
faculty sign-off, coach assignment to projects, mentor pairings and the coach pipeline."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qls.capability.access import require, staff_member_of
from qls.capability.coaching import mentoring
from qls.capability.coaching.access import can_view_record, get_evidence
from qls.capability.coaching.errors import CoachingError
from qls.capability.coaching.forms import (
    AssignCoachForm,
    CoachFilterForm,
    CoachForm,
    DecisionForm,
    EvidenceForm,
    PairingForm,
)
from qls.capability.coaching.pipeline import coach_pipeline
from qls.capability.models import (
    Coach,
    Competency,
    CompetencyEvidence,
    CompetencyLevel,
    MentorPairing,
)
from qls.capability.permissions import (
    MANAGE_COACHING,
    SIGN_OFF_COMPETENCY,
    SUBMIT_EVIDENCE,
    VIEW_COACHES,
    VIEW_TRAINING_REPORTS,
)
from qls.core.exports import table_response
from qls.organisation.models import StaffMember
from qls.projects.models import ProjectMember


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("core:home")),
        ("Learning", reverse("capability:index")),
        ("Coaches", reverse("capability:coaches")),
        *extra,
    ]


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
            "crumbs": _crumbs()[:-1],
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


def framework(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW_COACHES)
    levels = CompetencyLevel.objects.prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("code"))
    )
    return render(
        request,
        "capability/coaching/framework.html",
        {"levels": levels, "crumbs": _crumbs()},
    )


def my_record(request: HttpRequest) -> HttpResponse:
    require(request.user, SUBMIT_EVIDENCE)
    staff = staff_member_of(request.user)
    if staff is None:
        raise Http404("Your account is not linked to a staff record")
    return redirect("capability:record", staff_number=staff.staff_number)


def record(request: HttpRequest, staff_number: str) -> HttpResponse:
    """One person's competency record: every competency, its evidence and sign-off."""
    require(request.user, VIEW_COACHES)
    staff = get_object_or_404(StaffMember.objects.select_related("site"), staff_number=staff_number)
    if not can_view_record(request.user, staff):
        raise PermissionDenied
    evidence = list(CompetencyEvidence.objects.filter(staff=staff).select_related("signed_off_by"))
    by_competency: dict[int, list[CompetencyEvidence]] = {}
    for item in evidence:
        by_competency.setdefault(item.competency_id, []).append(item)
    levels = []
    for level in CompetencyLevel.objects.prefetch_related("competencies"):
        rows = []
        for competency in level.competencies.all():
            items = by_competency.get(competency.pk, [])
            statuses = {e.status for e in items}
            if CompetencyEvidence.Status.SIGNED_OFF in statuses:
                state = "signed_off"
            elif CompetencyEvidence.Status.SUBMITTED in statuses:
                state = "submitted"
            elif items:
                state = "returned"
            else:
                state = "none"
            rows.append((competency, state, items))
        done = sum(1 for _c, s, _i in rows if s == "signed_off")
        levels.append((level, rows, done))
    is_self = staff.user_id == request.user.pk
    coach_record = Coach.objects.filter(staff=staff).select_related("level").first()
    return render(
        request,
        "capability/coaching/record.html",
        {
            "staff": staff,
            "levels": levels,
            "is_self": is_self,
            "coach": coach_record,
            "form": EvidenceForm() if is_self else None,
            "crumbs": _crumbs(),
        },
    )


def evidence_new(request: HttpRequest) -> HttpResponse:
    require(request.user, SUBMIT_EVIDENCE)
    staff = staff_member_of(request.user)
    if staff is None:
        raise PermissionDenied("Your account is not linked to a staff record")
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = mentoring.submit_evidence(
                staff=staff,
                competency=form.cleaned_data["competency"],
                file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except CoachingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Evidence for {item.competency.code} sent to the faculty for sign-off."
            )
            return redirect("capability:record", staff_number=staff.staff_number)
    return render(
        request,
        "capability/coaching/evidence_form.html",
        {
            "form": form,
            "crumbs": _crumbs(
                ("My competency record", reverse("capability:my_record")),
            ),
        },
    )


def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, VIEW_COACHES)
    item = get_evidence(request, pk)
    can_decide = (
        request.user.has_perm(SIGN_OFF_COMPETENCY)
        and item.status == CompetencyEvidence.Status.SUBMITTED
        and item.staff.user_id != request.user.pk
    )
    form = DecisionForm(request.POST or None) if can_decide else None
    problem = ""
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                mentoring.decide_evidence(
                    evidence=item,
                    sign_off=form.cleaned_data["decision"] == "sign_off",
                    comment=form.cleaned_data["comment"],
                    by=request.user,
                )
            except CoachingError as error:
                problem = str(error)
            else:
                verb = "signed off" if form.cleaned_data["decision"] == "sign_off" else "returned"
                messages.success(
                    request, f"{item.staff}'s evidence for {item.competency.code} {verb}."
                )
                return redirect("capability:sign_off")
    return render(
        request,
        "capability/coaching/evidence.html",
        {
            "evidence": item,
            "form": form,
            "problem": problem,
            "crumbs": _crumbs(
                ("Competency record", reverse("capability:record", args=[item.staff.staff_number]))
            ),
        },
    )


def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    require(request.user, VIEW_COACHES)
    item = get_evidence(request, pk)
    if not item.file:
        raise Http404("This evidence has no file")
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.filename)


def sign_off(request: HttpRequest) -> HttpResponse:
    require(request.user, SIGN_OFF_COMPETENCY)
    waiting = (
        CompetencyEvidence.objects.filter(status=CompetencyEvidence.Status.SUBMITTED)
        .select_related("staff__site", "competency__level")
        .order_by("submitted_at")
    )
    recent = (
        CompetencyEvidence.objects.exclude(status=CompetencyEvidence.Status.SUBMITTED)
        .select_related("staff", "competency", "signed_off_by")
        .order_by("-signed_off_at")[:10]
    )
    return render(
        request,
        "capability/coaching/sign_off.html",
        {"waiting": waiting, "recent": recent, "now": timezone.now(), "crumbs": _crumbs()},
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
    "evidence",
    "evidence_file",
    "evidence_new",
    "framework",
    "my_record",
    "pairing_end",
    "pairings",
    "pipeline",
    "pipeline_download",
    "record",
    "sign_off",
]
