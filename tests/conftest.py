"""Fixtures shared by the whole suite: named personas for each role, and a
Chromium page (Playwright) with an accessibility check built in."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API keeps an event loop running in the test thread, which
# makes Django refuse ORM calls there; the calls are still sequential, so it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("QLS_CHROMIUM", "/usr/bin/chromium")
QLS_STATIC = Path(__file__).resolve().parent.parent / "src/qls/core/static"
AXE_JS = QLS_STATIC / "vendor/axe-core/axe.min.js"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def reference_data(db):
    """The strategic aims and quality domains a fresh install has."""
    from qls.organisation.services import load_reference_data

    load_reference_data()


@pytest.fixture
def personas(db):
    """One user per role, plus a signed-in person who holds no role at all."""
    from tests.factories.accounts import persona_users

    return persona_users(password=PASSWORD)


# ---------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install the Debian package chromium "
            "(make system-deps) to run the browser tests"
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            # No browser test reaches the network, whatever a page asks for:
            # other host names do not resolve (the offsite guard below still
            # fails a test whose page asked).
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
        ],
    }


class OffsiteRequests:
    """Every request a page made to an origin other than the live server's.

    QLS promises that pages load nothing from elsewhere (docs/deployment.md):
    a blocked host stalls the page, and an outside request tells a third
    party who reads what. data: and blob: URLs never leave the browser.
    """

    LOCAL_SCHEMES = ("data:", "blob:", "about:")

    def __init__(self, origin: str) -> None:
        self.origin = origin.rstrip("/")
        self.seen: list[str] = []

    def record(self, request) -> None:
        url = request.url
        if url.startswith(self.LOCAL_SCHEMES):
            return
        if url == self.origin or url.startswith(self.origin + "/"):
            return
        self.seen.append(f"{request.method} {url} (from {request.frame.url})")

    def check(self) -> None:
        assert not self.seen, "Pages asked another host:\n" + "\n".join(self.seen)


class PolicyViolations:
    """Everything the Content-Security-Policy refused on any page (Chromium
    reports each refusal on the console): an inline script or style, a
    script or image from elsewhere, an eval the policy does not allow."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def record(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.seen.append(f"{message.text} (on {message.page.url if message.page else '?'})")

    def check(self) -> None:
        assert not self.seen, "The Content-Security-Policy refused:\n" + "\n".join(self.seen)


class ConsoleErrors:
    """Every error a page wrote to the console, and every exception it left
    uncaught: a chart that fails to draw, a script that breaks, a fetch that
    answers an error. Vega's own warnings ("WARN Infinite extent for field
    x") count too: they mean a chart drew nothing.

    A document that answers an error status on purpose (a test visiting a
    404 page) makes Chromium log its status; that is the test's business,
    so a failed load of the page's own address is not counted.
    """

    def __init__(self) -> None:
        self.seen: list[str] = []

    def record(self, message) -> None:
        text = message.text
        # A layout notice ("Dropping fit-y because spec has discrete height")
        # changes how a chart is sized, not what it draws.
        vega_warning = (
            message.type == "warning"
            and text.startswith("WARN ")
            and not text.startswith('WARN Dropping "fit')
        )
        if message.type != "error" and not vega_warning:
            return
        if "Content Security Policy" in text:
            return  # the policy's own recorder (csp_violations) judges those
        page_url = message.page.url if message.page else "?"
        location = (message.location or {}).get("url", "")
        if text.startswith("Failed to load resource") and location == page_url:
            return
        self.seen.append(f"{message.type}: {text} (on {page_url}, from {location or '?'})")

    def record_uncaught(self, web_error) -> None:
        page_url = web_error.page.url if web_error.page else "?"
        self.seen.append(f"uncaught: {web_error.error} (on {page_url})")

    def check(self) -> None:
        assert not self.seen, "Pages logged errors:\n" + "\n".join(self.seen)


@pytest.fixture
def offsite_requests(live_server) -> OffsiteRequests:
    return OffsiteRequests(live_server.url)


@pytest.fixture
def csp_violations() -> PolicyViolations:
    return PolicyViolations()


@pytest.fixture
def console_errors() -> ConsoleErrors:
    return ConsoleErrors()


@pytest.fixture
def context(context, offsite_requests, csp_violations, console_errors):
    """pytest-playwright's browser context, failing the test (at teardown) if
    any of its pages asked a host other than the live server, did something
    the Content-Security-Policy refused, or logged an error."""
    context.on("request", offsite_requests.record)
    context.on("console", csp_violations.record)
    context.on("console", console_errors.record)
    context.on("weberror", console_errors.record_uncaught)
    yield context
    offsite_requests.check()
    csp_violations.check()
    console_errors.check()


