"""The audit history pages of the administration area: recent changes and one record's."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from qls.accounts.models import User
from qls.accounts.views.administration import PAGE_SIZE, crumbs
from qls.core import audit
from qls.core.ids import ids_in_query, parse_id
from qls.core.pagination import paginate
from qls.core.permissions import VIEW_AUDIT


def _user_filter(request: HttpRequest) -> int | None:
    return parse_id(request.GET.get("user", ""))


@permission_required(VIEW_AUDIT, raise_exception=True)
@ids_in_query("user")
def audit_history(request: HttpRequest) -> HttpResponse:
    models = audit.audited_models()
    chosen_key = request.GET.get("type", "")
    user_id = _user_filter(request)
    if chosen_key:
        chosen = audit.get_audited_model(chosen_key)
        rows = audit.history_rows(audited=chosen, user_id=user_id)
    else:
        rows = audit.recent_changes(user_id=user_id)
    paging = paginate(request, rows, PAGE_SIZE)
    return render(
        request,
        "accounts/audit/history.html",
        {
            "entries": [audit.describe(row) for row in paging["page"]],
            **paging,
            "models": models,
            "chosen_key": chosen_key,
            "user_id": user_id,
            # Only people who have changed something are worth filtering by.
            "people": User.objects.filter(pk__in=_authors(models)).order_by("username"),
            "cap": None if chosen_key else audit.FEED_CAP,
            "crumbs": crumbs(),
        },
    )


def _authors(models: list[audit.AuditedModel]) -> set[int]:
    ids: set[int] = set()
    for audited in models:
        ids.update(
            audited.history_manager.exclude(history_user=None)
            .values_list("history_user_id", flat=True)
            .distinct()
        )
    return ids


@permission_required(VIEW_AUDIT, raise_exception=True)
def audit_record(request: HttpRequest, app_label: str, model: str, pk: str) -> HttpResponse:
    audited = audit.get_audited_model(f"{app_label}.{model}")
    try:
        rows = audit.history_rows(audited=audited, pk=audited.model._meta.pk.to_python(pk))
    except ValidationError as error:  # a malformed pk (letters for a number) is not found
        raise Http404("No such record") from error
    paging = paginate(request, rows, PAGE_SIZE)
    entries = [audit.describe(row) for row in paging["page"]]
    if not entries:
        raise Http404("No history for that record")
    return render(
        request,
        "accounts/audit/record.html",
        {
            "audited": audited,
            "entries": entries,
            **paging,
            "record": entries[0]["record"],
            "crumbs": crumbs(("Audit history", reverse("administration:audit"))),
        },
    )
