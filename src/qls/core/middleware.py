"""Response middleware: compression and the security headers Django does not set."""

from __future__ import annotations

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import add_never_cache_headers

# Browser features no QLS page uses, switched off for the page and anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

# Everything a page loads comes from QLS itself, and no script is inline.
# 'unsafe-eval' is for Vega alone: it compiles each chart's expressions with
# new Function (its CSP-safe interpreter is a separate build QLS does not ship).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'"
)

# Formats that are compressed already: gzip would spend CPU to gain nothing.
ALREADY_COMPRESSED = (
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/x-icon",
    "image/vnd.microsoft.icon",
    "font/woff",
    "font/woff2",
    "application/zip",
    "application/gzip",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument",
    "application/vnd.ms-excel",
)


class CompressionMiddleware(GZipMiddleware):
    """Django's gzip (with its BREACH mitigation: a random-length name in each
    gzip header) for pages, and in the demo for the static files WhiteNoise
    serves from the source folders. Production's static files come
    precompressed (.br/.gz) from WhiteNoise's storage with Content-Encoding
    set, which gzip leaves alone; so are formats compressed already, and parts
    of a file (a 206 answer to a Range request), which would be corrupted."""

    def process_response(self, request, response):
        if response.status_code == 206:
            return response
        if response.get("Content-Type", "").startswith(ALREADY_COMPRESSED):
            return response
        return super().process_response(request, response)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response.
    Responses for a signed-in person and every file download are not to be
    stored by the browser or a proxy, so the next person at a shared ward
    computer cannot bring them back.

    A view that sets its own Cache-Control for a signed-in person keeps it
    (the dashboard's chart specs are private and versioned by URL); a
    download is never stored, whatever its view said.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Django's own debug pages (DEBUG only) style and script themselves inline.
        if not (settings.DEBUG and response.status_code >= 400):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if response.get("Content-Disposition", "").lower().startswith("attachment"):
            del response.headers["Cache-Control"]
            add_never_cache_headers(response)
        elif _signed_in(request) and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
