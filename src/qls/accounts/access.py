"""What a signed-in account with no role may reach: its own account pages only.

QLS shows the trust's projects, data, training and ward records to people
the trust has given a role. An account can exist without one: a first
single sign-on creates it with the Staff role, but an admin may take every
role away, or create a local account and not give one yet. Such an account
sees its profile, can change its password and sign out, and reads the QLS
statements every page links to; every other page answers with the "no role
yet" page (403), which says whom to ask. The rule is applied once, by
``NoRoleMiddleware``, so a new page is covered without doing anything.
"""

from __future__ import annotations

from typing import Any

# Pages open to an account with no role (URL names). Pages outside the
# sign-in (the log-in page, the public issue form, the health check, the API,
# which answers by token permissions) are open to everyone and need no entry.
NO_ROLE_PAGES = frozenset(
    {
        "accounts:no_role",
        "accounts:profile",
        "accounts:password_change",
        "accounts:logout",
        "core:accessibility",
        "core:privacy",
    }
)


def holds_a_role(user: Any) -> bool:
    """True for a signed-in person with at least one role (or a superuser).

    Every role grants permissions, so "holds no permission at all" is "holds
    no role". Asking the permissions costs no query on most pages: the
    backend caches them on the user for the request, and the header and the
    view ask for them anyway.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(user.get_all_permissions())
