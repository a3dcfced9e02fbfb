"""The wave planner, the programme board and a ward's journey page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qls.core.ids import parse_id
from qls.wards import permissions as perms
from qls.wards.access import get_journey, require
from qls.wards.actions.plan import save_plan
from qls.wards.actions.stages import advance_stage
from qls.wards.errors import WardsError
from qls.wards.forms.programme import JourneyForm, ProgrammeForm
from qls.wards.models import WardJourney, WardProgramme
from qls.wards.models.journey import Stage
from qls.wards.planning import propose_plan
from qls.wards.views._common import chosen_programme, crumbs, site_or_404


def _assignments(request: HttpRequest) -> tuple[dict[int, int], list[str]]:
    chosen: dict[int, int] = {}
    problems: list[str] = []
    for key, value in request.POST.items():
        if not key.startswith("ward-"):
            continue
        ward_id = key.removeprefix("ward-")
        ward_pk, wave = parse_id(ward_id), parse_id(value)
        if ward_pk is None or wave is None or wave < 1:
            problems.append("Choose a wave for every ward.")
            continue
        chosen[ward_pk] = wave
    return chosen, problems


def plan(request: HttpRequest, site: str) -> HttpResponse:
    require(request.user, perms.PLAN)
    found = site_or_404(site)
    programme = chosen_programme(request)
    assignments: dict[int, int] = {}
    errors: list[str] = []
    if request.method == "POST":
        assignments, errors = _assignments(request)
        if request.POST.get("do") == "save" and not errors:
            try:
                planned, moved, warnings = save_plan(
                    programme=programme, site=found, assignments=assignments
                )
            except WardsError as error:
                errors.append(error.message)
            else:
                messages.success(
                    request,
                    f"Plan for {found.name} saved: {planned} ward{'s'[: planned != 1]} planned, "
                    f"{moved} moved.",
                )
                for warning in warnings:
                    messages.warning(request, warning)
                return redirect(f"{request.path}?programme={programme.pk}")
    proposal = propose_plan(programme, found, assignments=assignments)
    context = {
        "programme": programme,
        "programmes": WardProgramme.objects.all(),
        "site": found,
        "plan": proposal,
        "wave_choices": [*proposal.slots, _next_slot(proposal)],
        "errors": errors,
        "unsaved": request.method == "POST",
        "crumbs": crumbs((f"{found.name} board", reverse("wards:board", args=[found.code]))),
    }
    template = "wards/_plan.htmx.html" if request.htmx else "wards/plan.html"
    return render(request, template, context)


def _next_slot(proposal):
    from qls.wards.planning import build_slots

    return build_slots(proposal.programme, len(proposal.slots) + 1)[-1]


def board(request: HttpRequest, site: str) -> HttpResponse:
    require(request.user, perms.VIEW)
    found = site_or_404(site)
    programme = chosen_programme(request)
    journeys = (
        WardJourney.objects.filter(programme=programme, ward__site=found)
        .select_related("ward", "wave", "facilitator")
        .order_by("wave__number", "ward__name")
    )
    columns = [(stage, [j for j in journeys if j.stage == stage.value]) for stage in Stage]
    return render(
        request,
        "wards/board.html",
        {
            "programme": programme,
            "programmes": WardProgramme.objects.all(),
            "site": found,
            "columns": columns,
            "total": len(journeys),
            "can_plan": request.user.has_perm(perms.PLAN),
            "crumbs": crumbs(),
        },
    )


def journey(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_journey(request.user, pk)
    can_plan = request.user.has_perm(perms.PLAN)
    form = JourneyForm(instance=found)
    if request.method == "POST":
        require(request.user, perms.PLAN)
        form = JourneyForm(request.POST, instance=found)
        if form.is_valid():
            form.save()
            messages.success(request, f"{found.ward.name} updated.")
            return redirect(found)
    stages = [
        (stage, found.stage_started(stage.value) if stage != Stage.PLANNED else found.wave.start)
        for stage in Stage
    ]
    return render(
        request,
        "wards/journey.html",
        {
            "journey": found,
            "stages": stages,
            "events": found.events.all(),
            "form": form,
            "can_plan": can_plan,
            "can_run": request.user.has_perm(perms.RUN_EVENTS),
            "crumbs": crumbs(
                (
                    f"{found.ward.site.name} board",
                    reverse("wards:board", args=[found.ward.site.code])
                    + f"?programme={found.programme_id}",
                )
            ),
        },
    )


@require_POST
def advance(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_journey(request.user, pk)
    require(request.user, perms.PLAN)
    try:
        moved = advance_stage(journey=found)
    except WardsError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"{moved.ward.name} moved to {moved.get_stage_display().lower()}."
        )
    back = request.POST.get("next", "")
    if back.startswith("/wards/"):
        return redirect(back)
    return redirect(found)


def programme_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Set up a programme (or change one): dates, sites, wave size and length."""
    require(request.user, perms.PLAN)
    found = get_object_or_404(WardProgramme, pk=pk) if pk else None
    form = ProgrammeForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved.name} saved.")
        return redirect(reverse("wards:index") + f"?programme={saved.pk}")
    return render(
        request,
        "wards/programme_form.html",
        {"form": form, "programme": found, "crumbs": crumbs()},
    )
