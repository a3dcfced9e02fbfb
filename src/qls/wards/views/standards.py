"""Following up a failed audit standard: raise a ward action, or start a QI project."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from qls.wards import standards
from qls.wards.access import get_failed_standard
from qls.wards.errors import WardsError
from qls.wards.forms.accreditation import StandardActionForm
from qls.wards.forms.fields import ward_people
from qls.wards.models import Action, StandardProject
from qls.wards.views._common import crumbs


def _standard_url(answer) -> str:
    return reverse("wards:audit", args=[answer.audit_id]) + f"#standard-{answer.question_id}"


def raise_action(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    """The form for a ward action on one failed standard; refused once one is raised."""
    answer = get_failed_standard(request.user, pk, question)
    audit = answer.audit
    existing = Action.objects.filter(audit_answer=answer).select_related("owner").first()
    form = StandardActionForm(
        request.POST if request.method == "POST" else None,
        initial={"description": f"Meet the standard: {answer.question.text}"},
    )
    form.fields["owner"].queryset = ward_people(audit.ward)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            standards.raise_action(
                answer=answer, description=data["description"], owner=data["owner"], due=data["due"]
            )
        except WardsError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"Action raised on '{answer.question.text}'.")
            return redirect(_standard_url(answer))
    return render(
        request,
        "wards/standard_action.html",
        {
            "answer": answer,
            "audit": audit,
            "existing": existing,
            "form": form,
            "back": _standard_url(answer),
            "crumbs": crumbs(
                ("Accreditation", reverse("wards:accreditation")),
                (str(audit), audit.get_absolute_url()),
            ),
        },
    )


def start_project(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    """Send the person to the project registration form, filled in from the standard."""
    answer = get_failed_standard(request.user, pk, question)
    if StandardProject.objects.filter(audit_answer=answer).exists():
        raise Http404("This standard already has a QI project from this audit")
    return redirect(standards.project_start_url(answer))
