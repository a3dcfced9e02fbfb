"""What a signed-in account with no role may reach: its own account pages only.

QLS shows the trust's projects, data, training and ward records to people
the trust has given a role. An account can exist without one: a first
single sign-on creates it with the Staff role, but an admin may take every
role away, or create a local account and not give one yet. Such an account
sees its profile, can change its password and sign out, and reads the QLS
statements every page links to; every other page answers with the "no role
yet" page (403), which says whom to ask. The rule is applied once, by
``NoRoleMiddleware``, so a new page is covered without doing anything. Every
role grants permissions, so "holds no role" is tested as "holds no
permission" (``qls.core.permissions.holds_any_permission``).
"""

from __future__ import annotations

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
