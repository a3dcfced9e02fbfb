"""API tokens: making, checking and revoking them.

A token is ``qls_`` followed by 40 random URL-safe characters. Only its
SHA-256 is stored, so a leaked database does not leak working tokens; the
person who makes one sees it once.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from qls.measurement.models import ApiToken

PREFIX = "qls_"
MAX_ACTIVE_PER_USER = 20


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
    if not raw or not raw.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return token.user


@transaction.atomic
def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
