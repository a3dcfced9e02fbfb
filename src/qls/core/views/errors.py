"""Error pages in the NHS.UK layout: what happened, what to do next, a link home.

Wired in ``qls.urls`` (handler403/404/500) and ``CSRF_FAILURE_VIEW``.
``too_many_requests`` is for any view that refuses a request over a rate limit.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)

# Served when even the 500 template cannot be rendered (a broken template
# directory, say): plain HTML with no template engine behind it.
_BARE_500 = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
    "<title>Sorry, there is a problem with the service &ndash; QLS</title></head>"
    "<body><main><h1>Sorry, there is a problem with the service</h1>"
    '<p>Try again later.</p><p><a href="/">Go to the QLS home page</a></p>'
    "</main></body></html>"
)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"request_path": request.path}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without the request.

    No request means no context processors: the navigation (which asks the
    database what the person may see) and the signed-in user are left out,
    so the page still renders when the error is that the database is down.
    """
    try:
        body = loader.get_template("500.html").render()
    except Exception:  # the last resort must not raise
        logger.exception("The 500 page could not be rendered; served plain HTML instead")
        body = _BARE_500
    return HttpResponseServerError(body)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form was sent without a valid security token (usually an old or expired page)."""
    return render(request, "403_csrf.html", status=403)


def too_many_requests(
    request: HttpRequest,
    retry_after: float,
    *,
    message: str = "",
    template_name: str = "429.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Refuse a request over a rate limit: status 429 and ``Retry-After`` in seconds.

    ``message`` says which limit was reached; the page adds how long to wait.
    A page that should stay on screen (a form, keeping what the person typed)
    passes its own ``template_name`` and ``context`` and shows the message itself.
    """
    seconds = max(1, math.ceil(retry_after))
    minutes = math.ceil(seconds / 60)
    response = render(
        request,
        template_name,
        {
            "message": message,
            "retry_after": seconds,
            "retry_minutes": minutes,
            **(context or {}),
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
