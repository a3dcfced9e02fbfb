"""The page where the improvement team removes a patient identifier from stored text."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from qls.core import redaction
from qls.core.breadcrumbs import home
from qls.core.forms import NHSFormMixin
from qls.core.ids import parse_id
from qls.core.permissions import REDACT_TEXT
from qls.core.screening import ScreenedFormMixin


class RedactForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    fields_to_redact = forms.MultipleChoiceField(
        label="Text to remove",
        widget=forms.CheckboxSelectMultiple,
        help_text="The fields that hold an identifier now are ticked; you can choose any field.",
        error_messages={"required": "Choose at least one field to remove text from"},
    )
    reason = forms.CharField(
        label="Why you are removing it",
        max_length=redaction.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the audit history. For example: NHS number typed into an issue.",
        error_messages={"required": "Give the reason for removing the text"},
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields_to_redact"].choices = choices


def _get_record(app_label: str, model_name: str, pk: str) -> models.Model:
    """The QLS record named in the URL, or 404."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404("No such record type") from error
    if not model.__module__.startswith("qls.") or not redaction.text_fields(model):
        raise Http404("No text to redact in that record type")
    if isinstance(model._meta.pk, models.IntegerField | models.AutoField):
        key = parse_id(pk)  # a number too big for the database is not found, not a 500
        if key is None:
            raise Http404("No such record")
    else:
        key = pk
    try:
        return model._default_manager.get(pk=model._meta.pk.to_python(key))
    except (model.DoesNotExist, ValidationError) as error:
        raise Http404("No such record") from error


def _next_url(request: HttpRequest, obj: models.Model) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    absolute = getattr(obj, "get_absolute_url", None)
    return absolute() if absolute else reverse("core:home")


@permission_required(REDACT_TEXT, raise_exception=True)
def redact_record(request: HttpRequest, app_label: str, model: str, pk: str) -> HttpResponse:
    obj = _get_record(app_label, model, pk)
    fields = redaction.text_fields(type(obj))
    flagged = redaction.fields_with_identifiers(obj)
    choices = [
        (
            field.name,
            str(field.verbose_name).capitalize()
            + (f" (holds a {flagged[field.name]})" if field.name in flagged else ""),
        )
        for field in fields
    ]
    form = RedactForm(
        request.POST or None, choices=choices, initial={"fields_to_redact": list(flagged)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            redaction.redact(
                obj=obj,
                fields=form.cleaned_data["fields_to_redact"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except redaction.RedactionError as error:
            form.add_error(None, str(error))
        except IntegrityError:
            form.add_error(
                None,
                "Another record of this type already has the placeholder in that field; "
                "edit this record's text instead.",
            )
        else:
            messages.success(request, "The text was removed from the record and its history.")
            return redirect(_next_url(request, obj))
    return render(
        request,
        "core/redact.html",
        {
            "form": form,
            "record": obj,
            "record_type": str(type(obj)._meta.verbose_name).capitalize(),
            "shown": [
                {"label": str(f.verbose_name).capitalize(), "text": getattr(obj, f.attname)}
                for f in fields
                if f.name in flagged
            ],
            "next": _next_url(request, obj),
            "crumbs": home(),
        },
    )
