"""Forms of metric sharing: upload an agreement, share a metric, withdraw a share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from qls.core.forms import NHSFormMixin
from qls.core.limits import LONG_TEXT_MAX
from qls.core.screening import ScreenedFormMixin, validate_file_name
from qls.core.uploads import MB, max_bytes
from qls.core.widgets import DateInput
from qls.measurement.models import DataSharingAgreement, Metric
from qls.system.sharing import files, queries
from qls.system.sharing.errors import AgreementRefused


class AgreementForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    signed_on = forms.DateField(
        label="Date signed",
        widget=DateInput(),
        error_messages={"required": "Enter the date the agreement was signed."},
    )
    document = forms.FileField(
        label="Signed agreement",
        validators=[validate_file_name],
        error_messages={"required": "Choose the signed agreement to upload."},
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations that signed it",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one organisation that signed it."},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "document"
        ].help_text = f"A PDF or Word (.docx) document, up to {max_bytes() // MB} MB."
        self.fields["organisations"].queryset = queries.sharing_organisations(user)  # type: ignore[attr-defined]

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise ValidationError("The date signed must be today or in the past.")
        return signed_on

    def clean_document(self):
        upload = self.cleaned_data["document"]
        try:
            files.check(upload)
        except AgreementRefused as refused:
            raise ValidationError(str(refused), code="file_refused") from None
        return upload


class ShareForm(NHSFormMixin, forms.Form):
    metric = forms.ModelChoiceField(
        label="Metric",
        queryset=Metric.objects.filter(active=True).order_by("name"),
        error_messages={"required": "Choose the metric to share."},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=None,
        help_text="The organisation whose data for this metric is shared.",
        error_messages={
            "required": "Choose the organisation whose data is shared.",
            "invalid_choice": "You may share only your own organisation's metrics.",
        },
    )
    agreement = forms.ModelChoiceField(
        label="Data-sharing agreement",
        queryset=DataSharingAgreement.objects.all(),
        error_messages={"required": "Choose the agreement the data is shared under."},
    )
    shared_from = forms.DateField(
        label="Shared since",
        widget=DateInput(),
        error_messages={"required": "Enter the date the share starts."},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = queries.sharing_organisations(user)  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        agreement, organisation = data.get("agreement"), data.get("organisation")
        if agreement and organisation:
            signed = list(agreement.organisations.all())
            if signed and organisation not in signed:
                self.add_error("agreement", f"{organisation} has not signed {agreement.name}.")
        return data


class WithdrawForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the share withdrawn?",
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept in the withdrawn log for everyone in the system to read.",
        error_messages={"required": "Give the reason for withdrawing the share."},
    )
