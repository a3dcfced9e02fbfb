"""The Learning landing page: what is on, my training, and every section of the area."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from qls.capability import access
from qls.capability.models import PLACE_HOLDING, Cohort, Course, Enrolment
from qls.capability.permissions import VIEW_TRAINING
from qls.capability.training import surveys
from qls.core.breadcrumbs import home

# Sections of the area beyond training: (url name, title, summary).
OTHER_SECTIONS = [
    ("capability:programmes", "Improvement programmes",
     "Programmes wrapped around QSIR cohorts and system-wide teams working on shared problems."),
    ("capability:coaches", "Coaches and mentors",
     "The coach directory, the competency framework and mentor pairings."),
    ("capability:clinics", "QI clinics",
     "Book a slot with an improvement coach at your site."),
    ("capability:sets", "Action learning sets",
     "Small groups meeting regularly to work through their improvement projects."),
]  # fmt: skip


def _sections() -> list[tuple[str, str, str]]:
    return [(reverse(name), title, summary) for name, title, summary in OTHER_SECTIONS]


def index(request: HttpRequest) -> HttpResponse:
    # Every signed-in person reaches the landing page (the header links here);
    # without a role it only says how to get access.
    if not request.user.has_perm(VIEW_TRAINING):
        return render(
            request,
            "capability/index.html",
            {"no_access": True, "crumbs": home()},
        )
    today = timezone.localdate()
    upcoming = (
        Cohort.objects.filter(
            start_date__gte=today, status__in=[Cohort.Status.OPEN, Cohort.Status.PLANNED]
        )
        .select_related("course", "site")
        .annotate(taken=Count("enrolments", filter=Q(enrolments__status__in=PLACE_HOLDING)))
        .order_by("start_date")[:6]
    )
    participant = access.participant_of(request.user)
    mine = []
    pending = []
    if participant is not None:
        mine = list(
            Enrolment.objects.filter(participant=participant)
            .exclude(status=Enrolment.Status.CANCELLED)
            .select_related("cohort__course")
            .order_by("-cohort__start_date")[:5]
        )
        pending = list(surveys.pending_for(participant))
    trained = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED)
    return render(
        request,
        "capability/index.html",
        {
            "upcoming": [(c, max(c.capacity - c.taken, 0)) for c in upcoming],
            "mine": mine,
            "pending": pending,
            "courses": Course.objects.filter(active=True),
            "figures": {
                "trained": trained.count(),
                "practitioners": trained.filter(
                    cohort__course__kind=Course.Kind.PRACTITIONER
                ).count(),
                "this_year": trained.filter(completed_at__year=today.year).count(),
            },
            "sections": _sections(),
            "can_manage": access.can_manage(request.user),
            "can_report": access.can_see_reports(request.user),
            "crumbs": home(),
        },
    )
