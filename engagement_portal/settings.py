"""Settings for the engagement portal, configured by environment variables.

SQLite in the project folder when nothing is configured; PostgreSQL when DATABASE_URL is set.
DEBUG is off unless DEBUG=1; with DEBUG off a SECRET_KEY must be given.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
import sentry_sdk
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from engagement_portal.lib.database import is_postgresql
from engagement_portal.lib.email_url import default_sender, parse_email_url, sender_problem

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The test suite and the benchmarks: short keys and the plain static files are fine there.
TESTING = env_bool("TESTING", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"
elif not (DEBUG or TESTING) and (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(("django-insecure", "insecure-development"))
):
    # The key signs sessions and the participant cookies and keys every pseudonym (HMAC): a
    # guessable key undoes all of them. The same rule as Django's deployment check (W009).
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak: use at least 50 characters with at least 5 different ones, "
        "e.g. from: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The portal's one public address (https://beteiligung.example.org): canonical links, hreflang,
# OpenGraph, the sitemap and robots.txt name it. Empty: the address each request came to (its host
# is one of ALLOWED_HOSTS); set it when the portal answers under several names.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
if SITE_URL and not re.fullmatch(r"https?://[^/?#\s]+", SITE_URL):
    raise ImproperlyConfigured(
        f"SITE_URL must be a scheme and a host such as https://beteiligung.example.org, "
        f"not {SITE_URL!r}"
    )

INSTALLED_APPS = [
    # Django's admin with the portal's start page (engagement_portal/admin_site.py).
    "engagement_portal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "django_filters",
    "template_partials",
    "csp",
    # The change history of each documentation (events/history.py).
    "reversion",
    # The site itself: error pages, health check, backup and restore commands.
    "engagement_portal",
    "axes",
    "legal",
    "stakeholders",
    "recommendations",
    "events",
    "uploads",
    "assessments",
    # What the live features share: join codes, the participant's identity, refusals.
    "live",
    "voting",
    "polls",
    "audience",
    # Open data: the published documentations and tables as files, with a catalogue.
    "opendata",
    # The documentation editor: one admin page per documentation (above all the others).
    "authoring",
]

MIDDLEWARE = [
    "engagement_portal.middleware.log_requests",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "engagement_portal.middleware.refuse_nul_characters",
    # Public pages compressed, with an ETag (304), and kept by caches (middleware.py); in this
    # order so that the ETag is of the plain page and Cache-Control is known when it is made.
    "engagement_portal.middleware.CompressPublicPages",
    "django.middleware.http.ConditionalGetMiddleware",
    "engagement_portal.middleware.cache_public_pages",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the address alone (engagement_portal/locale.py).
    "engagement_portal.locale.AddressLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The Content-Security-Policy, built once (django-csp's middleware, middleware.py).
    "engagement_portal.middleware.SecurityPolicy",
    # Last: turns a refused admin login into the lockout page (engagement_portal/login_throttling).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "engagement_portal.urls"
WSGI_APPLICATION = "engagement_portal.wsgi.application"
ASGI_APPLICATION = "engagement_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers continue while a vote is written; the timeout waits for the writer.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Uploaded files (the default storage). Several app servers need one shared folder here.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "media/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Photos and files (uploads/): on the file system in MEDIA_ROOT, or in an S3-compatible object
# store when MEDIA_S3_BUCKET is set, so that several app servers share them. Either way they are
# served only through the portal (uploads/views.py), which checks that the owning event is
# published or the user edits it; the bucket stays private.
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            # Empty: Amazon S3 itself; else the provider's address (https://s3.example.org).
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            # Empty: boto3's own chain (AWS_ACCESS_KEY_ID …, an instance's role).
            "access_key": os.environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            # Most S3-compatible stores (MinIO, Ceph) expect the bucket in the path.
            "addressing_style": os.environ.get("MEDIA_S3_ADDRESSING_STYLE") or "path",
            "signature_version": "s3v4",
            # Private objects; a name is never overwritten (names are random anyway).
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "location": os.environ.get("MEDIA_S3_PREFIX", ""),
            # A file read for a response waits in memory up to this size, then in a temp file.
            "max_memory_size": 2_000_000,
        },
    }
    if _media_storage["OPTIONS"]["addressing_style"] not in {"path", "virtual", "auto"}:
        raise ImproperlyConfigured("MEDIA_S3_ADDRESSING_STYLE must be path, virtual or auto")
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# Admin login throttling (django-axes, see engagement_portal/login_throttling.py): after
# LOGIN_FAILURE_LIMIT wrong passwords for one account from one client address, that combination
# is refused for LOGIN_COOLOFF_MINUTES. The address is stored only as a keyed pseudonym.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
if LOGIN_FAILURE_LIMIT < 1 or LOGIN_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES must be at least 1")
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "engagement_portal.login_throttling.client_pseudonym"
AXES_LOCKOUT_CALLABLE = "engagement_portal.login_throttling.locked_out_response"
AXES_RESET_ON_SUCCESS = True
# No record of successful logins (Django keeps last_login).
AXES_DISABLE_ACCESS_LOG = True

# E-mail (password reset, Selbstcheck invitations, feedback): the mail server is one URL,
# smtp://user:password@host:587?tls=true or smtps://user:password@host:465
# (engagement_portal/lib/email_url.py). Without it every mail is printed to the console; the
# tests replace the backend with Django's outbox.
try:
    _mail_server = parse_email_url(os.environ.get("EMAIL_URL") or "console:")
except ValueError as error:
    raise ImproperlyConfigured(f"EMAIL_URL is not usable: {error}") from None
EMAIL_BACKEND = _mail_server.backend
EMAIL_HOST = _mail_server.host
EMAIL_PORT = _mail_server.port
EMAIL_HOST_USER = _mail_server.user
EMAIL_HOST_PASSWORD = _mail_server.password
EMAIL_USE_TLS = _mail_server.use_tls
EMAIL_USE_SSL = _mail_server.use_ssl
EMAIL_TIMEOUT = _mail_server.timeout
# The sender of every mail, and of Django's error mails.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or default_sender(ALLOWED_HOSTS)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL") or DEFAULT_FROM_EMAIL
for _name, _sender in (("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL), ("SERVER_EMAIL", SERVER_EMAIL)):
    if _problem := sender_problem(_sender):
        raise ImproperlyConfigured(f"{_name} is not usable: {_problem}")
# Password reset requests per client (a keyed hash of its address, in Django's cache) and mails
# per account, each per window of seconds (engagement_portal/password_reset.py).
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 5)
PASSWORD_RESET_WINDOW = env_int("PASSWORD_RESET_WINDOW", 3600)
if PASSWORD_RESET_LIMIT < 1 or PASSWORD_RESET_WINDOW < 1:
    raise ImproperlyConfigured("PASSWORD_RESET_LIMIT and PASSWORD_RESET_WINDOW must be at least 1")

# Security: HTTPS settings follow SECURE_SSL_REDIRECT so that a plain-HTTP development server
# keeps working; behind a TLS-terminating proxy set SECURE_SSL_REDIRECT=1 and
# SECURE_PROXY_SSL_HEADER=1.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Load balancers probe the health check over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Reverse proxies in front of the app that append the client to X-Forwarded-For (nginx with
# proxy_add_x_forwarded_for): rate limits and login throttling count per client, not per proxy.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_SSL_REDIRECT else 0)
# A town's portal often lives on a subdomain of the town's shared domain: HSTS for every
# subdomain, or the browsers' preload list (hard to leave), only when the operator says so.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The deployment check asks for both; here they are the operator's choice, documented above.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy: everything from our own origin; no inline scripts. Inline styles are
# allowed for the server-rendered chart bars (style="width: 40%").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        # blob: the editor's preview of a photo before it is uploaded (static/js/editor.js).
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# One line per request and per event (an import, a publication, a vote opened …) to standard
# output, where systemd, docker or the log shipper collects it; libraries only from WARNING.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {LOG_LEVEL!r}"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {
            "()": "engagement_portal.lib.logs.OneLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
        }
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "portal": {"level": LOG_LEVEL},
        # runserver's own request lines would double the portal's.
        "django.server": {"level": "WARNING"},
    },
}

# Error tracking (optional): errors go to Sentry or a compatible service (GlitchTip) when a DSN is
# set. No personal data: no cookies, addresses, user names or request bodies.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
    )

# Documentation files (import in the admin and on the command line): refused above these limits
# with a message, before anything is built. The largest demo file has 115 kB, 2,640 values (keys,
# texts, numbers, lists, objects) and 10 levels of nesting.
DOCUMENTATION_MAX_BYTES = env_int("DOCUMENTATION_MAX_BYTES", 2_000_000)
DOCUMENTATION_MAX_DEPTH = env_int("DOCUMENTATION_MAX_DEPTH", 40)
DOCUMENTATION_MAX_VALUES = env_int("DOCUMENTATION_MAX_VALUES", 30_000)
# A bundle (a ZIP archive of the documentation with its photos and files), unpacked.
DOCUMENTATION_MAX_BUNDLE_BYTES = env_int("DOCUMENTATION_MAX_BUNDLE_BYTES", 100_000_000)

# Photos and files of a documentation (uploads/): refused above these limits with a message. A
# photo's pixels bound the memory its processing takes (about 5 bytes each) and stop decompression
# bombs (a few kilobytes that unpack into gigapixels) before they are decoded.
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 20_000_000)
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", 40_000_000)
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20_000_000)
# How long browsers and proxies may keep a published event's photos and files; a draft's are never
# kept. Unpublishing or deleting a photo reaches every cache within this time.
MEDIA_CACHE_SECONDS = env_int("MEDIA_CACHE_SECONDS", 86400)
# How long browsers and proxies may keep a public page (no form, no session) before they ask again;
# with its ETag the question is cheap. A correction reaches every visitor within this time.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
if PAGE_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("PAGE_CACHE_SECONDS must be at least 0")
if min(PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS, ATTACHMENT_MAX_BYTES) < 1 or MEDIA_CACHE_SECONDS < 0:
    raise ImproperlyConfigured(
        "PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS and ATTACHMENT_MAX_BYTES must be at least 1, "
        "MEDIA_CACHE_SECONDS at least 0"
    )

# Live dot-voting: ballots of a published vote are reduced to aggregates after this many days.
VOTE_RETENTION_DAYS = env_int("VOTE_RETENTION_DAYS", 30)
# Ballot writes one participant (cookie token, never an IP address) may send per window.
VOTE_RATE_LIMIT = env_int("VOTE_RATE_LIMIT", 30)
VOTE_RATE_LIMIT_WINDOW = env_int("VOTE_RATE_LIMIT_WINDOW", 10)
# "memory": per process, needs no server; "database": shared by all app processes, the default on
# PostgreSQL (a ballot write counts within its own statement, no round trip more).
VOTE_RATE_LIMIT_STORE = os.environ.get("VOTE_RATE_LIMIT_STORE") or (
    "database" if is_postgresql(DATABASES["default"]["ENGINE"]) else "memory"
)
if VOTE_RATE_LIMIT_STORE not in {"memory", "database"}:
    raise ImproperlyConfigured(
        f"VOTE_RATE_LIMIT_STORE must be memory or database, not {VOTE_RATE_LIMIT_STORE!r}"
    )
# Lookups of unknown join codes one client (a keyed hash of its address) may make per window, in
# the same store; over it every lookup of that client is refused until the window ends. Only
# failures count: a room joining from one address is never refused for joining.
CODE_LOOKUP_LIMIT = env_int("CODE_LOOKUP_LIMIT", 50)
CODE_LOOKUP_WINDOW = env_int("CODE_LOOKUP_WINDOW", 600)
if CODE_LOOKUP_LIMIT < 1 or CODE_LOOKUP_WINDOW < 1:
    raise ImproperlyConfigured("CODE_LOOKUP_LIMIT and CODE_LOOKUP_WINDOW must be at least 1")
# Live polls: each app process answers the state polls of one run (every phone polls it) from one
# computation for this many milliseconds; 0 computes each poll.
POLL_STATE_CACHE_MS = env_int("POLL_STATE_CACHE_MS", 250)
# Live dot-votes likewise: the ranking (results.json) that the projector and the phones poll,
# computed once per this many milliseconds and app process; 0 computes each poll.
VOTE_RESULTS_CACHE_MS = env_int("VOTE_RESULTS_CACHE_MS", 250)
# Pushed updates of the live polls (live/push.py): Server-Sent Events from an ASGI server beside
# the app server (docs/deploy/portal-live.service), fed by PostgreSQL LISTEN/NOTIFY. Off, or on
# another database, the pages poll state.json. The numbers (answers) are read and pushed when
# they changed once per LIVE_PUSH_NUMBERS_MS; a lost stream is reopened after LIVE_PUSH_RETRY_MS.
LIVE_PUSH = env_bool("LIVE_PUSH", False)
LIVE_PUSH_NUMBERS_MS = env_int("LIVE_PUSH_NUMBERS_MS", 1000)
LIVE_PUSH_RETRY_MS = env_int("LIVE_PUSH_RETRY_MS", 2000)
# A refused CSRF check: the site's 403 page, or JSON for the live pages' scripts.
CSRF_FAILURE_VIEW = "engagement_portal.errors.csrf_failure"

# Accessibility feedback (the form of the accessibility statement, legal/): every message is
# stored and, when ACCESSIBILITY_FEEDBACK_EMAIL names one or more addresses, sent there. A client
# (a keyed hash of its address) may send ACCESSIBILITY_FEEDBACK_LIMIT messages per
# ACCESSIBILITY_FEEDBACK_WINDOW seconds; stored messages are deleted after
# ACCESSIBILITY_FEEDBACK_RETENTION_DAYS by purge_accessibility_feedback.
ACCESSIBILITY_FEEDBACK_EMAIL = env_list("ACCESSIBILITY_FEEDBACK_EMAIL")
for _address in ACCESSIBILITY_FEEDBACK_EMAIL:
    try:
        validate_email(_address)
    except ValidationError:
        raise ImproperlyConfigured(
            f"ACCESSIBILITY_FEEDBACK_EMAIL must be e-mail addresses, not {_address!r}"
        ) from None
ACCESSIBILITY_FEEDBACK_LIMIT = env_int("ACCESSIBILITY_FEEDBACK_LIMIT", 5)
ACCESSIBILITY_FEEDBACK_WINDOW = env_int("ACCESSIBILITY_FEEDBACK_WINDOW", 3600)
ACCESSIBILITY_FEEDBACK_RETENTION_DAYS = env_int("ACCESSIBILITY_FEEDBACK_RETENTION_DAYS", 180)
if min(ACCESSIBILITY_FEEDBACK_LIMIT, ACCESSIBILITY_FEEDBACK_WINDOW) < 1:
    raise ImproperlyConfigured(
        "ACCESSIBILITY_FEEDBACK_LIMIT and ACCESSIBILITY_FEEDBACK_WINDOW must be at least 1"
    )
if ACCESSIBILITY_FEEDBACK_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("ACCESSIBILITY_FEEDBACK_RETENTION_DAYS must be at least 1")

# Open data (opendata/, docs/open-data.md): the licence of every dataset (its name and text for
# people, its DCAT-AP.de identifier for harvesters), the publisher the catalogue names, and the
# data provider's ID that GovData assigns (dcatde:contributorID; empty: the catalogue's address).
OPEN_DATA_LICENCE_NAME = os.environ.get(
    "OPEN_DATA_LICENCE_NAME", "Datenlizenz Deutschland – Namensnennung – Version 2.0"
)
OPEN_DATA_LICENCE_URL = os.environ.get(
    "OPEN_DATA_LICENCE_URL", "https://www.govdata.de/dl-de/by-2-0"
)
OPEN_DATA_LICENCE_URI = os.environ.get(
    "OPEN_DATA_LICENCE_URI", "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
)
OPEN_DATA_PUBLISHER = os.environ.get("OPEN_DATA_PUBLISHER", "Engagement-Portal")
OPEN_DATA_CONTRIBUTOR_ID = os.environ.get("OPEN_DATA_CONTRIBUTOR_ID", "")
for _name in ("OPEN_DATA_LICENCE_URL", "OPEN_DATA_LICENCE_URI", "OPEN_DATA_CONTRIBUTOR_ID"):
    _value = globals()[_name]
    if _value and not _value.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"{_name} must be an http(s) address, not {_value!r}")
if not OPEN_DATA_LICENCE_NAME.strip() or not OPEN_DATA_PUBLISHER.strip():
    raise ImproperlyConfigured("OPEN_DATA_LICENCE_NAME and OPEN_DATA_PUBLISHER must not be empty")
