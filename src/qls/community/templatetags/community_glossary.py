"""``{{ text|glossary_links }}``: link the first mention of each glossary term to its definition.

Plain text is escaped piece by piece as it is copied, and only the links this
filter writes are markup, so nothing a person typed is ever marked safe
unescaped. Text that is already safe HTML (rendered Markdown, say) is linked
only between its tags, never inside a tag or inside an existing link.
Matching is by whole word, in any case, longest name first, so "run chart"
is linked as itself rather than as "run".
"""

from __future__ import annotations

import re

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, SafeString, mark_safe

from qls.community.glossary import queries

register = template.Library()

_TAG = re.compile(r"(<[^>]*>)")
_OPEN_A = re.compile(r"<a[\s>]", re.IGNORECASE)
_CLOSE_A = re.compile(r"</a\s*>", re.IGNORECASE)


class _Linker:
    def __init__(self) -> None:
        pairs = queries.linkable()
        self.regex = queries.pattern(pairs)
        self.slugs = {name.casefold(): slug for name, slug in pairs}
        self.base = reverse("community:glossary_index")
        self.done: set[str] = set()

    def link(self, text: str, *, already_html: bool) -> str:
        """``text`` with the first mention of each term linked; escaped unless ``already_html``."""
        keep = (lambda s: s) if already_html else escape
        if self.regex is None:
            return keep(text)
        out, pos = [], 0
        for match in self.regex.finditer(text):
            slug = self.slugs.get(match.group(0).casefold())
            if slug is None or slug in self.done:
                continue
            self.done.add(slug)
            out.append(keep(text[pos : match.start()]))
            words = match.group(0) if already_html else escape(match.group(0))
            out.append(
                format_html(
                    '<a class="qls-glossary-link" href="{}#term-{}">{}</a>',
                    self.base,
                    slug,
                    mark_safe(words),  # escaped just above, or already HTML
                )
            )
            pos = match.end()
        out.append(keep(text[pos:]))
        return "".join(out)


@register.filter
def glossary_links(value: object) -> SafeString:
    if value is None or value == "":
        return mark_safe("")
    linker = _Linker()
    if not isinstance(value, SafeData):
        return mark_safe(linker.link(str(value), already_html=False))
    out, in_link = [], 0
    for part in _TAG.split(str(value)):
        if part.startswith("<"):
            if _OPEN_A.match(part):
                in_link += 1
            elif _CLOSE_A.match(part):
                in_link = max(0, in_link - 1)
            out.append(part)
        elif in_link or not part:
            out.append(part)
        else:
            out.append(linker.link(part, already_html=True))
    return mark_safe("".join(out))
