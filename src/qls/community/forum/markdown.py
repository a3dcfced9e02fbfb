"""Forum posts from Markdown to safe HTML.

Two well-kept libraries, one after the other, and no sanitiser of our own:

1. markdown-it-py (CommonMark) with raw HTML off, so ``<script>`` or an
   ``onerror=`` typed in a post comes out as text, and its link check, which
   drops ``javascript:``, ``vbscript:``, ``file:`` and ``data:`` targets.
   Images are off too: an image would make the reader's browser ask another
   host for it, and no QLS page may.
2. nh3 (the Rust ``ammonia`` sanitiser) over the result, allowing only the
   tags and attributes Markdown makes and only http(s) and mailto links,
   each with ``rel="nofollow noopener noreferrer"``. If a future change to
   step 1 let markup through, this still stops it.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")


def render(text: str) -> SafeString:
    """The HTML of a post's Markdown, safe to put in a page.

    >>> str(render("**PDSA** <script>alert(1)</script>"))
    '<p><strong>PDSA</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>'
    """
    html = _parser.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(clean.strip())  # sanitised by nh3 just above
