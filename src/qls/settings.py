"""Django settings for QLS: one module, configured from the environment.

Every setting an operator may change is read through the small helpers below,
which fail loudly with the variable's name when a value cannot be parsed. The
defaults are safe for the local demo (SQLite in ./var, DEBUG on); production
sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL, and then passes
``manage.py check --deploy`` with no warnings.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("QLS_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

_DEMO_SECRET = "insecure-demo-key-only-for-local-use-set-SECRET_KEY-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEMO_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "qls.core.views.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: runserver leaves /static/ to WhiteNoise, so the demo serves
    # static files as production does (compressed, with the same headers).
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "axes",
    "huey.contrib.djhuey",
    # For the API docs page: serves Swagger UI from the package's own static files, no CDN.
    "ninja",
    "qls.core",
    "qls.accounts",
    "qls.organisation",
    "qls.measurement",
    "qls.projects",
    "qls.capability",
    "qls.wards",
    "qls.community",
    "qls.reports",
    "qls.system",
    # Only so that `manage.py demo` is found: no models, and nothing else imports it.
    "qls.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy everywhere; no-store for signed-in pages and downloads.
    "qls.core.middleware.SecurityHeadersMiddleware",
    # Gzip before (outside) everything that writes the body, WhiteNoise included:
    # it compresses pages, and static files in the demo; production's static
    # files come precompressed by WhiteNoise and are left alone.
    "qls.core.middleware.CompressionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the sign-in check: an account with no role sees only its own pages.
    "qls.accounts.middleware.NoRoleMiddleware",
    # Axes last, as its documentation asks: it turns lockouts into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qls.urls"
WSGI_APPLICATION = "qls.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qls.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'qls.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a background job writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Axes first so a locked-out account is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "qls.accounts.backends.RoleModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # The similarity check lets "coachcoach12" through for the user "coach".
    {"NAME": "qls.core.password_validation.ContainsUserAttributeValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures: five wrong passwords for one user name lock
# that account for half an hour (whatever address they come from).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
# Axes warns unless the client address is part of the lockout. A trust's staff
# reach QLS through a few NAT addresses with one standard browser build, so an
# address-based lockout would lock a whole hospital after a handful of typos;
# we lock the account under attack instead, and say so in docs/deployment.md.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Optional single sign-on with OpenID Connect (Microsoft Entra ID in most
# trusts). Off unless OIDC_RP_CLIENT_ID is set; see docs/authentication.md.
OIDC_ENABLED = bool(env_str("OIDC_RP_CLIENT_ID", ""))
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("qls.accounts.oidc.QLSOIDCBackend")
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
    OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", True)
    # Our views of the library's two sign-in steps are exempt from
    # LoginRequiredMiddleware; the library's own would loop back to the login page.
    OIDC_AUTHENTICATE_CLASS = "qls.accounts.oidc.AuthenticateView"
    OIDC_CALLBACK_CLASS = "qls.accounts.oidc.CallbackView"
    LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"
    _oidc_missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _oidc_missing:
        raise ImproperlyConfigured(
            "OIDC_RP_CLIENT_ID is set, so single sign-on needs " + ", ".join(_oidc_missing)
        )

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# A fresh checkout has no var/: make it, the uploads folder and the folder
# DuckDB spills large imports to, so the first migrate can open SQLite there.
for _folder in (VAR_DIR, MEDIA_ROOT, VAR_DIR / "duckdb-spill"):
    try:
        _folder.mkdir(parents=True, exist_ok=True)
    except OSError as _error:
        raise ImproperlyConfigured(
            f"Cannot create {_folder} (QLS_VAR_DIR / MEDIA_ROOT must be writable): {_error}"
        ) from None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads (staff extracts, data files) are refused above this size with a
# message that says so, before anything is parsed.
QLS_MAX_UPLOAD_BYTES = env_int("QLS_MAX_UPLOAD_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# How far an uploaded XLSX workbook may unpack (qls.core.spreadsheets): all its
# parts together, any one part read whole (the shared text), and its first
# sheet's rows and columns. Checked before any cell is read.
QLS_XLSX_MAX_EXPANDED_MB = env_int("QLS_XLSX_MAX_EXPANDED_MB", 200)
QLS_XLSX_MAX_PART_MB = env_int("QLS_XLSX_MAX_PART_MB", 20)
QLS_XLSX_MAX_ROWS = env_int("QLS_XLSX_MAX_ROWS", 1_000_000)
QLS_XLSX_MAX_COLUMNS = env_int("QLS_XLSX_MAX_COLUMNS", 500)

# Background jobs: Huey with SQLite storage by default, Redis in production.
# Jobs run in a consumer process (`manage.py run_huey`; `make demo` starts one)
# so pages can show their progress; only the test suite runs them in-process
# (qls.settings_test sets HUEY_IMMEDIATE).
_redis_url = env_str("REDIS_URL", "")
if _redis_url:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "qls", "url": _redis_url}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "qls",
        "filename": str(VAR_DIR / "huey.sqlite3"),
    }
HUEY["immediate"] = env_bool("HUEY_IMMEDIATE", False)
# A running import beats every QLS_JOB_HEARTBEAT_SECONDS; one silent for
# QLS_JOB_STALE_MINUTES (its worker was killed) is marked failed and its file
# deleted by a periodic task.
QLS_JOB_HEARTBEAT_SECONDS = env_int("QLS_JOB_HEARTBEAT_SECONDS", 30)
QLS_JOB_STALE_MINUTES = env_int("QLS_JOB_STALE_MINUTES", 10)

# The address people use to reach QLS, for links in emails sent by background
# jobs (an email sent while answering a request uses the request's address).
QLS_BASE_URL = env_str("QLS_BASE_URL", "http://localhost:8000")

# Evidence of improvement: a special-cause improvement counts for an adopted
# change only if it begins within this many weeks of the adoption.
QLS_EVIDENCE_WINDOW_WEEKS = env_int("QLS_EVIDENCE_WINDOW_WEEKS", 12)

# "default" is per process; "shared" is seen by every web process (the API's
# rate limit counts there): the table qls_cache, made by
# `manage.py createcachetable`, or Redis when REDIS_URL is set.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "qls_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    ),
}
# Requests per API token (or signed-in person) per window, e.g. "600/minute".
QLS_API_RATE_LIMIT = env_str("QLS_API_RATE_LIMIT", "600/minute")
# Issues one address (or browser session) may raise on a public ward event page per window.
WARDS_ISSUE_LIMIT = env_int("WARDS_ISSUE_LIMIT", 10)
WARDS_ISSUE_WINDOW_SECONDS = env_int("WARDS_ISSUE_WINDOW_SECONDS", 600)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "qls@localhost")

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# The trust's own hospital (unit) number formats, as regular expressions
# separated by spaces; free text matching one is refused as a patient
# identifier even with no "MRN" or "hospital number" before it. Empty by
# default: a generic letters-and-digits pattern would refuse staff numbers
# and order references. See docs/patient-identifiers.md.
QLS_LOCAL_PATIENT_ID_PATTERNS = env_str("QLS_LOCAL_PATIENT_ID_PATTERNS", "").split()
for _pattern in QLS_LOCAL_PATIENT_ID_PATTERNS:
    try:
        re.compile(_pattern)
    except re.error as _error:
        raise ImproperlyConfigured(
            f"QLS_LOCAL_PATIENT_ID_PATTERNS: {_pattern!r} is not a regular expression ({_error})"
        ) from None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
