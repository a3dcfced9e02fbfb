"""Building audit templates: sections, questions, a phone-width preview, new versions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qls.wards import audit_templates as building
from qls.wards import permissions as perms
from qls.wards.access import get_audit_section, get_audit_template, require
from qls.wards.accreditation import answer_choices
from qls.wards.errors import TemplateError, TemplateNotReady, WardsError
from qls.wards.forms.audit_templates import (
    AuditQuestionFormSet,
    AuditSectionForm,
    AuditTemplateForm,
    NewVersionForm,
    ReauditForm,
)
from qls.wards.models import AuditSection, AuditTemplate
from qls.wards.views._common import crumbs


def _crumbs(*extra):
    return crumbs(
        ("Accreditation", reverse("wards:accreditation")),
        ("Manage accreditation", reverse("wards:accreditation_manage")),
        *extra,
    )


def _template_crumb(template: AuditTemplate) -> tuple[str, str]:
    return (str(template), template.get_absolute_url())


def _problems(error: WardsError) -> list[str]:
    return error.problems if isinstance(error, TemplateNotReady) else [error.message]


def template_new(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.MANAGE_TEMPLATES)
    form = AuditTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = building.create_template(**form.cleaned_data)
        except WardsError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"{template} created. Add its first section.")
            return redirect("wards:audit_section_new", pk=template.pk)
    return render(request, "wards/audit_template_new.html", {"form": form, "crumbs": _crumbs()})


def template(request: HttpRequest, pk: int) -> HttpResponse:
    """The version's sections and questions; while no audit uses it, its editing page."""
    found = get_audit_template(request.user, pk)
    in_use = found.in_use()
    form = ReauditForm(
        request.POST if request.POST.get("op") == "details" else None,
        initial={"reaudit_months": found.reaudit_months},
    )
    problems: list[str] = []
    if request.method == "POST":
        op = request.POST.get("op", "")
        try:
            if op == "details":
                if form.is_valid():
                    building.update_details(template=found, **form.cleaned_data)
                    messages.success(request, "Re-audit interval saved.")
                    return redirect(found)
            elif op in ("up", "down", "delete"):
                section = get_audit_section(request.user, _int(request.POST.get("section")))
                if section.template_id != found.pk:
                    raise TemplateError("That section is not part of this template.")
                if op == "delete":
                    building.delete_section(section=section)
                    messages.success(request, f"Section '{section.title}' removed.")
                else:
                    building.move_section(section=section, step=-1 if op == "up" else 1)
                    messages.success(request, f"Section '{section.title}' moved {op}.")
                return redirect(found)
        except WardsError as error:
            problems = _problems(error)
    sections = [
        (s, list(s.questions.all()), sum(q.weight for q in s.questions.all()))
        for s in found.sections.prefetch_related("questions")
    ]
    return render(
        request,
        "wards/audit_template.html",
        {
            "template": found,
            "sections": sections,
            "in_use": in_use,
            "form": form,
            "problems": problems,
            "rule_problems": building.template_problems(found) if not found.active else [],
            "versions": AuditTemplate.objects.filter(name=found.name).order_by("-version"),
            "audits": found.audits.count(),
            "crumbs": _crumbs(),
        },
    )


def _int(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() else 0


def section_new(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_audit_template(request.user, pk)
    return _section_page(request, found, None)


def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_audit_section(request.user, pk)
    return _section_page(request, section.template, section)


def _section_page(
    request: HttpRequest, template: AuditTemplate, section: AuditSection | None
) -> HttpResponse:
    if template.in_use():
        messages.error(
            request,
            f"Audits have been carried out on {template}, so it cannot change. "
            "Make a new version instead.",
        )
        return redirect(template)
    if section is None:
        initial_section: dict = {}
        initial_questions: list[dict] = []
    else:
        initial_section = {"title": section.title, "total": section.total}
        initial_questions = [
            {
                "id": q.pk,
                "text": q.text,
                "hint": q.hint,
                "evidence": q.evidence,
                "answer_type": q.answer_type,
                "weight": q.weight,
                "position": i,
            }
            for i, q in enumerate(section.questions.all(), start=1)
        ]
    posted = request.POST if request.method == "POST" else None
    form = AuditSectionForm(posted, initial=initial_section)
    formset = AuditQuestionFormSet(posted, initial=initial_questions, prefix="q")
    errors: list[tuple[str, str]] = []
    if posted is not None:
        forms_ok = form.is_valid()
        questions_ok = formset.is_valid()
        if forms_ok and questions_ok:
            try:
                saved = building.save_section(
                    template=template,
                    section=section,
                    title=form.cleaned_data["title"],
                    total=form.cleaned_data["total"],
                    questions=_question_inputs(formset),
                )
            except WardsError as error:
                errors = [(message, "questions") for message in _problems(error)]
            else:
                messages.success(request, f"Section '{saved.title}' saved.")
                return redirect(template)
        errors = _form_errors(form, formset) + errors
    rows = [(i, f) for i, f in enumerate(formset.forms, start=1)]
    return render(
        request,
        "wards/audit_section_form.html",
        {
            "template": template,
            "section": section,
            "form": form,
            "formset": formset,
            "rows": rows,
            "errors": errors,
            "crumbs": _crumbs(_template_crumb(template)),
        },
    )


def _question_inputs(formset) -> list[building.QuestionInput]:
    out = []
    for index, f in enumerate(formset.forms, start=1):
        data = f.cleaned_data
        if not data or data.get("DELETE"):
            continue
        out.append(
            building.QuestionInput(
                pk=data.get("id"),
                text=data["text"],
                hint=data.get("hint") or "",
                evidence=data.get("evidence") or "",
                answer_type=data["answer_type"],
                weight=data["weight"],
                position=data.get("position") or 1000 + index,
            )
        )
    return out


def _form_errors(form, formset) -> list[tuple[str, str]]:
    """Each error with the question it belongs to named, and the input to jump to."""
    out = [(e, form[name].id_for_label) for name, errs in form.errors.items() for e in errs]
    for index, f in enumerate(formset.forms, start=1):
        if f.cleaned_data.get("DELETE") if hasattr(f, "cleaned_data") else False:
            continue
        for name, errs in f.errors.items():
            anchor = f[name].id_for_label if name in f.fields else "questions"
            out += [(f"Question {index}: {e}", anchor) for e in errs]
    return out


def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The version as an auditor meets it, every section on one page, nothing to answer."""
    found = get_audit_template(request.user, pk)
    sections = [
        (
            s,
            [
                {"q": q, "value": "", "error": "", "choices": answer_choices(q)}
                for q in s.questions.all()
            ],
        )
        for s in found.sections.prefetch_related("questions")
    ]
    return render(
        request,
        "wards/audit_template_preview.html",
        {
            "template": found,
            "sections": sections,
            "crumbs": _crumbs(_template_crumb(found)),
        },
    )


def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_audit_template(request.user, pk)
    form = NewVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = building.new_version(
                template=found, reason=form.cleaned_data["reason"], by=request.user
            )
        except WardsError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(
                request,
                f"{made} made from version {found.version}. Change it, then put it in use.",
            )
            return redirect(made)
    return render(
        request,
        "wards/audit_template_version.html",
        {"template": found, "form": form, "crumbs": _crumbs(_template_crumb(found))},
    )


@require_POST
def put_in_use(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_audit_template(request.user, pk)
    try:
        building.put_in_use(template=found)
    except WardsError as error:
        for message in _problems(error):
            messages.error(request, message)
    else:
        messages.success(request, f"{found} is in use. Earlier versions are retired.")
    return redirect(found)
