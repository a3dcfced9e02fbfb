"""Nothing a QLS page loads comes from another host.

On a trust network that blocks a host (or with no network at all) a page that
asks for a font, script or image from elsewhere stalls until the request times
out, and every outside request tells a third party who is reading what. These
tests read every static file collectstatic would ship and every template Django
can render, and fail on any reference the browser would fetch from another
origin: a stylesheet's ``url()`` or ``@import``, a ``src``/``href``/``srcset``
that loads something, a script import. Links people follow (``<a href>``) are
not requests and are allowed.

Minified libraries can build a URL at run time where no text scan can see it;
the browser tests (tests/conftest.py) record every request each page makes and
fail on any to another origin, which covers that case for the pages they visit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles.finders import get_finders
from django.template import engines
from django.urls import reverse

# A reference another origin would serve: "scheme://..." or protocol-relative "//...".
OFFSITE = r"""(?:[a-z][a-z0-9+.-]*:)?//"""

CSS_FETCHES = re.compile(
    rf"""url\(\s*['"]?\s*(?P<a>{OFFSITE}[^'")\s]*)|@import\s+(?:url\()?\s*['"]?\s*(?P<b>{OFFSITE}[^'")\s;]*)""",
    re.IGNORECASE,
)
# Elements whose attribute the browser fetches as the page loads (not <a>, <form>).
MARKUP_FETCHES = re.compile(
    rf"""<(?P<tag>script|link|img|iframe|frame|source|video|audio|track|embed|object|input|image|use|feimage)\b
        [^>]*?\b(?:src|href|xlink:href|srcset|poster|data|background)\s*=\s*\\?['"]?\s*
        (?P<a>{OFFSITE}[^'"\s>\\]*)""",
    re.IGNORECASE | re.VERBOSE,
)
INLINE_STYLE_FETCHES = re.compile(
    rf"""url\(\s*(?:&quot;|['"])?\s*(?P<a>{OFFSITE}[^'")\s&]*)""", re.IGNORECASE
)
JS_FETCHES = re.compile(
    rf"""(?:\bimport\s*(?:[\w{{}}*,\s$]*\bfrom\s*)?|\bimport\(\s*|\bimportScripts\(\s*|\bfetch\(\s*|
        \.(?:src|href)\s*=\s*)['"`](?P<a>{OFFSITE}[^'"`\s]*)""",
    re.IGNORECASE | re.VERBOSE,
)
ANY_ABSOLUTE_URL = re.compile(rf"""['"`(=]\s*(?P<a>{OFFSITE}[^'"`)\s]+)""", re.IGNORECASE)

OUR_STATIC = ("qls/",)
# Templates shipped by django-ninja for running without its app installed; with
# "ninja" in INSTALLED_APPS (settings.py) it renders the local-file versions.
UNRENDERED_TEMPLATES = {"ninja/swagger_cdn.html", "ninja/redoc_cdn.html"}


def shipped_static_files() -> list[tuple[str, str]]:
    """(path, text) of every text file collectstatic gathers, vendored and ours."""
    files = {}
    for finder in get_finders():
        for path, storage in finder.list([]):
            if path in files or not path.endswith((".css", ".js", ".mjs", ".svg", ".html")):
                continue
            with storage.open(path) as handle:
                files[path] = handle.read().decode("utf-8", errors="replace")
    assert files, "no static files found: the finders are misconfigured"
    return sorted(files.items())


def renderable_templates() -> list[tuple[str, str]]:
    """(name, text) of every template in a directory Django loads templates from."""
    found = {}
    for engine in engines.all():
        for folder in engine.template_dirs:
            folder = Path(folder)
            for file in folder.rglob("*"):
                name = file.relative_to(folder).as_posix()
                if file.is_file() and name not in found and name not in UNRENDERED_TEMPLATES:
                    found[name] = file.read_text(encoding="utf-8", errors="replace")
    assert any(name == "base.html" for name in found), "QLS's own templates not found"
    return sorted(found.items())


