"""Forum Markdown is rendered harmless, whatever tricks the text tries.

The vectors follow the families of the OWASP XSS filter evasion cheat sheet
(script tags, event handlers, javascript: links disguised by case, entities,
whitespace and control characters, data: and vbscript: targets, broken
markup, SVG and style tricks), written out here for the test.
"""

from __future__ import annotations

import re

import pytest

from qls.community.forum.markdown import render

VECTORS = [
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="https://xss.example/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=//xss.example/.j>",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    "<iframe src=https://xss.example/scriptlet.html <",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<STYLE>@import'https://xss.example/xss.css';</STYLE>",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<a href=\"javascript:alert('XSS')\">click</a>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    # The same ideas through Markdown's own syntax.
    "[click](javascript:alert('XSS'))",
    "[click](JaVaScRiPt:alert('XSS'))",
    "[click](&#106;avascript:alert(1))",
    "[click](java%0ascript:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](vbscript:msgbox('XSS'))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](file:///etc/passwd)",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](https://xss.example/track.png)",
    '[x](https://qls.example "title" onmouseover="alert(1)")',
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
]

_TAG = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
ALLOWED = {"p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
           "h1", "h2", "h3", "h4", "h5", "h6"}  # fmt: skip


@pytest.mark.parametrize("vector", VECTORS)
def test_an_xss_vector_renders_harmless(vector):
    html = str(render(vector))
    assert html  # something was rendered, so the checks below look at real output
    for name, attributes in _TAG.findall(html):
        assert name.lower() in ALLOWED, html
        # Only href and title on a link; no event handler, style or src anywhere.
        for attr in re.findall(r"([a-zA-Z-]+)\s*=", attributes):
            assert attr.lower() in {"href", "title", "rel", "start"}, html
        for href in re.findall(r'href="([^"]*)"', attributes):
            # A browser reads a scheme only from letters, digits, + - . before a colon;
            # anything else ("java%0ascript:") is a harmless relative address.
            scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", href)
            assert scheme is None or scheme.group(1).lower() in {"http", "https", "mailto"}, html
    # A dangerous word may survive only as escaped text, never as markup.
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "<svg" not in html.lower()


def test_markdown_that_is_not_an_attack_keeps_its_meaning():
    html = str(render("A **run chart** needs [the rules](https://qls.example/rules)\n\n- one"))
    assert "<strong>run chart</strong>" in html
    assert '<a href="https://qls.example/rules" rel="nofollow noopener noreferrer">' in html
    assert "<li>one</li>" in html


def test_an_image_never_makes_the_browser_ask_another_host():
    assert "src=" not in str(render("![chart](https://elsewhere.example/chart.png)"))
