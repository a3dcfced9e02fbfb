"""Error pages: the NHS.UK layout, what happened, what to do, a link home.

Served as in production (DEBUG off, exceptions turned into pages). The 500
page is also shown with the database refusing every query and, in a child
process, with a database file that cannot be opened at all.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.urls import reverse

from qls.core.views.errors import too_many_requests
from tests.factories.wards import EngagementEventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production_errors(settings):
    settings.DEBUG = False


def page(response) -> str:
    return response.content.decode()


def assert_error_page(response, status: int, heading: str) -> str:
    assert response.status_code == status
    html = page(response)
    assert f"<h1>{heading}</h1>" in html
    assert f'<a href="{reverse("core:home")}">Go to the QLS home page</a>' in html
    # The NHS.UK layout of every other page: header, skip link, footer.
    assert 'class="nhsuk-header"' in html
    assert 'href="#maincontent"' in html
    assert 'class="nhsuk-footer"' in html
    return html


def test_unknown_address_gives_the_not_found_page(personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas["staff"])
    html = assert_error_page(client.get("/no-such-area/"), 404, "Page not found")
    assert "check it is correct" in html
    # Signed in, the header still offers the navigation and the account.
    assert "Log out" in html


def test_unknown_address_gives_the_not_found_page_before_signing_in():
    client = Client(raise_request_exception=False)
    assert_error_page(client.get("/data/no/such/page/"), 404, "Page not found")


def test_a_page_the_role_does_not_allow_gives_the_permission_page(personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas["staff"])
    html = assert_error_page(
        client.get(reverse("administration:index")), 403, "You cannot see this page"
    )
    assert "ask your QLS administrator" in html


def test_a_form_without_its_security_token_gives_the_form_expired_page():
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    html = assert_error_page(response, 403, "Your form could not be sent")
    assert "refresh the page" in html


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("the database is down")


def test_server_error_page_renders_while_the_database_refuses_every_query(personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas["lead"])
    with connection.execute_wrapper(refuse_every_query):
        # Loading the session is the first query: it fails, the 500 handler
        # runs, and it would fail too if it asked the database for anything.
        response = client.get(reverse("core:home"))
    html = assert_error_page(response, 500, "Sorry, there is a problem with the service")
    assert "Try again in a few minutes" in html
    # Nothing about the person: the user and the navigation need the database.
    assert "Log out" not in html
    assert "nhsuk-header__navigation" not in html


def test_server_error_page_renders_when_the_database_cannot_be_opened(tmp_path):
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.conf import settings
        from django.test import Client
        # Static files are not collected here (test_static_collection covers
        # the manifest storage production uses), so name them plainly.
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        client = Client(raise_request_exception=False)
        client.cookies["sessionid"] = "a" * 32
        response = client.get("/")
        print(response.status_code)
        print(response.content.decode())
        """
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="qls.settings",
        DEBUG="false",
        SECRET_KEY="only-for-this-test-" + "x" * 40,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        QLS_VAR_DIR=str(tmp_path / "var"),
        # A folder that does not exist: SQLite cannot open the file.
        DATABASE_URL=f"sqlite:///{tmp_path / 'missing' / 'qls.sqlite3'}",
        PYTHONPATH=str(Path(django_settings.BASE_DIR) / "src"),
        LOG_LEVEL="CRITICAL",
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    status, _, html = result.stdout.partition("\n")
    assert status == "500"
    assert "<h1>Sorry, there is a problem with the service</h1>" in html
    assert "Go to the QLS home page" in html
    assert 'class="nhsuk-header"' in html


def test_too_many_requests_helper_gives_429_with_retry_after():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = too_many_requests(request, 90.2, message="You have sent 600 requests this minute.")
    assert response["Retry-After"] == "91"
    html = assert_error_page(response, 429, "Too many requests")
    assert "You have sent 600 requests this minute." in html
    assert "Wait 2 minutes and try again" in html


def test_raising_issues_over_the_limit_is_refused_with_retry_after(settings):
    settings.WARDS_ISSUE_LIMIT = 1
    event = EngagementEventFactory()
    client = Client(raise_request_exception=False)
    url = reverse("wards:submit", args=[event.token])
    assert (
        client.post(url, {"text": "Hoist slings go missing", "staff_role": ""}).status_code == 302
    )
    response = client.post(url, {"text": "Bed rails are stiff", "staff_role": ""})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
    html = page(response)
    # The form stays, keeping what was typed, with the reason above it.
    assert "Bed rails are stiff" in html
    assert "You have raised 1 issues in the last 10 minutes" in html
