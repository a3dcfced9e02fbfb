"""Password rules beyond Django's own (settings.AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

import re

from django.core.exceptions import FieldDoesNotExist, ValidationError

_SEPARATORS = re.compile(r"[\W_]+")


class ContainsUserAttributeValidator:
    """Refuses a password that contains the person's username, a name, or the
    name part of their email address, in any letter case.

    Django's UserAttributeSimilarityValidator compares the whole password with
    each attribute, so ``coachcoach12`` for the user ``coach`` passes it: the
    two are too different in length to count as similar. The username counts
    from three characters; other attributes (and their parts, as in
    ``priya.sharma``) from five, so a short name such as "Tom" or "Long" does
    not rule out every password with "tomato" or "long" in it.
    """

    DEFAULT_USER_ATTRIBUTES = ("username", "first_name", "last_name", "email")

    def __init__(
        self,
        user_attributes: tuple[str, ...] = DEFAULT_USER_ATTRIBUTES,
        username_min_length: int = 3,
        min_length: int = 5,
    ) -> None:
        self.user_attributes = user_attributes
        self.username_min_length = username_min_length
        self.min_length = min_length

    def _fragments(self, attribute: str, value: str) -> set[str]:
        value = value.lower()
        if attribute == "email":
            value = value.partition("@")[0]
        pieces = {value, *_SEPARATORS.split(value)}
        shortest = self.username_min_length if attribute == "username" else self.min_length
        found = {piece for piece in pieces if len(piece) >= self.min_length}
        if len(value) >= shortest:
            found.add(value)
        return found

    def validate(self, password: str, user=None) -> None:
        if user is None:
            return
        lowered = password.lower()
        for attribute in self.user_attributes:
            value = getattr(user, attribute, None)
            if not value or not isinstance(value, str):
                continue
            if any(fragment in lowered for fragment in self._fragments(attribute, value)):
                try:
                    name = user._meta.get_field(attribute).verbose_name
                except FieldDoesNotExist:
                    name = attribute
                raise ValidationError(
                    "The password contains your %(verbose_name)s. Choose one without it.",
                    code="password_contains_user_attribute",
                    params={"verbose_name": name},
                )

    def get_help_text(self) -> str:
        return "Your password cannot contain your username, your name or your email address."
