"""Ward accreditation: the board per site, a ward's scores over time, and audit entry."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qls.organisation.models import Site, Ward
from qls.wards import accreditation
from qls.wards import permissions as perms
from qls.wards.access import get_audit, require
from qls.wards.charts import audit_score_chart
from qls.wards.errors import WardsError
from qls.wards.forms.accreditation import LevelForm, StartAuditForm
from qls.wards.models import AccreditationLevel, Audit, AuditTemplate
from qls.wards.views._common import crumbs, site_or_404
from qls.wards.views.audit_templates import put_in_use


def _crumbs(*extra):
    return crumbs(("Accreditation", reverse("wards:accreditation")), *extra)


def index(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.VIEW)
    return render(
        request,
        "wards/accreditation.html",
        {
            "sites": Site.objects.all(),
            "levels": AccreditationLevel.objects.all(),
            "templates": AuditTemplate.objects.filter(active=True),
            "drafts": Audit.objects.filter(status=Audit.Status.DRAFT, created_by=request.user)
            .select_related("ward")
            .order_by("-date")[:10],
            "can_audit": request.user.has_perm(perms.RUN_AUDITS),
            "can_manage": request.user.has_perm(perms.MANAGE_TEMPLATES),
            "crumbs": crumbs(),
        },
    )


def board(request: HttpRequest, site: str) -> HttpResponse:
    require(request.user, perms.VIEW)
    found = site_or_404(site)
    rows = accreditation.site_status(found)
    return render(
        request,
        "wards/accreditation_board.html",
        {
            "site": found,
            "rows": rows,
            "overdue": sum(1 for r in rows if r.overdue),
            "levels": AccreditationLevel.objects.all(),
            "can_audit": request.user.has_perm(perms.RUN_AUDITS),
            "crumbs": _crumbs(),
        },
    )


def ward(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, perms.VIEW)
    found = get_object_or_404(Ward.objects.select_related("site"), code=code)
    audits = list(
        Audit.objects.filter(ward=found, status=Audit.Status.SUBMITTED)
        .select_related("auditor", "template")
        .order_by("date", "pk")
    )
    levels = list(AccreditationLevel.objects.all())
    history = accreditation.level_history(audits, levels)
    chart = audit_score_chart(found, audits) if len(audits) >= 2 else None
    from qls.wards.standards import repeated_failures

    return render(
        request,
        "wards/accreditation_ward.html",
        {
            "ward": found,
            "history": list(reversed(history)),
            "chart": chart,
            "current": history[-1][1] if history else None,
            "repeated": repeated_failures(found),
            "can_audit": request.user.has_perm(perms.RUN_AUDITS),
            "crumbs": _crumbs(
                (f"{found.site.name}", reverse("wards:accreditation_board", args=[found.site.code]))
            ),
        },
    )


def audit_new(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.RUN_AUDITS)
    initial = {"date": timezone.localdate()}
    if request.GET.get("ward"):
        initial["ward"] = request.GET["ward"]
    form = StartAuditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audit = accreditation.start_audit(
                template=data["template"],
                ward=data["ward"],
                date=data["date"],
                auditor=getattr(request.user, "staff_member", None),
                by=request.user,
            )
        except WardsError as error:
            form.add_error(None, error.message)
        else:
            return redirect(audit)
    return render(request, "wards/audit_new.html", {"form": form, "crumbs": _crumbs()})


def audit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_audit(request.user, pk)
    sections = list(found.template.sections.prefetch_related("questions"))
    answers = {a.question_id: a.value for a in found.answers.all()}
    # get_audit gives a draft only to the person who started it.
    editable = found.status == Audit.Status.DRAFT and request.user.has_perm(perms.RUN_AUDITS)
    if not editable:
        return _result(request, found)
    index = _section_index(request, len(sections))
    section = sections[index] if sections else None
    errors: list[WardsError] = []
    raw: dict[int, str] = {}
    if request.method == "POST" and section is not None:
        raw = {q.pk: request.POST.get(f"q{q.pk}", "") for q in section.questions.all()}
        try:
            accreditation.save_answers(audit=found, raw=raw, by=request.user)
        except WardsError as error:
            errors = getattr(error, "problems", [error])
        else:
            following = index + 1
            if following < len(sections):
                return redirect(f"{found.get_absolute_url()}?section={following + 1}")
            return redirect(reverse("wards:audit_review", args=[found.pk]))
    questions = []
    for q in section.questions.all() if section else []:
        shown = raw.get(q.pk) if raw else _shown(answers, q.pk)
        error = next((e.message for e in errors if e.field == f"q{q.pk}"), "")
        questions.append(
            {"q": q, "value": shown, "error": error, "choices": accreditation.answer_choices(q)}
        )
    return render(
        request,
        "wards/audit_entry.html",
        {
            "audit": found,
            "section": section,
            "number": index + 1,
            "count": len(sections),
            "questions": questions,
            "errors": errors,
            "answered": len(answers),
            "crumbs": _crumbs(),
        },
    )


def _result(request: HttpRequest, found: Audit) -> HttpResponse:
    """The audit's result: failed standards first, then section scores and every answer."""
    from qls.wards.access import can_update_action
    from qls.wards.standards import audit_result, can_follow_up

    result = audit_result(found)
    return render(
        request,
        "wards/audit_view.html",
        {
            "audit": found,
            "result": result,
            "can_follow_up": can_follow_up(request.user, found),
            "updatable": {
                row.action.pk
                for row in result.failed
                if row.action is not None and can_update_action(request.user, row.action)
            },
            "crumbs": _crumbs(),
        },
    )


