"""A person's own training: enrolments, surveys to answer, certificates; and staff histories."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qls.capability import access
from qls.capability.models import Participant
from qls.capability.permissions import MANAGE_TRAINING, VIEW_TRAINING
from qls.capability.training import certificates, records, surveys
from qls.capability.training.errors import TrainingError
from qls.capability.views._common import crumbs
from qls.organisation.models import StaffMember


def my_training(request: HttpRequest) -> HttpResponse:
    access.require(request.user, VIEW_TRAINING)
    staff = access.staff_member_of(request.user)
    participant = access.participant_of(request.user)
    return render(
        request,
        "capability/my_training.html",
        {
            "staff": staff,
            "history": records.training_history(participant) if participant else [],
            "pending": list(surveys.pending_for(participant)) if participant else [],
            "crumbs": crumbs(),
        },
    )


def staff_training(request: HttpRequest, staff_number: str) -> HttpResponse:
    """One member of staff's training history (the improvement team's view)."""
    access.require(request.user, MANAGE_TRAINING)
    staff = get_object_or_404(StaffMember, staff_number=staff_number)
    participant = Participant.objects.filter(staff=staff).first()
    return render(
        request,
        "capability/staff_training.html",
        {
            "staff": staff,
            "history": records.training_history(participant) if participant else [],
            "crumbs": crumbs(),
        },
    )


def survey(request: HttpRequest, pk: int) -> HttpResponse:
    response = access.get_own_survey(request.user, pk)
    items = surveys.items()
    error = ""
    chosen: dict[int, str] = {}
    if response.is_answered:
        messages.info(request, "You have already answered this survey. Thank you.")
        return redirect("capability:my_training")
    if request.method == "POST":
        chosen = {item.pk: request.POST.get(f"item-{item.pk}", "") for item in items}
        try:
            surveys.submit(response=response, scores=chosen)
        except TrainingError as refusal:
            error = str(refusal)
        else:
            messages.success(request, "Thank you: your answers are saved.")
            return redirect("capability:my_training")
    return render(
        request,
        "capability/survey.html",
        {
            "response": response,
            "rows": [(i, n, chosen.get(i.pk, "")) for n, i in enumerate(items, start=1)],
            "scale": range(11),
            "error": error,
            "crumbs": crumbs(("My training", reverse("capability:my_training"))),
        },
    )


def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_enrolment(request.user, pk)
    try:
        pdf = certificates.render_certificate(item)
    except TrainingError as refusal:
        messages.error(request, str(refusal))
        own = access.is_own(request.user, item)
        return redirect("capability:my_training" if own else item.cohort.get_absolute_url())
    if not pdf:
        raise Http404
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{item.certificate_number}.pdf"'
    )
    return response
