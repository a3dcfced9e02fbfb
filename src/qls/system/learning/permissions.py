"""What each role may do with the system's learning and co-production records.

Everyone with a role reads the published "we said, we did" log. The
System quality lead and the partner quality leads record entries (partners
their own organisation's only, see ``queries``). The System quality lead
shares learning and keeps the system priorities; all three system roles
read the learning sent to them and the priorities.
"""

from __future__ import annotations

from qls.accounts.roles import Role

READ_PUBLISHED = "system.read_published_wesaidwedid"
RECORD = "system.add_wesaidwedid"
EDIT_ENTRY = "system.change_wesaidwedid"
VIEW_LEARNING = "system.view_sharedlearning"
SHARE_LEARNING = "system.add_sharedlearning"
VIEW_PRIORITIES = "system.view_systempriority"
ADD_PRIORITY = "system.add_systempriority"
EDIT_PRIORITY = "system.change_systempriority"

_SYSTEM_READERS = [VIEW_LEARNING, VIEW_PRIORITIES]

GRANTS: dict[str, list[str]] = {
    **{role: [READ_PUBLISHED] for role in Role},
    Role.SYSTEM_QUALITY_LEAD: [
        READ_PUBLISHED,
        RECORD,
        EDIT_ENTRY,
        *_SYSTEM_READERS,
        SHARE_LEARNING,
        ADD_PRIORITY,
        EDIT_PRIORITY,
    ],
    Role.PARTNER_QUALITY_LEAD: [READ_PUBLISHED, RECORD, EDIT_ENTRY, *_SYSTEM_READERS],
    Role.PARTNER_ANALYST: [READ_PUBLISHED, *_SYSTEM_READERS],
}
