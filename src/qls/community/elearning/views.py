"""Pages of the e-learning: the chapters with my progress, a chapter with its quiz, its
media, and the improvement team's chapter editor."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qls.community.elearning import actions, forms, media, progress
from qls.community.elearning.errors import NotALearner, QuizRefused
from qls.community.elearning.models import Attempt, Chapter
from qls.community.elearning.permissions import EDIT, TAKE
from qls.community.views import crumbs

MEDIA_KINDS = ("image", "video", "captions")


def require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def get_chapter(request: HttpRequest, pk: int) -> Chapter:
    """The chapter, if this person may see it (an unpublished one only by its editors)."""
    require(request.user, TAKE)
    chapter = get_object_or_404(Chapter, pk=pk)
    if not chapter.published and not request.user.has_perm(EDIT):
        raise Http404("No such chapter")
    return chapter


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Introductory e-learning", reverse("community:elearning_index")), *extra)


def index(request: HttpRequest) -> HttpResponse:
    require(request.user, TAKE)
    state = progress.for_user(request.user)
    return render(
        request,
        "community/elearning/index.html",
        {
            "state": state,
            "can_edit": request.user.has_perm(EDIT),
            "drafts": Chapter.objects.filter(published=False)
            if request.user.has_perm(EDIT)
            else [],
            "crumbs": crumbs(),
        },
    )


def chapter(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_chapter(request, pk)
    questions = list(item.questions.prefetch_related("options"))
    try:
        learner = actions.learner_for(request.user)
    except NotALearner as error:
        learner = None
        messages.info(request, str(error))
    error = ""
    chosen: dict[int, set[int]] = {}
    if request.method == "POST":
        if learner is None:
            raise PermissionDenied
        chosen = forms.chosen_from(request.POST, questions)
        try:
            attempt = actions.submit_quiz(participant=learner, chapter=item, chosen=chosen)
        except QuizRefused as refused:
            error = str(refused)
        else:
            return redirect(f"{item.get_absolute_url()}?attempt={attempt.pk}#result")
    elif learner is not None and item.published:
        actions.visit(participant=learner, chapter=item)
    attempt = None
    if learner is not None and request.GET.get("attempt", "").isdigit():
        attempt = Attempt.objects.filter(
            pk=int(request.GET["attempt"]), participant=learner, chapter=item
        ).first()
    state = progress.for_user(request.user)
    return render(
        request,
        "community/elearning/chapter.html",
        {
            "chapter": item,
            "fields": forms.answer_fields(questions),
            "chosen": {f"q{k}": v for k, v in chosen.items()},
            "error": error,
            "attempt": attempt,
            "state": state,
            "passed": item.pk in state.passed,
            "next": state.after(item),
            "can_edit": request.user.has_perm(EDIT),
            "crumbs": _crumbs(),
        },
        status=400 if error else 200,
    )


def chapter_media(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """A chapter's image, video or captions, from storage, to those who may read it."""
    item = get_chapter(request, pk)
    if kind not in MEDIA_KINDS:
        raise Http404("No such media")
    stored = getattr(item, kind)
    if not stored:
        raise Http404("This chapter has none")
    response = FileResponse(stored.open("rb"), content_type=media.content_type(stored.name))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def chapter_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, EDIT)
    item = get_object_or_404(Chapter, pk=pk) if pk is not None else None
    form = forms.ChapterForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_chapter(
            chapter=form.save(commit=False),
            questions=form.questions,
            resources=form.cleaned_data["resources"],
        )
        messages.success(request, f"Chapter {saved.position}, {saved.title}, saved.")
        return redirect(saved.get_absolute_url())
    title = f"Change chapter {item.position}" if item else "Add a chapter"
    return render(
        request,
        "community/elearning/chapter_form.html",
        {"form": form, "chapter": item, "title": title, "crumbs": _crumbs()},
        status=400 if form.errors else 200,
    )
