"""Every URL pattern of the project, walked from the root resolver.

The authorisation tests request every page; walking the resolver (rather
than keeping a list by hand) means a new page is found the day it is added.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

# <converter:name> or <name> in a route; ([^/]+)-style groups in a regex.
_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?[^()]*\)")


@dataclass(frozen=True)
class Page:
    route: str  # the pattern as written, e.g. "projects/<id:pk>/"
    name: str  # namespaced URL name, e.g. "projects:project"; the route when unnamed
    callback: Callable
    regex: bool = False  # a regex pattern (the Django admin's) rather than a route

    @property
    def public(self) -> bool:
        """Open without signing in (Django's ``login_not_required``)."""
        return not getattr(self.callback, "login_required", True)

    @property
    def params(self) -> list[str]:
        if self.regex:
            return [m["name"] or f"_{i}" for i, m in enumerate(_REGEX_GROUP.finditer(self.route))]
        return [m["name"] for m in _ROUTE_PARAM.finditer(self.route)]

    def path(self, values: dict[str, object] | None = None, default: object = "1") -> str:
        """The page's address with each parameter filled from ``values``.

        Checked against the resolver, so a value the converter refuses (or a
        pattern this cannot fill) fails loudly instead of testing another page.
        """
        values = values or {}
        counter = iter(range(100))

        def route_value(m: re.Match) -> str:
            return str(values.get(m["name"], default))

        def regex_value(m: re.Match) -> str:
            i = next(counter)
            return str(values.get(m["name"] or f"_{i}", default))

        if self.regex:
            text = _REGEX_GROUP.sub(regex_value, self.route).replace("^", "").replace("$", "")
        else:
            text = _ROUTE_PARAM.sub(route_value, self.route)
        path = "/" + text
        match = resolve(path)
        if match.func is not self.callback and match.route != self.route:
            raise AssertionError(f"{path} resolves to {match.view_name}, not {self.name}")
        return path


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[Page]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            name = f"{namespace}{p.name}" if p.name else route
            yield Page(route, name, p.callback, regex=isinstance(p.pattern, RegexPattern))


def all_pages() -> list[Page]:
    """Every URL pattern; two patterns sharing a name (GET and POST operations
    of one API address) appear once each."""
    return list(_walk(get_resolver().url_patterns))
