"""Errors the accounts actions raise; views turn them into messages."""

from __future__ import annotations


class AccountsError(Exception):
    """Base class for refusals of an accounts change."""


class CannotRemoveOwnAdminRole(AccountsError):
    """An admin tried to take the Admin role away from themselves."""

    def __str__(self) -> str:
        return (
            "You cannot remove your own Admin role. Ask another admin to do it, so the "
            "trust is never left without someone who can manage roles."
        )


class CannotDeactivateSelf(AccountsError):
    """An admin tried to switch off their own account."""

    def __str__(self) -> str:
        return "You cannot deactivate your own account. Ask another admin to do it."
