"""An edition's pages and the steps of its workflow."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from qls.reports import capability_page, files, summary, workflow
from qls.reports import permissions as perms
from qls.reports.access import can_write_narrative, get_edition, get_item_to_write, require
from qls.reports.errors import MissingNarrativesError, ReportError
from qls.reports.forms import CorrectionForm, NarrativeForm
from qls.reports.models import ItemKind
from qls.reports.views.reports import crumbs


def _crumbs(edition):
    return crumbs((edition.report.name, edition.report.get_absolute_url()))


# A published edition never changes, so each server process keeps the body of
# its page (matrix, table, charts, narratives: the same for every reader) for
# this long and works out only the top of the page for each request. Drafts
# are drawn afresh every time (0: not kept).
PUBLISHED_BODY_SECONDS = 3600


def _lazy(function, *args) -> SimpleLazyObject:
    return SimpleLazyObject(partial(function, *args))


def _chart(item):
    return summary.chart(item) if item.has_data else None


class _Counted:
    """A list known by its length at once and read only when iterated (the page body)."""

    def __init__(self, count: int, load) -> None:
        self.count, self._load = count, load

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __iter__(self):
        return iter(self._load())


def _items(request: HttpRequest, found) -> list:
    items = list(found.items.select_related("metric", "owner", "narrative"))
    for item in items:
        item.icons = _lazy(summary.icons, item)
        item.spark = _lazy(summary.sparkline, item)
        item.can_write = can_write_narrative(request.user, item)
        item.narrative_obj = getattr(item, "narrative", None)
        if item.kind == ItemKind.EXCEPTION:
            item.chart = _lazy(_chart, item)
    return items


def edition(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_edition(request.user, pk)
    # The items (with their frozen points), icons, sparklines, charts and the
    # comparison are read only when the page body is drawn, not when it comes
    # from the cache; the top of the page needs only the counts.
    items = _lazy(_items, request, found)
    counts = dict(found.items.order_by().values_list("kind").annotate(n=Count("id")))
    return render(
        request,
        "reports/edition.html",
        {
            "edition": found,
            "report": found.report,
            "body_seconds": PUBLISHED_BODY_SECONDS if found.is_published else 0,
            "matrix": _lazy(summary.matrix, items),
            "sections": _lazy(summary.sections, items),
            "exceptions": _Counted(
                counts.get(ItemKind.EXCEPTION, 0),
                lambda: [i for i in items if i.kind == ItemKind.EXCEPTION],
            ),
            "good_news": _Counted(
                counts.get(ItemKind.IMPROVEMENT, 0),
                lambda: [i for i in items if i.kind == ItemKind.IMPROVEMENT],
            ),
            "changes": _lazy(summary.changes, found, items),
            "missing": workflow.missing_narratives(found) if found.is_open else [],
            "can_manage": request.user.has_perm(perms.MANAGE),
            "can_approve": workflow.can_approve(found, request.user),
            "corrections": list(found.corrections.all()),
            "files": files.rows(found),
            "no_data": summary.NO_DATA,
            "capability": capability_page.present(found.capability),
            "crumbs": _crumbs(found),
        },
    )


def narrative(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    found = get_item_to_write(request.user, pk, item)
    existing = getattr(found, "narrative", None)
    exception = found.kind == ItemKind.EXCEPTION
    form = NarrativeForm(request.POST or None, instance=existing, exception=exception)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.save_narrative(item=found, by=request.user, **{
                name: form.cleaned_data[name] for name in form.Meta.fields
            })  # fmt: skip
        except ReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Narrative saved for {found.metric_name}.")
            return redirect(found.edition.get_absolute_url() + f"#item-{found.pk}")
    return render(
        request,
        "reports/narrative_form.html",
        {
            "form": form,
            "item": found,
            "edition": found.edition,
            "chart": summary.chart(found) if found.has_data else None,
            "exception": exception,
            "crumbs": [
                *_crumbs(found.edition),
                (str(found.edition.period.strftime("%B %Y")), found.edition.get_absolute_url()),
            ],
        },
    )


def _step(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    found = get_edition(request.user, pk)
    try:
        action(edition=found, by=request.user)
    except MissingNarrativesError as error:
        messages.error(request, str(error))
    except ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(found)


@require_POST
def refresh(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, perms.MANAGE)
    return _step(request, pk, workflow.refresh_snapshot, "Data refreshed up to the cut-off.")


@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, perms.MANAGE)
    return _step(request, pk, workflow.mark_complete, "Narratives marked complete.")


@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_edition(request.user, pk)
    if not workflow.can_approve(found, request.user):
        require(request.user, perms.APPROVE_ANY)
    return _step(request, pk, workflow.approve, "Edition approved.")


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_edition(request.user, pk)
    if not workflow.can_approve(found, request.user):
        require(request.user, perms.MANAGE)
    return _step(
        request, pk, workflow.publish, "Edition published: every member of staff can read it."
    )


def correct(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, perms.MANAGE)
    found = get_edition(request.user, pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            copy = workflow.correct(
                edition=found, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ReportError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, f"Version {copy.version} opened as a draft.")
            return redirect(copy)
    return render(
        request,
        "reports/correct_form.html",
        {"form": form, "edition": found, "crumbs": _crumbs(found)},
    )
