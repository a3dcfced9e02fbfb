"""Models of the community's forum (app label ``community``).

Categories are set by the improvement team; a thread opens with its first
post and gathers replies. Posts are Markdown, rendered by ``markdown.render``
and never stored as HTML. Each edit keeps the text it replaced
(``ForumRevision``); a hidden post keeps its text for its author and the
moderators, with the reason shown to its author.

Search reads the ``search`` column on PostgreSQL (a weighted tsvector set by
trigger) or the FTS5 table ``community_forum_fts`` on SQLite, both created in
the migration (see ``forum.search``).
"""

from qls.community.forum.models._common import REASON_MAX
from qls.community.forum.models.categories import ForumCategory
from qls.community.forum.models.follows import ForumFollow
from qls.community.forum.models.notifications import EmailChoice, ForumNotification, ForumSetting
from qls.community.forum.models.posts import ForumPost, ForumRevision
from qls.community.forum.models.reports import ForumReport
from qls.community.forum.models.threads import ForumThread

__all__ = [
    "REASON_MAX",
    "EmailChoice",
    "ForumCategory",
    "ForumFollow",
    "ForumNotification",
    "ForumPost",
    "ForumReport",
    "ForumRevision",
    "ForumSetting",
    "ForumThread",
]
