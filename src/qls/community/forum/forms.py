"""Forms of the forum: every text a person types is screened (``ScreenedFormMixin``)."""

from __future__ import annotations

from django import forms

from qls.community.forum.mentions import mention_text
from qls.community.forum.models import REASON_MAX, EmailChoice, ForumCategory
from qls.core.forms import NHSFormMixin
from qls.core.limits import LONG_TEXT_MAX, TITLE_MAX
from qls.core.screening import ScreenedFormMixin
from qls.organisation.staff_field import StaffField
from qls.projects.models import Project

BODY_HINT = (
    "Markdown: **bold**, *italic*, lists with -, links as [words](https://…). "
    "Never include anything that could identify a patient."
)


class _Mentioning(forms.Form):
    """A staff box with suggestions as it is typed into; the chosen person is
    written into the post as ``@Name (staff number)`` and told of it."""

    mention = StaffField(
        label="Mention someone (optional)",
        required=False,
        help_text="Start typing a name and choose from the list: they will get a notification",
    )

    def clean(self):
        cleaned = super().clean()
        staff = cleaned.get("mention")
        body = cleaned.get("body")
        if staff is not None and body is not None:
            text = mention_text(staff)
            if text not in body:
                cleaned["body"] = f"{body.rstrip()}\n\n{text}"
        return cleaned


class ThreadForm(ScreenedFormMixin, NHSFormMixin, _Mentioning):
    category = forms.ModelChoiceField(
        queryset=ForumCategory.objects.all(), empty_label="Choose a category"
    )
    title = forms.CharField(max_length=TITLE_MAX, help_text="Your question or topic in one line")
    body = forms.CharField(
        label="Your post", max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HINT,
    )  # fmt: skip
    project = forms.ModelChoiceField(
        label="Link to a QI project (optional)",
        queryset=Project.objects.all(),
        required=False,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-5"}),
        help_text="The project's number, shown on its page; the project page will list this thread",
        error_messages={"invalid_choice": "No QI project has that number"},
    )

    unscreened_fields = ("mention",)
    field_order = ["category", "title", "body", "mention", "project"]


class ReplyForm(ScreenedFormMixin, NHSFormMixin, _Mentioning):
    body = forms.CharField(
        label="Your reply", max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=BODY_HINT,
    )  # fmt: skip

    unscreened_fields = ("mention",)


class EditForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    body = forms.CharField(
        label="Post", max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="The text it had before is kept in its edit history.",
    )  # fmt: skip


class ReasonForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    reason = forms.CharField(max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class SettingsForm(NHSFormMixin, forms.Form):
    email = forms.ChoiceField(
        label="Email me about forum notifications",
        choices=EmailChoice.choices,
        widget=forms.RadioSelect,
    )


class SearchForm(forms.Form):
    q = forms.CharField(label="Search the forum", max_length=200, required=False)


class CategoryForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    class Meta:
        model = ForumCategory
        fields = ["name", "slug", "description", "kind", "aim", "site", "position"]
        labels = {"slug": "Address", "aim": "Strategic aim", "position": "Place in the list"}
        help_texts = {
            "slug": "The end of the category's web address: lower-case letters, numbers and "
            "hyphens, e.g. measurement-and-spc",
            "aim": "For a strategic aim category",
            "site": "For a site category",
            "position": "Lower numbers come first; categories with the same number go by name",
        }
