"""A submission's abstract: its length, and the word limit people see."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

ABSTRACT_WORDS = 300
# 300 words of even long words fit; the word count is the rule people see.
ABSTRACT_MAX = 4_000


def word_count(text: str) -> int:
    return len(re.findall(r"\S+", text or ""))


def validate_abstract_words(value: str) -> None:
    count = word_count(value)
    if count > ABSTRACT_WORDS:
        raise ValidationError(
            f"Abstract must be {ABSTRACT_WORDS} words or fewer (it has {count}).",
            code="too_many_words",
        )