def offsite_fetches(path: str, text: str) -> list[str]:
    """Every reference in ``text`` a browser would fetch from another origin."""
    hits = []
    patterns = []
    if path.endswith(".css"):
        patterns = [CSS_FETCHES]
    elif path.endswith((".js", ".mjs")):
        patterns = [JS_FETCHES, MARKUP_FETCHES, CSS_FETCHES]
    else:
        patterns = [MARKUP_FETCHES, INLINE_STYLE_FETCHES, CSS_FETCHES]
    for pattern in patterns:
        for match in pattern.finditer(text):
            url = next(value for key, value in match.groupdict().items() if key != "tag" and value)
            line = text.count("\n", 0, match.start()) + 1
            hits.append(f"{path}:{line}: {url}")
    return hits


def test_the_scanner_sees_each_kind_of_offsite_request():
    # A scanner that finds nothing proves nothing: check it on known bad input.
    assert offsite_fetches("a.css", "@font-face{src:url(https://fonts.example/x.woff2)}")
    assert offsite_fetches("a.css", '@import url("//cdn.example/a.css");')
    assert offsite_fetches("a.html", '<script src="https://cdn.example/htmx.js"></script>')
    assert offsite_fetches("a.html", "<link rel='stylesheet' href='//cdn.example/a.css'>")
    assert offsite_fetches("a.html", '<img alt="" srcset="https://img.example/a.png 2x">')
    assert offsite_fetches("a.html", '<div style="background:url(http://img.example/a.png)">')
    assert offsite_fetches("a.js", 'import {x} from "https://esm.example/x.js";')
    assert offsite_fetches("a.js", 'el.innerHTML = "<img src=\\"https://img.example/t.gif\\">";')
    # Links people follow, XML namespaces and same-origin files are not requests.
    assert not offsite_fetches("a.html", '<a href="https://www.england.nhs.uk/">NHS England</a>')
    assert not offsite_fetches("a.svg", '<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    assert not offsite_fetches("a.css", "a{background:url(assets/images/x.svg)}")
    assert not offsite_fetches("a.html", '<img src="data:image/png;base64,AAAA" alt="">')


def test_no_static_file_fetches_from_another_host():
    hits = [hit for path, text in shipped_static_files() for hit in offsite_fetches(path, text)]
    assert not hits, "Static files that load something from another host:\n" + "\n".join(hits)


def test_no_template_fetches_from_another_host():
    hits = [hit for name, text in renderable_templates() for hit in offsite_fetches(name, text)]
    assert not hits, "Templates that load something from another host:\n" + "\n".join(hits)


def test_our_own_scripts_and_styles_name_no_other_host_at_all():
    hits = []
    for path, text in shipped_static_files():
        if path.startswith(OUR_STATIC):
            hits += [f"{path}: {m['a']}" for m in ANY_ABSOLUTE_URL.finditer(text)]
    assert not hits, "\n".join(hits)


def test_nhs_stylesheet_serves_no_web_fonts_and_falls_back_to_arial():
    css = dict(shipped_static_files())["vendor/nhsuk-frontend/nhsuk-frontend.min.css"]
    assert "@font-face" not in css
    assert "Frutiger" not in css
    families = set(re.findall(r"font-family:([^;}]*)", css))
    assert "arial,sans-serif" in families, families
    # Its icons resolve next to the stylesheet, where vendor.sh copies them.
    icons = set(re.findall(r"url\(([^)]*)\)", css))
    assert icons
    assert all(icon.startswith("assets/images/") for icon in icons), icons


def test_vendor_script_strips_web_fonts_on_every_re_vendor():
    script = (Path(__file__).resolve().parents[2] / "frontend" / "vendor.sh").read_text()
    assert "@font-face" in script
    assert "Frutiger" in script


def test_charts_turn_off_vega_embed_actions_that_open_the_online_editor():
    # vega-embed's action menu posts the chart to vega.github.io when used.
    charts = dict(shipped_static_files())["qls/charts.js"]
    assert "actions: false" in charts


@pytest.mark.django_db
def test_api_docs_page_shows_no_validator_badge_from_swagger_io(client, personas):
    client.force_login(personas["staff"])
    page = client.get(reverse("api:openapi-view"))
    assert page.status_code == 200
    html = page.content.decode()
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.DOTALL)[1])
    assert settings["validatorUrl"] is None
    assert not offsite_fetches("api-docs.html", html)
