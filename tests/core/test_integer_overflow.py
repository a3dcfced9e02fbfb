"""Numbers too big for the database are a 404 (ids) or a plain "not found" filter, never a 500.

SQLite raises OverflowError for integers beyond 64 bits and PostgreSQL a
DataError; either used to reach the user as a server error when someone
typed 99999999999999999999 into an address.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from qls.core.ids import DB_INT_MAX, IdConverter, parse_id

HUGE = "99999999999999999999"
PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")

# Query parameters that pages read as numbers (ids of a chosen filter, a page, a section).
NUMBER_PARAMS = ("course", "site", "ward", "user", "programme", "page", "section", "points", "wave")


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _routes_with_ids() -> list[str]:
    found = []
    for route in _patterns(get_resolver()):
        converters = [m.group("converter") for m in PARAM.finditer(route)]
        if "id" in converters or "int" in converters:
            found.append(route)
    return sorted(set(found))


def _fill(route: str) -> str:
    def value(match: re.Match) -> str:
        if match.group("converter") in ("int", "id"):
            return HUGE
        return "x"

    return "/" + PARAM.sub(value, route).lstrip("^").rstrip("$")


@pytest.fixture
def root(db):
    from qls.accounts.models import User

    return User.objects.create_superuser("root", "root@example.nhs.uk", "x-long-password-1")


def test_every_id_in_an_address_is_a_database_sized_id():
    plain_int = [r for r in _routes_with_ids() if "<int:" in r]
    assert not plain_int, "use <id:...> (404s numbers too big for the database): " + ", ".join(
        plain_int
    )


def test_there_are_addresses_with_ids_to_sweep():
    assert len(_routes_with_ids()) > 50


def test_an_id_too_big_for_the_database_is_not_found_on_every_page(root):
    client = Client(raise_request_exception=False)
    client.force_login(root)
    failed = []
    for route in _routes_with_ids():
        url = _fill(route)
        for method in (client.get, client.post):
            status = method(url).status_code
            if status >= 500:
                failed.append(f"{method.__name__.upper()} {url}: {status}")
    assert not failed, "\n".join(failed)


def test_a_number_too_big_for_the_database_in_a_filter_is_not_a_server_error(root):
    client = Client(raise_request_exception=False)
    client.force_login(root)
    query = dict.fromkeys(NUMBER_PARAMS, HUGE)
    failed = []
    for route in _patterns(get_resolver()):
        if "<" in route or "(" in route or "django-admin" in route or route.startswith("api"):
            continue
        url = _fill(route)
        status = client.get(url, query).status_code
        if status >= 500:
            failed.append(f"{url}: {status}")
    assert not failed, "\n".join(failed)


def test_converter_and_parser_agree_on_the_limit():
    converter = IdConverter()
    assert converter.to_python(str(DB_INT_MAX)) == DB_INT_MAX
    with pytest.raises(ValueError, match="larger than any id"):
        converter.to_python(str(DB_INT_MAX + 1))
    assert parse_id(str(DB_INT_MAX)) == DB_INT_MAX
    assert parse_id(HUGE) is None
    assert parse_id("-1") is None
    assert parse_id("12a") is None
    assert parse_id("") is None
    assert parse_id(" 7 ") == 7
