"""API tokens: making, checking and revoking them.

A token is ``qls_`` followed by 40 random URL-safe characters. Only its
SHA-256 is stored, so a leaked database does not leak working tokens; the
person who makes one sees it once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from qls.measurement.models import ApiToken

PREFIX = "qls_"
MAX_ACTIVE_PER_USER = 20
LAST_USED_EVERY = dt.timedelta(minutes=1)


class TokenError(Exception):
    """A token cannot be made (for example, too many active ones)."""


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns the row and the secret to show once."""
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_PER_USER:
        raise TokenError(
            f"You already have {MAX_ACTIVE_PER_USER} active tokens. Revoke one you no longer use."
        )
    raw = PREFIX + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=raw[:10], token_hash=hash_token(raw)
    )
    return token, raw


def authenticate(raw: str) -> Any | None:
    """The active user a token belongs to, or None (unknown, revoked, inactive user)."""
    token = authenticate_token(raw)
    return None if token is None else token.user


def authenticate_token(raw: str) -> ApiToken | None:
    """The active token ``raw`` is, with its user loaded, or None.

    ``last_used`` is written at most once a minute: a client paging through a
    metric makes a request every few milliseconds, and a write on each would
    queue them all behind the database's write lock.
    """
    if not raw or not raw.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token


@transaction.atomic
def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
