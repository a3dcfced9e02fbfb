"""Forms of the data catalogue: searching it and editing a data set with its columns."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.measurement.forms._common import _OwnerMixin
from qls.measurement.models import Dataset, DatasetField


class CatalogueSearchForm(NHSFormMixin, forms.Form):
    q = forms.CharField(
        label="Search data sets",
        required=False,
        max_length=100,
        help_text="A word from the name, description or a field, for example falls or ethnicity",
    )


class DatasetForm(ScreenedFormMixin, _OwnerMixin, NHSFormMixin, forms.ModelForm):
    owner_number = forms.CharField(
        label="Owner's staff number",
        required=False,
        max_length=20,
        help_text="The person who answers questions about this data set",
    )
    unscreened_fields = ("owner_number",)

    class Meta:
        model = Dataset
        fields = [
            "name",
            "slug",
            "description",
            "source_system",
            "refresh_cadence",
            "sensitivity",
        ]
        labels = {"slug": "Short name for web addresses", "source_system": "Source system"}
        help_texts = {
            "slug": "Lower case letters, numbers and hyphens; left empty, it is made from the name",
            "description": "What the data set holds, its coverage and known limitations",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if self.instance.owner_id:
            self.initial["owner_number"] = self.instance.owner.staff_number

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("name", ""))[:100]
        if not slug:
            raise ValidationError("Enter a short name for web addresses")
        clash = Dataset.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(f"Another data set already uses the short name {slug}")
        return slug

    def clean_owner_number(self) -> str:
        self.owner = self._clean_owner_number()
        return self.cleaned_data["owner_number"]

    def dataset_fields(self) -> dict[str, Any]:
        """The cleaned values, as ``actions.save_dataset`` takes them."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**values, "owner": getattr(self, "owner", None)}


class DatasetFieldForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    class Meta:
        model = DatasetField
        fields = ["name", "data_type", "definition"]
        labels = {"name": "Column name", "data_type": "Type"}
        widgets = {"definition": forms.Textarea(attrs={"rows": 2})}


DatasetFieldFormSet = forms.inlineformset_factory(
    Dataset,
    DatasetField,
    form=DatasetFieldForm,
    extra=2,
    can_delete=True,
)
