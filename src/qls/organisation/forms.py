"""Forms for the organisation pages, in NHS.UK markup (see core.forms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.organisation.models import Site, StaffGroup, StaffMember, StrategicAim, Ward


class StaffSearchForm(NHSFormMixin, forms.Form):
    q = forms.CharField(
        label="Name, staff number or job role",
        required=False,
        max_length=100,
        help_text="For example, Patel, 10234567 or staff nurse",
    )
    site = forms.ModelChoiceField(
        queryset=Site.objects.all(), to_field_name="code", required=False, empty_label="All sites"
    )
    ward = forms.ModelChoiceField(
        label="Ward or unit",
        queryset=Ward.objects.select_related("site"),
        to_field_name="code",
        required=False,
        empty_label="All wards and units",
    )
    staff_group = forms.ChoiceField(
        label="Staff group",
        choices=[("", "All staff groups"), *StaffGroup.choices],
        required=False,
    )


class StrategicAimForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    class Meta:
        model = StrategicAim
        fields = ["title", "description", "active"]
        labels = {"active": "Projects can link to this aim"}
        help_texts = {"title": "A short name staff will recognise, for example 'Value and digital'"}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class WardManagerForm(NHSFormMixin, forms.Form):
    """Name the ward's manager from the staff recorded on the ward."""

    manager = forms.ModelChoiceField(
        queryset=StaffMember.objects.none(),
        required=False,
        empty_label="No manager named",
        label="Ward manager",
        error_messages={"invalid_choice": "Choose someone recorded on this ward"},
        help_text="The ward sister or charge nurse: sorts the issues raised at the ward's "
        "staff events and follows them up",
    )

    def __init__(self, *args: Any, ward: Ward, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["manager"]
        field.queryset = StaffMember.objects.filter(ward=ward, active=True).order_by(
            "last_name", "first_name"
        )
        field.label_from_instance = lambda m: f"{m.full_name}, {m.job_role} ({m.staff_number})"


class StaffImportForm(NHSFormMixin, forms.Form):
    file = forms.FileField(
        label="Upload a staff extract",
        help_text="A CSV (saved as 'CSV UTF-8') or XLSX file with the columns staff_number, "
        "first_name, last_name, email, staff_group, job_role, band, site and ward",
        error_messages={"required": "Select a CSV or XLSX file to import"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class StaffInput(forms.TextInput):
    """A box for a person: staff number, work email, or a name picked from suggestions.

    As two or more characters are typed, htmx fills the box's ``<datalist>``
    with matching people from the staff directory ("Name (staff number)");
    without JavaScript the box still takes a staff number or email.
    """

    template_name = "organisation/widgets/staff_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or 'id_' + name}-people"
        widget["list_id"] = list_id
        widget["attrs"].update(
            {
                "list": list_id,
                "autocomplete": "off",
                "hx-get": reverse("organisation:staff_suggestions"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )
        return context
