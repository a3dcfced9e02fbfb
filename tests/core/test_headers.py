"""Compression and the security headers on QLS responses (qls.core.middleware)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from qls.core.exports import table_response
from qls.core.middleware import CompressionMiddleware, SecurityHeadersMiddleware

pytestmark = pytest.mark.django_db

STATIC = Path(__file__).resolve().parents[2] / "src/qls/core/static"
DENIED = ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


# ---------------------------------------------------------------- compression


def test_page_comes_back_gzipped_when_the_browser_accepts_it(client, personas):
    client.force_login(personas["staff"])
    response = client.get(reverse("core:home"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "<!DOCTYPE html>" in html
    assert len(response.content) < len(html.encode()) / 2


def test_page_is_plain_for_a_client_that_does_not_accept_gzip(client, personas):
    client.force_login(personas["staff"])
    response = client.get(reverse("core:home"))
    assert not response.has_header("Content-Encoding")
    assert b"<!DOCTYPE html>" in response.content


def test_gzip_keeps_the_breach_mitigation_of_random_length_headers():
    # Django pads each gzip header with 0-99 random bytes so the length of a
    # page holding a CSRF token does not give the token away.
    assert CompressionMiddleware.max_random_bytes >= 100


def test_demo_serves_static_files_gzipped_through_whitenoise(client, settings):
    # The demo (DEBUG): WhiteNoise finds files in the source folders.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    url = "/static/vendor/nhsuk-frontend/nhsuk-frontend.min.css"
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    body = gzip.decompress(b"".join(response.streaming_content))
    response.close()
    assert body == (STATIC / "vendor/nhsuk-frontend/nhsuk-frontend.min.css").read_bytes()


def test_already_compressed_images_are_not_gzipped_again(client, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    url = "/static/vendor/nhsuk-frontend/assets/images/nhsuk-icon-512.png"
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    response.close()
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_part_of_a_file_is_sent_as_is():
    request = RequestFactory().get("/x", HTTP_ACCEPT_ENCODING="gzip")
    response = HttpResponse(b"x" * 5000, status=206, content_type="text/css")
    out = CompressionMiddleware(lambda r: response)(request)
    assert not out.has_header("Content-Encoding")
    assert out.content == b"x" * 5000


# ---------------------------------------------------------------- headers


def test_every_page_denies_camera_microphone_location_payment_and_usb(client, personas):
    anonymous = client.get(reverse("accounts:login"))
    client.force_login(personas["staff"])
    signed_in = client.get(reverse("core:home"))
    for response in (anonymous, signed_in):
        policy = response["Permissions-Policy"]
        for feature in DENIED:
            assert feature in policy, (feature, policy)


def test_signed_in_pages_are_not_stored(client, personas):
    client.force_login(personas["staff"])
    response = client.get(reverse("core:home"))
    assert "no-store" in _cache_control(response)
    assert "private" in _cache_control(response)


def test_public_answers_are_not_marked_no_store(client):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert "no-store" not in _cache_control(response)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloads_are_never_stored_even_when_their_view_allowed_it(fmt):
    def view(request):
        response = table_response("Falls by ward", ["Ward", "Falls"], [["Ward 1", 3]], fmt)
        response["Cache-Control"] = "public, max-age=600"
        return response

    request = RequestFactory().get("/download")
    request.user = AnonymousUser()
    response = SecurityHeadersMiddleware(view)(request)
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in _cache_control(response)
    assert "public" not in _cache_control(response)
    assert "max-age=600" not in _cache_control(response)


def test_signed_in_view_that_chose_private_caching_keeps_it(personas):
    def view(request):
        response = HttpResponse("{}", content_type="application/json")
        response["Cache-Control"] = "private, max-age=86400"
        return response

    request = RequestFactory().get("/spec")
    request.user = personas["staff"]
    response = SecurityHeadersMiddleware(view)(request)
    assert _cache_control(response) == {"private", "max-age=86400"}


def test_pages_allow_only_their_own_scripts_styles_and_images(client, personas):
    client.force_login(personas["staff"])
    policy = client.get(reverse("core:home"))["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    # Vega compiles chart expressions with new Function; nothing may run inline.
    assert directives["script-src"] == "'self' 'unsafe-eval'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_no_template_holds_an_inline_script_handler_or_style_attribute():
    templates = Path(__file__).resolve().parents[2] / "src/qls"
    found = []
    for file in templates.rglob("templates/**/*.html"):
        text = file.read_text(encoding="utf-8")
        for bad in ("<script>", " style=", " onclick=", " onload=", " onsubmit=", "javascript:"):
            if bad in text:
                found.append(f"{file.relative_to(templates)}: {bad.strip()}")
    assert not found, "\n".join(found)
