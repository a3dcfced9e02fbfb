"""``{% redact_link record %}``: the "Redact patient identifier" link, for those allowed."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from qls.core.permissions import REDACT_TEXT

register = template.Library()


@register.simple_tag(takes_context=True)
def redact_link(context, record, label: str = "Redact patient identifier") -> str:
    request = context.get("request")
    if record is None or request is None or not request.user.has_perm(REDACT_TEXT):
        return ""
    url = reverse(
        "core:redact",
        args=[record._meta.app_label, record._meta.model_name, record.pk],
    )
    return format_html(
        '<p class="nhsuk-body-s"><a href="{}?{}">{}</a></p>',
        url,
        urlencode({"next": request.get_full_path()}),
        label,
    )
