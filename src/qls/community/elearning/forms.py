"""The improvement team's chapter form (text, media and quiz in one), and the quiz answer sheet."""

from __future__ import annotations

from typing import Any

from django import forms

from qls.community.elearning import media, quiz
from qls.community.elearning.errors import MediaRefused, QuizTextInvalid
from qls.community.elearning.models import Chapter, Question
from qls.core.forms import NHSFormMixin
from qls.core.limits import LONG_TEXT_MAX


class ChapterForm(NHSFormMixin, forms.ModelForm):
    quiz = forms.CharField(
        label="Quiz",
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="One question a block, blank line between questions. The question on its "
        "first line, then one option a line: * before a correct answer, - before a wrong one.",
    )
    image = forms.FileField(
        required=False, help_text="PNG or JPEG, 5 MB at most. Describe it below."
    )
    video = forms.FileField(
        required=False,
        help_text="MP4 or WebM, 200 MB at most. A video needs a captions file.",
    )
    captions = forms.FileField(
        label="Captions (WebVTT)",
        required=False,
        help_text="The video's captions as a .vtt file, starting with WEBVTT.",
    )
    remove_video = forms.BooleanField(label="Remove the video and its captions", required=False)

    class Meta:
        model = Chapter
        fields = [
            "position",
            "title",
            "summary",
            "body",
            "image",
            "image_alt",
            "video",
            "captions",
            "resources",
            "pass_mark",
            "published",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 16}),
            "resources": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions: list[quiz.ParsedQuestion] = []
        if self.instance.pk and not self.is_bound:
            self.initial["quiz"] = quiz.as_text(self.instance.questions.prefetch_related("options"))

    def _media(self, name: str, check: Any) -> Any:
        upload = self.cleaned_data.get(name)
        if upload and hasattr(upload, "content_type"):
            try:
                check(upload)
            except MediaRefused as error:
                raise forms.ValidationError(str(error)) from error
        return upload

    def clean_image(self) -> Any:
        return self._media("image", media.check_image)

    def clean_video(self) -> Any:
        return self._media("video", media.check_video)

    def clean_captions(self) -> Any:
        return self._media("captions", media.check_captions)

    def clean_pass_mark(self) -> int:
        value = self.cleaned_data["pass_mark"]
        if not 1 <= value <= 100:
            raise forms.ValidationError("Pass mark must be a percentage from 1 to 100.")
        return value

    def clean_quiz(self) -> str:
        text = self.cleaned_data.get("quiz", "")
        try:
            self.questions = quiz.parse(text)
        except QuizTextInvalid as error:
            raise forms.ValidationError(str(error)) from error
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("remove_video"):
            data["video"] = False  # a FileField cleared
            data["captions"] = False
        video = data.get("video")
        captions = data.get("captions")
        if video and not captions:
            self.add_error(
                "captions",
                "Add a captions file (WebVTT) for the video: a video without captions is "
                "refused, so that everyone can follow it.",
            )
        if data.get("image") and not data.get("image_alt"):
            self.add_error("image_alt", "Describe the image for people who cannot see it.")
        if data.get("published") and not self.questions and "quiz" not in self.errors:
            self.add_error("quiz", "A published chapter needs a quiz of at least one question.")
        return data


def answer_fields(questions: list[Question]) -> list[dict[str, Any]]:
    """Each question with its options, and whether it takes one answer or several."""
    out = []
    for number, q in enumerate(questions, start=1):
        options = list(q.options.all())
        out.append(
            {
                "number": number,
                "question": q,
                "options": options,
                "several": sum(o.correct for o in options) > 1,
                "name": f"q{q.pk}",
            }
        )
    return out


def chosen_from(post: Any, questions: list[Question]) -> dict[int, set[int]]:
    """The option ids chosen per question id; anything not a number is ignored."""
    out: dict[int, set[int]] = {}
    for q in questions:
        ids = set()
        for raw in post.getlist(f"q{q.pk}"):
            if str(raw).isdigit():
                ids.add(int(raw))
        out[q.pk] = ids
    return out
