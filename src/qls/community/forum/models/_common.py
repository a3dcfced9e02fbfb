"""The length of a short reason: a category's description, why a post is hidden or reported."""

from __future__ import annotations

REASON_MAX = 500
