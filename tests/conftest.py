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


@pytest.fixture
def offsite_requests(live_server) -> OffsiteRequests:
    return OffsiteRequests(live_server.url)


@pytest.fixture
def csp_violations() -> PolicyViolations:
    return PolicyViolations()


@pytest.fixture
def context(context, offsite_requests, csp_violations):
    """pytest-playwright's browser context, failing the test (at teardown) if
    any of its pages asked a host other than the live server, or did
    something the Content-Security-Policy refused."""
    context.on("request", offsite_requests.record)
    context.on("console", csp_violations.record)
    yield context
    offsite_requests.check()
    csp_violations.check()


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

    return check


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
    """``demo_steps_up_to(order)``: the demo builds only the steps up to that order.

    Each area's demo test builds what it stands on, not every later area's
    data as well (the whole demo takes a minute; each area's part, seconds).
    """
    from qls.organisation import demo

    def limit(order: int) -> None:
        kept = {name: step for name, step in demo._STEPS.items() if step.order <= order}
        monkeypatch.setattr(demo, "_STEPS", kept)

    return limit


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
