"""The glossary: one searchable page with an anchor per term, and its editing pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qls.community.glossary import actions, queries
from qls.community.glossary import permissions as perms
from qls.community.glossary.access import get_term, require
from qls.community.glossary.errors import NameTakenError
from qls.community.glossary.forms import TermForm
from qls.community.views import crumbs as community_crumbs


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return community_crumbs(("Glossary", reverse("community:glossary_index")), *extra)


def index(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.VIEW)
    q = request.GET.get("q", "").strip()[:100]
    terms = list(queries.search(q))
    letters = sorted({t.letter for t in terms})
    return render(
        request,
        "community/glossary/index.html",
        {
            "terms": terms,
            "letters": letters,
            "q": q,
            "can_edit": request.user.has_perm(perms.MANAGE),
            "can_add": request.user.has_perm(perms.ADD),
            "crumbs": community_crumbs(),
        },
    )


def _form_page(request: HttpRequest, form: TermForm, heading: str, term=None) -> HttpResponse:
    return render(
        request,
        "community/glossary/term_form.html",
        {"form": form, "heading": heading, "term": term, "crumbs": crumbs()},
    )


def _save(request: HttpRequest, form: TermForm, term=None):
    data = form.cleaned_data
    try:
        return actions.save_term(
            term=term,
            name=data["term"],
            definition=data["definition"],
            aliases=data["aliases"],
            by=request.user,
        )
    except NameTakenError as taken:
        field = "term" if taken.name.casefold() == data["term"].strip().casefold() else "aliases"
        form.add_error(field, str(taken))
        return None


def new(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.ADD)
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (saved := _save(request, form)):
        messages.success(request, f"{saved.term} added to the glossary.")
        return redirect(saved)
    return _form_page(request, form, "Add a term")


def edit(request: HttpRequest, slug: str) -> HttpResponse:
    term = get_term(request.user, slug)
    form = TermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid() and (saved := _save(request, form, term)):
        messages.success(request, f"{saved.term} saved.")
        return redirect(saved)
    return _form_page(request, form, f"Edit {term.term}", term)


@require_POST
def remove(request: HttpRequest, slug: str) -> HttpResponse:
    term = get_term(request.user, slug, permission=perms.REMOVE)
    name = term.term
    actions.remove_term(term=term)
    messages.success(request, f"{name} removed from the glossary.")
    return redirect("community:glossary_index")