def _section_index(request: HttpRequest, count: int) -> int:
    raw = request.GET.get("section", "1")
    number = int(raw) if raw.isdigit() else 1
    return min(max(number, 1), max(count, 1)) - 1


def _shown(answers: dict, question_id: int) -> str:
    if question_id not in answers:
        return ""
    value = answers[question_id]
    if value is None:
        return accreditation.NOT_APPLICABLE
    return f"{value:g}"


def audit_review(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_audit(request.user, pk, edit=True)
    if found.status != Audit.Status.DRAFT:
        return redirect(found)
    sections = list(found.template.sections.prefetch_related("questions"))
    answers = {a.question_id: a.value for a in found.answers.all()}
    rows = [
        (i + 1, s, [(q, _shown(answers, q.pk)) for q in s.questions.all()])
        for i, s in enumerate(sections)
    ]
    return render(
        request,
        "wards/audit_review.html",
        {"audit": found, "rows": rows, "crumbs": _crumbs()},
    )


@require_POST
def audit_submit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_audit(request.user, pk, edit=True)
    try:
        submitted = accreditation.submit_audit(audit=found, by=request.user)
    except WardsError as error:
        messages.error(request, error.message)
        return redirect("wards:audit_review", pk=found.pk)
    messages.success(
        request, f"Audit of {submitted.ward.name} submitted: score {submitted.score:.0f}%."
    )
    return redirect("wards:accreditation_ward", code=submitted.ward.code)


def manage(request: HttpRequest) -> HttpResponse:
    """Levels (thresholds and the consecutive-audit rule) and which templates are in use."""
    require(request.user, perms.MANAGE_TEMPLATES)
    levels = list(AccreditationLevel.objects.all())
    forms = [LevelForm(request.POST or None, instance=lv, prefix=f"level{lv.pk}") for lv in levels]
    if request.method == "POST":
        if request.POST.get("template"):
            template = get_object_or_404(AuditTemplate, pk=request.POST["template"])
            if template.active:
                template.active = False
                template.save(update_fields=["active"])
                messages.success(request, f"{template} is no longer in use.")
                return redirect("wards:accreditation_manage")
            # Put in use only through the template rules (questions, section totals).
            return put_in_use(request, template.pk)
        if all(f.is_valid() for f in forms):
            for f in forms:
                f.save()
            messages.success(request, "Accreditation levels saved.")
            return redirect("wards:accreditation_manage")
    return render(
        request,
        "wards/accreditation_manage.html",
        {
            "forms": forms,
            "has_errors": any(f.errors for f in forms),
            "templates": AuditTemplate.objects.prefetch_related("sections__questions"),
            "crumbs": _crumbs(),
        },
    )
