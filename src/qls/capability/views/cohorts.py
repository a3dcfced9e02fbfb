"""Cohorts: the list, one cohort (sessions, places, enrolments), and the cohort forms."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qls.capability import access
from qls.capability.models import PLACE_HOLDING, Cohort, Course, Enrolment
from qls.capability.permissions import MANAGE_TRAINING, VIEW_TRAINING
from qls.capability.training import completion, enrolment, planner
from qls.capability.training.errors import TrainingError
from qls.capability.training.forms import CohortForm, NewCohortForm
from qls.capability.views._common import base_url, crumbs
from qls.core.ids import ids_in_query, parse_id
from qls.core.pagination import paginate
from qls.organisation.models import Site

PAGE_SIZE = 50


@ids_in_query("course", "site")
def cohorts(request: HttpRequest) -> HttpResponse:
    access.require(request.user, VIEW_TRAINING)
    today = timezone.localdate()
    qs = Cohort.objects.select_related("course", "site").annotate(
        taken=Count("enrolments", filter=Q(enrolments__status__in=PLACE_HOLDING))
    )
    course = request.GET.get("course", "")
    site = request.GET.get("site", "")
    when = request.GET.get("when", "upcoming")
    if course:
        qs = qs.filter(course_id=parse_id(course))
    if site:
        qs = qs.filter(site_id=parse_id(site))
    if when == "past":
        qs = qs.filter(start_date__lt=today).order_by("-start_date", "name")
    elif when == "all":
        qs = qs.order_by("-start_date", "name")
    else:
        when = "upcoming"
        qs = qs.filter(start_date__gte=today).order_by("start_date", "name")
    paging = paginate(request, qs, PAGE_SIZE)
    return render(
        request,
        "capability/cohorts.html",
        {
            **paging,
            "rows": [(c, max(c.capacity - c.taken, 0)) for c in paging["page"]],
            "courses": Course.objects.all(),
            "sites": Site.objects.all(),
            "chosen": {"course": course, "site": site, "when": when},
            "can_manage": access.can_manage(request.user),
            "crumbs": crumbs(),
        },
    )


def cohort(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_cohort(request.user, pk)
    # Offers past their expiry pass to the next person before anyone sees the numbers.
    enrolment.expire_offers(item, base_url=base_url(request))
    manage = access.can_manage(request.user)
    participant = access.participant_of(request.user)
    mine = None
    if participant is not None:
        mine = (
            item.enrolments.filter(participant=participant)
            .exclude(status=Enrolment.Status.CANCELLED)
            .first()
        )
    sessions = list(item.sessions.all())
    context = {
        "cohort": item,
        "course": item.course,
        "sessions": sessions,
        "taken": enrolment.places_taken(item),
        "left": enrolment.places_left(item),
        "waiting": enrolment.waiting_list(item).count(),
        "mine": mine,
        "is_staff_member": access.staff_member_of(request.user) is not None,
        "taking_places": item.status in enrolment.BOOKABLE,
        "can_manage": manage,
        "can_nominate": access.can_nominate(request.user),
        "today": timezone.localdate(),
        "crumbs": crumbs(("Cohorts", reverse("capability:cohorts"))),
    }
    if manage:
        rows = list(
            item.enrolments.exclude(status=Enrolment.Status.CANCELLED)
            .select_related("participant__staff__site", "participant__organisation")
            .annotate(attended=Count("attendance", filter=Q(attendance__present=True)))
            .order_by("status", "waitlisted_at", "created_at", "pk")
        )
        context["enrolments"] = [r for r in rows if r.status != Enrolment.Status.WAITLISTED]
        context["waitlist"] = sorted(
            (r for r in rows if r.status == Enrolment.Status.WAITLISTED),
            key=lambda r: (r.waitlisted_at, r.pk),
        )
        context["cancelled"] = item.enrolments.filter(status=Enrolment.Status.CANCELLED).count()
        for row in context["enrolments"]:
            if row.status == Enrolment.Status.ENROLLED:
                row.completion_check = completion.check(row)
    return render(request, "capability/cohort.html", context)


def cohort_new(request: HttpRequest) -> HttpResponse:
    access.require(request.user, MANAGE_TRAINING)
    post = request.method == "POST"
    form = NewCohortForm(request.POST if post else None, initial={"capacity": 24})
    if post and form.is_valid():
        data = form.cleaned_data
        course = data["course"]
        planned = planner.PlannedCohort(
            name=data["name"],
            start_date=data["start_date"],
            site=data["site"],
            venue=data["venue"],
            capacity=data["capacity"],
            session_dates=[
                data["start_date"] + dt.timedelta(days=course.session_interval_days * n)
                for n in range(course.sessions_count)
            ],
        )
        try:
            (created,) = planner.create(
                course=course,
                planned=[planned],
                start_time=data["start_time"],
                end_time=data["end_time"],
                status=data["status"],
                facilitators=data["facilitators"],
            )
        except TrainingError as refusal:
            form.add_error("name", str(refusal))
        else:
            messages.success(
                request, f"{created.name} created with {course.sessions_count} sessions."
            )
            return redirect(created)
    return render(
        request,
        "capability/cohort_form.html",
        {
            "form": form,
            "cohort": None,
            "crumbs": crumbs(("Cohorts", reverse("capability:cohorts"))),
        },
    )


def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_managed_cohort(request.user, pk)
    post = request.method == "POST"
    old_capacity = item.capacity
    form = CohortForm(request.POST if post else None, instance=item)
    if post and form.is_valid():
        try:
            with transaction.atomic():
                new_capacity = form.cleaned_data["capacity"]
                cohort_obj = form.save(commit=False)
                cohort_obj.capacity = old_capacity
                cohort_obj.save()
                form.save_m2m()
                offers = enrolment.set_capacity(
                    cohort_obj, new_capacity, base_url=base_url(request)
                )
        except TrainingError as refusal:
            form.add_error("capacity", str(refusal))
        else:
            note = f" {len(offers)} place(s) offered from the waiting list." if offers else ""
            messages.success(request, f"{item.name} saved.{note}")
            return redirect(item)
    return render(
        request,
        "capability/cohort_form.html",
        {
            "form": form,
            "cohort": item,
            "crumbs": crumbs(
                ("Cohorts", reverse("capability:cohorts")), (item.name, item.get_absolute_url())
            ),
        },
    )


@require_POST
def cohort_open(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_managed_cohort(request.user, pk)
    try:
        allocated = enrolment.open_booking(item, by=request.user, base_url=base_url(request))
    except TrainingError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            f"{item.name} is open for enrolment; {len(allocated)} application(s) allocated.",
        )
    return redirect(item)


@require_POST
def cohort_completions(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_managed_cohort(request.user, pk)
    result = completion.recheck_completions(item, by=request.user, base_url=base_url(request))
    said = [
        f"{len(result.completed)} participant(s) newly completed."
        if result.completed
        else "No one newly completed."
    ]
    if result.withdrawn:
        names = ", ".join(e.participant.display_name for e in result.withdrawn)
        said.append(
            f"{len(result.withdrawn)} completion(s) withdrawn and certificate(s) revoked, "
            f"because the register no longer supports them: {names}."
        )
    messages.success(request, " ".join(said))
    return redirect(item)
