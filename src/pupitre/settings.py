"""Pupitre settings: one module, configured by environment variables.

Every variable is listed with its default in README.md. Secrets may also be
read from a file named by `<NAME>_FILE` (for container secrets).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("PUPITRE_VAR_DIR", PROJECT_DIR / "var"))


def env(name: str, default: str = "") -> str:
    file_name = os.environ.get(name + "_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name, "")
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-used-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "pupitre.core",
    "pupitre.accounts",
    "pupitre.audit",
    "pupitre.schools",
    "pupitre.hours",
    "pupitre.equipment",
    "pupitre.tickets",
    "pupitre.kb",
    "pupitre.mail",
    "pupitre.remote",
    "pupitre.tools",
    "pupitre.phone",
    "pupitre.onsite",
    "pupitre.portal",
    "pupitre.desk",
    "pupitre.web",
    "pupitre.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pupitre.web.machine_endpoints.MachineEndpointMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pupitre.web.cache_headers.PrivatePagesMiddleware",
    "pupitre.web.middleware.CachedOTPMiddleware",
    "pupitre.web.middleware.SecondFactorMiddleware",
    "pupitre.web.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers a refused sign-in with its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pupitre.urls"
WSGI_APPLICATION = "pupitre.wsgi.application"

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
                "pupitre.web.context_processors.helpdesk",
                "pupitre.web.context_processors.service_hours",
                "pupitre.web.context_processors.school_roles",
            ],
        },
    },
]

# Database: SQLite file under var/ by default, any DATABASE_URL otherwise.
DATABASE_URL = env("DATABASE_URL", "sqlite:///" + str(VAR_DIR / "pupitre.sqlite3"))
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "pupitre.core.sqlite"
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while a request writes; IMMEDIATE avoids
        # "database is locked" upgrades inside write transactions.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    pg_options = DATABASES["default"].setdefault("OPTIONS", {})  # keeps ?sslmode=...
    # A helpdesk's working set (open tickets, devices, schools) is in memory
    # or on SSD: an index lookup costs about what a sequential read does. With
    # PostgreSQL's default for spinning disks (4) the planner hashes the whole
    # device table where looking up the queue page's twenty devices is
    # several times faster.
    pg_options.setdefault("options", "-c random_page_cost=1.1")
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # Parameters sent apart from the SQL, and a statement run twice on a
        # connection is prepared: the queue and ticket queries run all day,
        # and planning them anew costs more than executing them. Turn it off
        # behind a connection pooler in transaction mode.
        pg_options.update(server_side_binding=True, prepare_threshold=2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds sessions (in front of the database) and the configuration
# rows of pupitre/core/config_cache.py. By default a folder under var/, shared by
# every process of the machine (web workers, task worker), so that a sign-out
# or a changed setting is seen by all of them at once. Several app hosts share
# a Redis server (CACHE_URL=redis://...). CACHE_URL=locmem:// keeps it in the
# process's memory: only for a single process (the test suite).
CACHE_URL = env("CACHE_URL", "")
if CACHE_URL.startswith("redis"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL.startswith("locmem"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_URL.removeprefix("file://") or str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a sign-in while the account or the client's
# address is throttled, before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "pupitre.accounts.backends.CachedModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Programme staff pass a second factor (TOTP or a backup code) after the
# password; see docs/second-factor.md.
STAFF_SECOND_FACTOR = env_bool("STAFF_SECOND_FACTOR", True)
OTP_TOTP_ISSUER = "Pupitre"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a TOTP key
# Throttling of password guesses (web/throttle.py, docs/configuration.md).
# Failures are counted per account and per client address, in the database.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "pupitre.web.throttle.account_name"
AXES_CLIENT_IP_CALLABLE = "pupitre.web.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "pupitre.web.throttle.locked_out"
AXES_VERBOSE = False
# Reverse proxies in front of the app that append the client's address to
# X-Forwarded-For; 0: the connection's peer is the client.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 5)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: German and French for schools, English for developers.
LANGUAGE_CODE = "fr"
LANGUAGES = [("de", _("German")), ("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Attachments live outside the web root and are served by a view that
    # checks who may see them.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(Path(env("ATTACHMENT_ROOT", str(VAR_DIR / "attachments"))))},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Nothing is public media: attachments are served by a view that checks access.
# These two only keep Django's test server from serving files of its own.
MEDIA_URL = "/no-public-media/"
MEDIA_ROOT = VAR_DIR / "no-public-media"
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Email.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Pupitre <support@pupitre.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
HELPDESK_PHONE = env("HELPDESK_PHONE", "+32 81 00 00 00")
HELPDESK_EMAIL = env("HELPDESK_EMAIL", "support@pupitre.example")
ACCESSIBILITY_EMAIL = env("ACCESSIBILITY_EMAIL", HELPDESK_EMAIL)
PUPITRE_BASE_URL = env("PUPITRE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Remote maintenance (MeshCentral): the server's address, service account and
# consent policy are a row edited in the desk; its secrets come from here
# (or MESHCENTRAL_PASSWORD_FILE / MESHCENTRAL_LOGIN_TOKEN_KEY_FILE). The
# login-token key (hex, `meshcentral --logintokenkey`) makes the agents'
# short-lived login links; without it remote sessions cannot be opened.
MESHCENTRAL_PASSWORD = env("MESHCENTRAL_PASSWORD", "")
MESHCENTRAL_LOGIN_TOKEN_KEY = env("MESHCENTRAL_LOGIN_TOKEN_KEY", "")

# Inbound email (mailboxes are rows edited in the desk; see docs/email.md).
# The SMTP receiver accepts mail for these domains only; empty: not started.
SMTP_RECEIVER_DOMAINS = [d.lower() for d in env_list("SMTP_RECEIVER_DOMAINS", "")]
SMTP_RECEIVER_HOST = env("SMTP_RECEIVER_HOST", "127.0.0.1")
SMTP_RECEIVER_PORT = env_int("SMTP_RECEIVER_PORT", 2525)
# New tickets accepted from one sender per hour; later ones wait for review.
MAIL_MAX_NEW_TICKETS_PER_HOUR = env_int("MAIL_MAX_NEW_TICKETS_PER_HOUR", 10)
# How long a worker's claim on the mails it processes lasts: a worker killed
# mid-batch leaves its mails to the others after that.
MAIL_CLAIM_SECONDS = env_int("MAIL_CLAIM_SECONDS", 120)
# Attempts at sending one notification before it counts as failed.
MAIL_SEND_ATTEMPTS = env_int("MAIL_SEND_ATTEMPTS", 5)

# On-site interventions: target from the decision to the visit, in business
# days of the school's calendar, per ticket priority (docs/onsite.md).
ONSITE_VISIT_TARGET_DAYS = {
    10: env_int("ONSITE_VISIT_DAYS_LOW", 15),
    20: env_int("ONSITE_VISIT_DAYS_NORMAL", 10),
    30: env_int("ONSITE_VISIT_DAYS_HIGH", 5),
    40: env_int("ONSITE_VISIT_DAYS_URGENT", 2),
}
# How an email about a ticket leaves (pupitre.core.outbox): the mail app's transport.
PUPITRE_MAIL_TRANSPORT = "pupitre.mail.outbound.send"

# Background work: Django's task API, database backend.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Content-Security-Policy of every page (django-csp; docs/architecture.md):
# scripts and styles only from our static files, no inline script, style
# attribute or eval. Images may be embedded in a received mail (data:); the
# ticket pages add the remote images of mails, which load only on request
# (presenters.timeline_html, static/pupitre/mail.js). A response that sets
# its own policy (a downloaded file) keeps it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Security: secure defaults whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Pages of lists (desk queue, portal list).
PAGE_SIZE = env_int("PAGE_SIZE", 25)

# The periodic tasks `manage.py scheduler` enqueues: (dotted path of the
# task, seconds between two enqueues; 0 = every round of the scheduler).
PERIODIC_TASKS = [
    ("pupitre.tickets.periodic.sla_check", 0),
    ("pupitre.mail.tasks.mail_poll", 0),
    ("pupitre.equipment.periodic.coverage_notices", 3600),
    ("pupitre.core.database.refresh_planner_statistics", 3600),
    ("pupitre.remote.periodic.computers_sync", 300),
    ("pupitre.remote.periodic.sessions_import", 60),
    ("pupitre.remote.periodic.sessions_purge", 86400),
    ("pupitre.phone.periodic.calls_purge", 3600),
    ("pupitre.onsite.periodic.intervention_reminders", 900),
    ("pupitre.core.stored_files.orphan_files_purge", 86400),
]

# Stored files no row references (a process killed between writing a file and
# committing its row) are deleted once they are this many hours old (at least
# 1), by `pupitre.core.stored_files.orphan_files_purge` (docs/configuration.md).
ORPHAN_FILES_MIN_AGE_HOURS = env_int("ORPHAN_FILES_MIN_AGE_HOURS", 24)

# Remote sessions (who controlled which computer, when, how long, with whose
# consent) are kept this many days after they end, then deleted by
# `pupitre.remote.periodic.sessions_purge` (docs/remote-maintenance.md).
REMOTE_SESSION_RETENTION_DAYS = env_int("REMOTE_SESSION_RETENTION_DAYS", 365)

# Phone line: calls, their raw events and callbacks are personal data, kept
# this many months (docs/phone.md), then deleted by the hourly purge.
PHONE_RETENTION_MONTHS = env_int("PHONE_RETENTION_MONTHS", 12)