@pytest.fixture
def axe():
    """Returns a checker: ``axe(page)`` fails the test on serious or critical
    accessibility violations of the page as it is now."""

    def check(page, *, context: str = "") -> None:
        # From QLS's own static files: the page's Content-Security-Policy
        # refuses an inline script.
        # A click that navigates returns before the new document has a head:
        # wait for it to load, and start again if it is replaced meanwhile.
        for attempt in range(3):
            page.wait_for_load_state("load")
            try:
                origin = page.evaluate("location.origin")
                page.add_script_tag(
                    url=f"{origin}/static/{AXE_JS.relative_to(QLS_STATIC).as_posix()}"
                )
                result = _run_axe(page)
                break
            except PlaywrightError:
                if attempt == 2:
                    raise
        bad = [v for v in result if v["impact"] in ("serious", "critical")]
        where = context or page.url
        assert not bad, f"Accessibility violations on {where}:\n" + "\n".join(
            f"- {v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}" for v in bad
        )
        _check_phone_width(page, where)

    return check


PHONE = {"width": 390, "height": 844}


def _check_phone_width(page, where: str) -> None:
    """The page at a phone's width (390 px) scrolls only down, never sideways:
    tables scroll inside their own wrapper, charts fit their container."""
    before = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        # Charts redraw on resize (Vega's width "container"); give them a frame or two.
        page.wait_for_timeout(300)
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        widths = page.evaluate(_OVERFLOW_JS)
    finally:
        if before:
            page.set_viewport_size(before)
    assert widths["scroll"] <= widths["client"], (
        f"{where} is {widths['scroll']} px wide at {PHONE['width']} px "
        f"(the screen shows {widths['client']}); the widest elements:\n"
        + "\n".join(f"- {w['width']} px: {w['path']}" for w in widths["widest"])
    )


# The elements that stick out furthest past the right edge; for each, the
# outermost one, as that is where the fix goes (a table, not its cells).
_OVERFLOW_JS = """() => {
  const root = document.documentElement;
  const client = root.clientWidth;
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let s = e.tagName.toLowerCase();
      if (e.id) s += '#' + e.id;
      else if (e.classList.length) s += '.' + [...e.classList].slice(0, 2).join('.');
      parts.unshift(s);
    }
    return parts.join(' > ');
  };
  const sticksOut = (el) => el.getBoundingClientRect().right > client + 0.5;
  // Inside a scrolling (or clipping) box that itself fits, it scrolls there, not the
  // page. An absolutely positioned element escapes every such box up to its
  // containing block (a visually hidden label in a scrolling table's cell).
  const contained = (el) => {
    const own = getComputedStyle(el).position;
    if (own === 'fixed') return true;
    let escaping = own === 'absolute';
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (escaping && style.position !== 'static') escaping = false;
      if (!escaping && style.overflowX !== 'visible') return !sticksOut(p);
    }
    return false;
  };
  const over = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!sticksOut(el) || el.getBoundingClientRect().width === 0 || contained(el)) continue;
    const parent = el.parentElement;
    if (parent && parent !== document.body && sticksOut(parent) && !contained(parent)) continue;
    over.push({width: Math.round(el.getBoundingClientRect().right), path: path(el)});
  }
  // Nothing sticks out? Then some box's own content is wider than the box
  // (a long word, a wide inline image): name the boxes that hold such content.
  if (!over.length) {
    for (const el of document.body.querySelectorAll('*')) {
      if (el.scrollWidth > client && getComputedStyle(el).overflowX === 'visible' &&
          ![...el.children].some((c) => c.scrollWidth > client)) {
        over.push({width: el.scrollWidth, path: path(el) + ' (its content)'});
      }
    }
  }
  over.sort((a, b) => b.width - a.width);
  return {scroll: root.scrollWidth, client, widest: over.slice(0, 5)};
}"""


def _run_axe(page) -> list[dict]:
    return page.evaluate(
        """async () => {
                const r = await axe.run(document, {
                  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                  'wcag22aa', 'best-practice']}
                });
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
            }"""
    )


@pytest.fixture
def login(live_server):
    """``login(page, user)`` signs a persona in through the real login form."""

    def do_login(page, user, password: str = PASSWORD) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/accounts/login" not in url)

    return do_login


@pytest.fixture
def site_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def demo_steps_up_to(monkeypatch):
    """``demo_steps_up_to(name)``: the demo builds only the steps up to that named step.

    Each area's demo test builds what it stands on, not every later area's
    data as well (the whole demo takes a minute; each area's part, seconds).
    """
    from qls.demo import steps as demo_steps

    def limit(name: str) -> None:
        monkeypatch.setattr(demo_steps, "STEPS", demo_steps.up_to(name))

    return limit


@pytest.fixture(autouse=True)
def _empty_process_cache():
    # The per-process cache keeps published pages' bodies by record id; test
    # databases reuse ids, so each test starts with it empty.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs a third of a second per persona; tests check rules, not PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# ---------------------------------------------------------------- reporting


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return [f"QLS database: {engine}; browser: {CHROMIUM}"]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # CI logs should show that the browser tests really ran, and on which database.
    from django.conf import settings

    passed = terminalreporter.stats.get("passed", [])
    browser = sum(1 for r in passed if "browser" in r.keywords)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    terminalreporter.write_line(
        f"QLS: {len(passed)} tests passed on {engine}, {browser} of them in Chromium"
    )
