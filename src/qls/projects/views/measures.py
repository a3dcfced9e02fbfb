"""Measures: define one, enter its data (grid or paste), see its SPC chart and evidence."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from qls.core.exports import FORMATS, table_response
from qls.projects import actions, recalculation
from qls.projects.access import can_approve, can_edit, get_editable_project, get_project
from qls.projects.errors import PasteError, ProjectError
from qls.projects.evidence_store import stored_evidence
from qls.projects.forms.measure import MeasureForm
from qls.projects.forms.recalculation import RecalculationDecisionForm
from qls.projects.forms.values import PasteForm, ValueFormSet
from qls.projects.measure_analysis import NotEnoughData, analyse_measure
from qls.projects.measure_inputs import measure_rows
from qls.projects.models import Measure, Project
from qls.projects.paste import Row, parse_paste
from qls.projects.services.summary import measure_summary
from qls.projects.views._common import project_crumbs
from qls.spc import SpcInputError

BLANK_ROWS = 5


def _measure(project: Project, measure_pk: int) -> Measure:
    measure = get_object_or_404(
        Measure.objects.select_related("series", "series__metric", "series__site", "series__ward"),
        pk=measure_pk,
        project=project,
    )
    measure.project = project
    return measure


def _measure_crumbs(project: Project, measure: Measure | None = None):
    extra = [("Measures", reverse("projects:project", args=[project.pk]) + "#measures")]
    if measure is not None:
        extra.append((measure.name, measure.get_absolute_url()))
    return project_crumbs(project, *extra)


def measure_form(request: HttpRequest, pk: int, measure_pk: int | None = None) -> HttpResponse:
    project = get_editable_project(request, pk)
    measure = _measure(project, measure_pk) if measure_pk else None
    post = request.method == "POST"
    form = MeasureForm(request.POST if post else None, instance=measure)
    if post and form.is_valid():
        try:
            saved = actions.save_measure(
                project=project, fields=form.measure_fields(), measure=measure
            )
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Measure '{saved.name}' saved.")
            if saved.series_id or measure is not None:
                return redirect(saved)
            return redirect("projects:measure_paste", project.pk, saved.pk)
    return render(
        request,
        "projects/measure_form.html",
        {
            "project": project,
            "measure": measure,
            "form": form,
            "crumbs": _measure_crumbs(project, measure),
        },
    )


def delete_measure(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    project = get_editable_project(request, pk)
    measure = _measure(project, measure_pk)
    if request.method != "POST":
        if measure.series_id:
            what = (
                "The link to the QLS series is removed; the series and its data stay in "
                "the Quality Learning System."
            )
        else:
            count = measure.values.count()
            what = f"The {count} period{'s' if count != 1 else ''} of data the team entered go with it."
        return render(
            request,
            "projects/confirm_delete.html",
            {
                "project": project,
                "heading": f"Delete the measure “{measure.name}”?",
                "explanation": [what, "Evidence of improvement on this measure goes too."],
                "cancel_url": measure.get_absolute_url(),
                "crumbs": _measure_crumbs(project, measure),
            },
        )
    name = measure.name
    actions.delete_measure(measure=measure)
    messages.success(request, f"Measure '{name}' deleted.")
    return redirect(reverse("projects:project", args=[project.pk]) + "#measures")


def measure_detail(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    project = get_project(request, pk)
    measure = _measure(project, measure_pk)
    view = measure_summary(measure)
    return render(
        request,
        "projects/measure.html",
        {
            "project": project,
            "measure": measure,
            "view": view,
            "evidence": stored_evidence(measure),
            "can_edit": can_edit(request.user, project),
            "can_decide": can_approve(request.user, project),
            "recalculations": measure.recalculations.select_related("decided_by", "cycle"),
            "crumbs": _measure_crumbs(project),
        },
    )


def measure_paste(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    project = get_editable_project(request, pk)
    measure = _measure(project, measure_pk)
    if measure.series_id:
        raise Http404("This measure shows a QLS metric series")
    post = request.method == "POST"
    form = PasteForm(request.POST if post else None)
    line_errors: list[str] = []
    if post and form.is_valid():
        try:
            rows = parse_paste(
                form.cleaned_data["data"],
                frequency=measure.frequency,
                chart_type=measure.chart_type,
                today=timezone.localdate(),
            )
            written = actions.save_values(measure=measure, rows=rows)
        except PasteError as error:
            line_errors = error.errors
            form.add_error(
                "data", f"Nothing was saved: {len(line_errors)} line(s) need fixing (listed below)"
            )
        except ProjectError as error:
            form.add_error("data", str(error))
        else:
            messages.success(request, f"{len(rows)} period(s) read; {written} added or changed.")
            return redirect(measure)
    return render(
        request,
        "projects/measure_paste.html",
        {
            "project": project,
            "measure": measure,
            "form": form,
            "line_errors": line_errors,
            "crumbs": _measure_crumbs(project, measure),
        },
    )


def measure_data(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """The data-entry grid: every period held, plus blank rows to add more."""
    project = get_editable_project(request, pk)
    measure = _measure(project, measure_pk)
    if measure.series_id:
        raise Http404("This measure shows a QLS metric series")
    if request.method == "POST":
        formset = ValueFormSet(request.POST, form_kwargs={"measure": measure})
        if "more" in request.POST:
            # "Add more rows": show the same rows with blanks after, saving nothing.
            data = request.POST.copy()
            total = int(data.get("form-TOTAL_FORMS", 0))
            data["form-TOTAL_FORMS"] = str(total + BLANK_ROWS)
            formset = ValueFormSet(data, form_kwargs={"measure": measure})
            formset.errors  # noqa: B018 - bind the rows so their values are shown
            return _grid(request, project, measure, formset, validated=False)
        if formset.is_valid():
            rows = [
                Row(
                    f.cleaned_data["period"],
                    value=f.cleaned_data.get("value") if not measure.is_ratio else None,
                    numerator=f.cleaned_data.get("numerator") if measure.is_ratio else None,
                    denominator=f.cleaned_data.get("denominator") if measure.is_ratio else None,
                )
                for f in formset.forms
                if f.cleaned_data.get("period") and not f.cleaned_data.get("delete")
            ]
            try:
                written = actions.save_values(measure=measure, rows=rows, replace_all=True)
            except ProjectError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, f"{len(rows)} period(s) held; {written} added or changed."
                )
                return redirect(measure)
        return _grid(request, project, measure, formset)
    initial = [
        {
            "period": v.period,
            "value": v.value,
            "numerator": v.numerator,
            "denominator": v.denominator,
        }
        for v in measure.values.order_by("period")
    ]
    formset = ValueFormSet(initial=initial + [{}] * BLANK_ROWS, form_kwargs={"measure": measure})
    return _grid(request, project, measure, formset)


def _grid(request, project, measure, formset, validated: bool = True) -> HttpResponse:
    return render(
        request,
        "projects/measure_data.html",
        {
            "project": project,
            "measure": measure,
            "formset": formset,
            "show_errors": validated,
            "crumbs": _measure_crumbs(project, measure),
        },
    )


def measure_download(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    project = get_project(request, pk)
    measure = _measure(project, measure_pk)
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise Http404("Downloads are CSV or XLSX")
    data = measure_rows(measure)
    try:
        analysis = analyse_measure(measure, rows=data)
    except (NotEnoughData, SpcInputError):
        analysis = None
    if analysis is None:
        headers = ["Period", "Value", "Numerator", "Denominator"]
        rows = [[r.period, r.value, r.numerator, r.denominator] for r in data]
    else:
        headers = [
            "Period",
            "Value",
            "Mean",
            "Lower process limit",
            "Upper process limit",
            "Point type",
        ]
        rows = [
            [r["x"], r.get("y"), r.get("mean"), r.get("lpl"), r.get("upl"), r.get("point_type")]
            for r in analysis.rows
        ]
    return table_response(f"measure-{measure.pk}", headers, rows, fmt)


def recalculation_decide(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """The coach approves or refuses QLS's proposal to recalculate a measure's limits."""
    project = get_project(request, pk)
    if not can_approve(request.user, project):
        raise PermissionDenied("Only the project's coach decides on recalculating the limits")
    measure = _measure(project, measure_pk)
    view = measure_summary(measure)
    proposal = view.proposal
    if proposal is None:
        raise Http404("QLS proposes no recalculation for this measure")
    form = RecalculationDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            recalculation.record_decision(
                measure=measure,
                proposal=proposal,
                approve=approve,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except recalculation.RecalculationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Limits recalculated from the start of the shift; assurance is judged on them."
                if approve
                else "Recalculation refused; the limits stay as they were.",
            )
            return redirect(measure)
    return render(
        request,
        "projects/recalculation_decide.html",
        {
            "project": project,
            "measure": measure,
            "proposal": proposal,
            "reason": proposal.reason(),
            "form": form,
            "crumbs": _measure_crumbs(project, measure),
        },
        status=400 if form.errors else 200,
    )
