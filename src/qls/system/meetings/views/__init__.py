"""Pages of System Quality Group meetings: list, meeting, agenda, an item's minutes, the pack.

A meeting is looked up among those the user may see before the action's
permission is checked, so a meeting the user may not read is "not found",
whatever their role; a member reads their meeting whatever their role.
"""
