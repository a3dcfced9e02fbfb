"""A session's register: mark everyone present in one click, then the exceptions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from qls.capability import access
from qls.capability.training import registers
from qls.capability.training.errors import TrainingError
from qls.capability.views._common import base_url, crumbs
from qls.core.ids import parse_id


def register(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_managed_session(request.user, pk)
    cohort = session.cohort
    if request.method == "POST":
        try:
            if request.POST.get("action") == "all":
                here, away, done = registers.mark_all_present(
                    session=session, by=request.user, base_url=base_url(request)
                )
            else:
                ids = [
                    pk
                    for pk in (parse_id(v) for v in request.POST.getlist("present"))
                    if pk is not None
                ]
                here, away, done = registers.save_register(
                    session=session, present=ids, by=request.user, base_url=base_url(request)
                )
        except TrainingError as refusal:
            messages.error(request, str(refusal))
        else:
            note = f" {len(done)} participant(s) completed the course." if done else ""
            messages.success(
                request,
                f"Register saved for session {session.number}: {here} present, "
                f"{away} absent.{note}",
            )
        return redirect(session.get_absolute_url())
    rows = registers.register_rows(session)
    return render(
        request,
        "capability/register.html",
        {
            "session": session,
            "cohort": cohort,
            "rows": rows,
            "marked": any(r.present is not None for r in rows),
            "future": session.date > timezone.localdate(),
            "crumbs": crumbs(
                ("Cohorts", reverse("capability:cohorts")), (cohort.name, cohort.get_absolute_url())
            ),
        },
    )
