"""Competency records: the framework, a person's record, evidence and faculty sign-off."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from qls.capability.access import require, staff_member_of
from qls.capability.coaching import mentoring
from qls.capability.coaching.access import can_view_record, get_evidence
from qls.capability.coaching.errors import CoachingError
from qls.capability.coaching.forms import (
    EvidenceForm,
    SignOffDecisionForm,
)
from qls.capability.models import (
    Coach,
    Competency,
    CompetencyEvidence,
    CompetencyLevel,
)
from qls.capability.permissions import (
    SIGN_OFF_COMPETENCY,
    SUBMIT_EVIDENCE,
    VIEW_COACHES,
)
from qls.capability.views.coaching import _crumbs
from qls.organisation.models import StaffMember


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
    form = SignOffDecisionForm(request.POST or None) if can_decide else None
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


__all__ = [
    "evidence",
    "evidence_file",
    "evidence_new",
    "framework",
    "my_record",
    "record",
    "sign_off",
]
