"""Who may call the API, and how often: bearer tokens or a session, each
counted against the per-token rate limit; the schema and docs pages' access."""

# No "from __future__ import annotations": django-ninja reads the annotations at run time.
import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from qls.core import ratelimit
from qls.measurement import tokens
from qls.measurement.api_csv import json_response

UNAUTHORISED = (
    "Send a valid API token as 'Authorization: Bearer <token>' "
    "(make one on /data/api-tokens/), or sign in."
)


class RateLimited(Exception):
    """A token (or person) used up its requests for this window."""

    def __init__(self, decision: ratelimit.Decision, rate: ratelimit.Rate) -> None:
        super().__init__(decision.retry_after)
        self.decision = decision
        self.rate = rate


@functools.lru_cache(maxsize=4)
def _parse_rate(text: str) -> ratelimit.Rate:
    return ratelimit.parse_rate(text)


def throttle(key: str) -> None:
    rate = _parse_rate(settings.QLS_API_RATE_LIMIT)
    decision = ratelimit.hit(key, rate)
    if not decision.allowed:
        raise RateLimited(decision, rate)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = tokens.authenticate_token(token)
        if found is None:
            return None
        throttle(f"token:{found.pk}")
        request.user = found.user
        return found.user


class SessionAuth(NinjaSessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user:
            throttle(f"user:{user.pk}")
        return user


def docs_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The OpenAPI schema and the docs page, for a signed-in person or a valid token.

    Without either, the schema answers 401 in JSON (programs read it) and the
    docs page sends a person to sign in.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            key = f"user:{request.user.pk}"
        else:
            header = request.headers.get("Authorization", "")
            scheme, _, raw = header.partition(" ")
            found = tokens.authenticate_token(raw.strip()) if scheme.lower() == "bearer" else None
            if found is None:
                if request.path.endswith("openapi.json"):
                    return unauthorised_response()
                return redirect_to_login(request.get_full_path())
            key = f"token:{found.pk}"
            request.user = found.user
        try:
            throttle(key)
        except RateLimited as exc:
            return rate_limited_response(exc)
        return view(request, *args, **kwargs)

    return wrapped


def unauthorised_response() -> HttpResponse:
    response = json_response({"detail": UNAUTHORISED, "errors": []}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


def rate_limited_response(exc: RateLimited) -> HttpResponse:
    wait = exc.decision.retry_after
    body = {
        "detail": f"Too many requests: {exc.rate.count} per {exc.rate.seconds} seconds "
        f"for each token. Try again in {wait} seconds.",
        "errors": [],
        "retry_after": wait,
    }
    response = json_response(body, status=429)
    response["Retry-After"] = str(wait)
    return response
