"""Forms of the resource library: publish a resource, edit it, upload a new version."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from qls.community.resources import files
from qls.community.resources.errors import FileRefused
from qls.community.resources.models import Resource
from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin, validate_file_name
from qls.core.uploads import MB, max_bytes

_FILE_HINT = "A PDF, Word, Excel, PowerPoint, PNG or JPEG file, up to {mb} MB."


def _file_field() -> forms.FileField:
    return forms.FileField(
        label="File",
        help_text=_FILE_HINT.format(mb=max_bytes() // MB),
        validators=[validate_file_name],
    )


def _checked(upload):
    try:
        files.check(upload)
    except FileRefused as refused:
        raise ValidationError(str(refused), code="file_refused") from None
    return upload


class ResourceForm(NHSFormMixin, forms.ModelForm):
    """What the library says about a resource (its title, description, tags, module)."""

    class Meta:
        model = Resource
        fields = ["title", "description", "tags", "module"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}


class NewResourceForm(ResourceForm):
    """A resource and its first file."""

    file = _file_field()

    def clean_file(self):
        return _checked(self.cleaned_data["file"])


class VersionForm(NHSFormMixin, ScreenedFormMixin, forms.Form):
    """A new version of a resource's file, and what changed."""

    file = _file_field()
    note = forms.CharField(
        label="What changed",
        max_length=300,
        help_text="One line for people who used the last version, for example 'Adds a column for the prediction'.",
    )

    def clean_file(self):
        return _checked(self.cleaned_data["file"])
