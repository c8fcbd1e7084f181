"""Base settings. Every value an operator may change is read from an environment variable;
the defaults give the embedded set-up (SQLite + local files) that runs with no services.
See the configuration table in README.md."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from openvorgang.conf.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("OPENVORGANG_DATA_DIR", str(Path.cwd() / "var"))).resolve()

SECRET_KEY = env_str("OPENVORGANG_SECRET_KEY", "")
DEBUG = env_bool("OPENVORGANG_DEBUG", False)
ALLOWED_HOSTS = env_list("OPENVORGANG_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("OPENVORGANG_CSRF_TRUSTED_ORIGINS", [])
BASE_URL = env_str("OPENVORGANG_BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "openvorgang.web",
    "openvorgang.tenants",
    "openvorgang.accounts",
    "openvorgang.cases",
    "openvorgang.jobs",
    "openvorgang.outbox",
    "openvorgang.directory",
    "openvorgang.casework",
    "openvorgang.deadlines",
    "openvorgang.document_requests",
    "openvorgang.textmodules",
    "openvorgang.absences",
    "openvorgang.search",
    "openvorgang.notify",
    "openvorgang.mailbox",
    "openvorgang.decisions",
    "openvorgang.records",
    "openvorgang.webhooks",
    "openvorgang.ops",
    "openvorgang.audit",
    "openvorgang.retention",
    "openvorgang.stats",
    "openvorgang.tenantadmin",
    "openvorgang.intake",
    "openvorgang.intake.channels.fitconnect",
    "openvorgang.demo",
]

MIDDLEWARE = [
    "openvorgang.ops.middleware.RequestContextMiddleware",
    "openvorgang.ops.middleware.HealthCheckMiddleware",
    "openvorgang.web.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "openvorgang.ops.middleware.UserContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "openvorgang.web.once.OnceMiddleware",
    "openvorgang.accounts.login.SessionTimeoutMiddleware",
    "openvorgang.accounts.mfa.MfaEnrolmentMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "openvorgang.web.middleware.NoStoreMiddleware",
    "openvorgang.web.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "openvorgang.urls"
WSGI_APPLICATION = "openvorgang.wsgi.application"

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
                "openvorgang.web.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# Embedded default: a SQLite file under OPENVORGANG_DATA_DIR. Production: DATABASE_URL=postgres://…
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "") or f"sqlite:///{DATA_DIR / 'openvorgang.sqlite3'}",
        conn_max_age=env_int("OPENVORGANG_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers work while one writer commits; IMMEDIATE avoids lock upgrades.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Authentication -------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("OPENVORGANG_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["openvorgang.accounts.backends.PasswordBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:list"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("OPENVORGANG_SESSION_AGE_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Internationalisation: German first, English as a translation ---------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("OPENVORGANG_TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = Path(env_str("OPENVORGANG_MEDIA_ROOT", str(DATA_DIR / "files")))

_storage_backend = env_str("OPENVORGANG_STORAGE", "filesystem")
if _storage_backend == "s3":
    _default_storage: dict[str, object] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("OPENVORGANG_S3_BUCKET", "openvorgang"),
            "endpoint_url": env_str("OPENVORGANG_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("OPENVORGANG_S3_REGION", "") or None,
            "access_key": env_str("OPENVORGANG_S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("OPENVORGANG_S3_SECRET_KEY", "") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(MEDIA_ROOT),
            "directory_permissions_mode": 0o750,
            "file_permissions_mode": 0o640,
        },
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads larger than this go to a temporary file instead of memory.
# The census comes first: it watches the body and refuses a request of which Django's parser
# dropped a file part (openvorgang.lib.multipart).
FILE_UPLOAD_HANDLERS = [
    "openvorgang.lib.multipart.CensusUploadHandler",
    "openvorgang.lib.uploads.MemoryFileUploadHandler",
    "openvorgang.lib.uploads.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("OPENVORGANG_UPLOAD_MEMORY_BYTES", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("OPENVORGANG_REQUEST_MEMORY_BYTES", 5 * 1024 * 1024)

# --- Mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "OPENVORGANG_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("OPENVORGANG_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("OPENVORGANG_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("OPENVORGANG_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("OPENVORGANG_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("OPENVORGANG_EMAIL_STARTTLS", False)
EMAIL_USE_SSL = env_bool("OPENVORGANG_EMAIL_SSL", False)
DEFAULT_FROM_EMAIL = env_str("OPENVORGANG_EMAIL_FROM", "OpenVorgang <noreply@localhost>")

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "openvorgang.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["openvorgang.api.parsers.StrictJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "openvorgang.api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OpenVorgang API",
    "DESCRIPTION": (
        "Machine interface of OpenVorgang: cases (Vorgänge) in the caller's scope, their files "
        "and workflow actions. Errors are answered as application/problem+json (RFC 9457)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "openvorgang.api.openapi.add_common_problems",
    ],
}

# --- Domain settings ------------------------------------------------------------------------
# Prefix of case numbers for cases that no tenant has yet (the Land's clearing inbox).
OPENVORGANG_PLATFORM_CASE_PREFIX = env_str("OPENVORGANG_PLATFORM_CASE_PREFIX", "SH")
# How long after an action its author may still undo it.
OPENVORGANG_UNDO_WINDOW_MINUTES = env_int("OPENVORGANG_UNDO_WINDOW_MINUTES", 15)
OPENVORGANG_LIST_PAGE_SIZE = env_int("OPENVORGANG_LIST_PAGE_SIZE", 50)

# Intake limits (every channel).
OPENVORGANG_INTAKE_MAX_FILES = env_int("OPENVORGANG_INTAKE_MAX_FILES", 50)
# Routing (Zuständigkeitsfindung): how often a server process checks whether the directory
# changed (seconds), which form fields may carry the region key of a Gemeinde, and whether the
# clearing inbox shows the form content (default: only what is needed to route).
OPENVORGANG_DIRECTORY_CHECK_SECONDS = env_int("OPENVORGANG_DIRECTORY_CHECK_SECONDS", 5)
OPENVORGANG_ROUTING_REGION_FIELDS = env_list(
    "OPENVORGANG_ROUTING_REGION_FIELDS",
    ["ars", "ags", "regionalschluessel", "gemeindeschluessel", "amtlicher_gemeindeschluessel"],
)
OPENVORGANG_CLEARING_SHOWS_CONTENT = env_bool("OPENVORGANG_CLEARING_SHOWS_CONTENT", False)
# Status changes the applicant is told about by email (with the Antragsraum link).
OPENVORGANG_APPLICANT_STATUS_NOTICES = env_list(
    "OPENVORGANG_APPLICANT_STATUS_NOTICES", ["NEU", "IN_BEARBEITUNG", "BESCHIEDEN"]
)
# Delivery channels to the applicant, in the order tried (tenants can set their own):
# bundid (DeutschlandID Postkorb), servicekonto (OSI/BayernID postbox), antragsraum (status
# page + email notice with the link), post (printable letter, "zur Post").
OPENVORGANG_DELIVERY_CHANNELS = env_list(
    "OPENVORGANG_DELIVERY_CHANNELS", ["bundid", "servicekonto", "antragsraum", "post"]
)
# The postbox interfaces; a channel is off while its URL is empty.
OPENVORGANG_BUNDID_POSTFACH_URL = env_str("OPENVORGANG_BUNDID_POSTFACH_URL", "")
OPENVORGANG_BUNDID_POSTFACH_TOKEN = env_str("OPENVORGANG_BUNDID_POSTFACH_TOKEN", "")
OPENVORGANG_SERVICEKONTO_POSTFACH_URL = env_str("OPENVORGANG_SERVICEKONTO_POSTFACH_URL", "")
OPENVORGANG_SERVICEKONTO_POSTFACH_TOKEN = env_str("OPENVORGANG_SERVICEKONTO_POSTFACH_TOKEN", "")
# Days an applicant's Antragsraum link stays valid.
OPENVORGANG_ANTRAGSRAUM_DAYS = env_int("OPENVORGANG_ANTRAGSRAUM_DAYS", 730)
# Seconds a user's list view counts are reused (per server process; 0: count every time).
OPENVORGANG_LIST_COUNT_CACHE_SECONDS = env_int("OPENVORGANG_LIST_COUNT_CACHE_SECONDS", 10)
# Comments can be edited by their author for this many minutes, then they are frozen.
OPENVORGANG_COMMENT_EDIT_MINUTES = env_int("OPENVORGANG_COMMENT_EDIT_MINUTES", 15)
# Seconds a sender found by its token is remembered per server process (0: not at all).
OPENVORGANG_SENDER_CACHE_SECONDS = env_int("OPENVORGANG_SENDER_CACHE_SECONDS", 10)
OPENVORGANG_INTAKE_MAX_FILE_BYTES = env_int("OPENVORGANG_INTAKE_MAX_FILE_BYTES", 250 * 1024 * 1024)
OPENVORGANG_INTAKE_ALLOWED_TYPES = env_list(
    "OPENVORGANG_INTAKE_ALLOWED_TYPES",
    [
        "application/pdf",
        "image/png",
        "image/jpeg",
        "image/tiff",
        "application/xml",
        "application/json",
        "text/plain",
    ],
)

# Whole request (all parts together) for the intake endpoints; larger bodies get 413.
OPENVORGANG_INTAKE_MAX_REQUEST_BYTES = env_int(
    "OPENVORGANG_INTAKE_MAX_REQUEST_BYTES", 1024 * 1024 * 1024
)
# Pre-uploaded files (native API) not used by a submission within this time are removed.
OPENVORGANG_INTAKE_UPLOAD_TTL_HOURS = env_int("OPENVORGANG_INTAKE_UPLOAD_TTL_HOURS", 24)
# Files written for a case that never committed (crash) are removed after this time.
OPENVORGANG_STAGED_FILE_GRACE_MINUTES = env_int("OPENVORGANG_STAGED_FILE_GRACE_MINUTES", 60)

# Periodic background jobs: job name → interval in seconds (run by `openvorgang worker`).
# Where tenants' drop-folder connectors may write and read receipts ({tenant}: the tenant's
# short name); every path a tenant admin enters must lie below it.
OPENVORGANG_FOLDER_ROOT = env_str(
    "OPENVORGANG_FOLDER_ROOT", str(DATA_DIR / "dms-ablage" / "{tenant}")
)
# Internal networks (CIDRs) that tenant-configured webhooks and HTTP/WebDAV connectors may
# reach; everything internal (loopback, private, link-local, metadata …) is refused otherwise.
OPENVORGANG_EGRESS_ALLOW = env_list("OPENVORGANG_EGRESS_ALLOW", [])
# What a 503 answer (the database away) asks the caller to wait before trying again.
OPENVORGANG_RETRY_AFTER_SECONDS = env_int("OPENVORGANG_RETRY_AFTER_SECONDS", 30)
# How long a worker's claim on a job or delivery holds; a heartbeat renews it every third of
# that while the work runs, so only a dead worker's rows are taken over.
OPENVORGANG_JOB_LEASE_SECONDS = env_int("OPENVORGANG_JOB_LEASE_SECONDS", 300)
OPENVORGANG_SCHEDULES = {
    "fitconnect.poll_all": env_int("OPENVORGANG_FITCONNECT_POLL_SECONDS", 60),
    "cases.sweep_staged_files": 900,
    "intake.sweep_uploads": 3600,
    "search.index": env_int("OPENVORGANG_SEARCH_INDEX_SECONDS", 10),
    "notify.feed": env_int("OPENVORGANG_NOTIFY_SECONDS", 60),
    "notify.follow_up_digest": 24 * 3600,
    "mailbox.status_notices": env_int("OPENVORGANG_NOTIFY_SECONDS", 60),
    "records.on_close": env_int("OPENVORGANG_NOTIFY_SECONDS", 60),
    "records.receipts": env_int("OPENVORGANG_RECEIPT_POLL_SECONDS", 300),
    "webhooks.feed": env_int("OPENVORGANG_WEBHOOK_SECONDS", 10),
    "audit.purge": 24 * 3600,
    "retention.run": 24 * 3600,
    "stats.feed": env_int("OPENVORGANG_STATS_SECONDS", 60),
    "deadlines.feed": env_int("OPENVORGANG_DEADLINE_FEED_SECONDS", 30),
    "deadlines.check": 3600,
    "web.sweep_once_tokens": 3600,
}
# Failed sender/callback authentications per client address and minute before 429.
OPENVORGANG_INTAKE_FAILED_AUTH_PER_MINUTE = env_int("OPENVORGANG_INTAKE_FAILED_AUTH_PER_MINUTE", 30)
# Sign-in: failed attempts per account before a lock (five times as many per address), the
# lock's minutes, and the session limits (idle and absolute).
OPENVORGANG_LOGIN_MAX_FAILURES = env_int("OPENVORGANG_LOGIN_MAX_FAILURES", 5)
OPENVORGANG_LOGIN_LOCK_MINUTES = env_int("OPENVORGANG_LOGIN_LOCK_MINUTES", 15)
OPENVORGANG_SESSION_IDLE_MINUTES = env_int("OPENVORGANG_SESSION_IDLE_MINUTES", 30)
OPENVORGANG_SESSION_MAX_HOURS = env_int("OPENVORGANG_SESSION_MAX_HOURS", 8)
# Roles that must sign in with a second factor (TOTP); others may enrol voluntarily.
OPENVORGANG_MFA_ROLES = env_list("OPENVORGANG_MFA_ROLES", ["mandanten_admin", "land_betrieb"])
CSRF_COOKIE_SAMESITE = "Lax"
# Keys that encrypt secrets at rest (connector passwords, webhook and FIT-Connect secrets and
# keys): comma-separated Fernet keys, the first encrypts; empty: derived from SECRET_KEY.
OPENVORGANG_FIELD_KEYS = env_list("OPENVORGANG_FIELD_KEYS", [])

# Malware scanning of case files with clamd: unix:///run/clamav/clamd.ctl or tcp://host:3310
# (empty: files are stored unscanned and the case page says so). clamd's StreamMaxLength must
# be at least OPENVORGANG_INTAKE_MAX_FILE_BYTES.
OPENVORGANG_CLAMD = env_str("OPENVORGANG_CLAMD", "")
OPENVORGANG_CLAMD_TIMEOUT_SECONDS = env_int("OPENVORGANG_CLAMD_TIMEOUT_SECONDS", 120)

# Single sign-on with OpenID Connect (off while no issuer is set). See docs/security.md.
OPENVORGANG_OIDC_ISSUER = env_str("OPENVORGANG_OIDC_ISSUER", "")
OPENVORGANG_OIDC_CLIENT_ID = env_str("OPENVORGANG_OIDC_CLIENT_ID", "")
OPENVORGANG_OIDC_CLIENT_SECRET = env_str("OPENVORGANG_OIDC_CLIENT_SECRET", "")
OPENVORGANG_OIDC_SCOPES = env_str("OPENVORGANG_OIDC_SCOPES", "openid profile email")
OPENVORGANG_OIDC_LABEL = env_str("OPENVORGANG_OIDC_LABEL", "Mit Dienstkonto anmelden")
# Claims (dotted paths for nested claims, e.g. realm_access.roles) that carry the tenant's
# short name, the roles and the org units (OrganisationsEinheitIDs).
OPENVORGANG_OIDC_CLAIM_TENANT = env_str("OPENVORGANG_OIDC_CLAIM_TENANT", "tenant")
OPENVORGANG_OIDC_CLAIM_ROLES = env_str("OPENVORGANG_OIDC_CLAIM_ROLES", "roles")
OPENVORGANG_OIDC_CLAIM_ORG_UNITS = env_str("OPENVORGANG_OIDC_CLAIM_ORG_UNITS", "org_units")
# Provider role names to OpenVorgang roles, "provider=ours" pairs; unmapped names pass as is.
OPENVORGANG_OIDC_ROLE_MAP = dict(
    pair.split("=", 1) for pair in env_list("OPENVORGANG_OIDC_ROLE_MAP", []) if "=" in pair
)
# Require the provider to report a second factor (acr in the first list or amr in the second).
OPENVORGANG_OIDC_REQUIRE_MFA = env_bool("OPENVORGANG_OIDC_REQUIRE_MFA", False)
OPENVORGANG_OIDC_MFA_ACR = env_list("OPENVORGANG_OIDC_MFA_ACR", [])
OPENVORGANG_OIDC_MFA_AMR = env_list(
    "OPENVORGANG_OIDC_MFA_AMR", ["mfa", "otp", "hwk", "swk", "sc", "fpt", "face"]
)
OPENVORGANG_OIDC_TIMEOUT_SECONDS = env_int("OPENVORGANG_OIDC_TIMEOUT_SECONDS", 10)
# Local passwords: switch off in production once single sign-on is in place.
OPENVORGANG_LOCAL_LOGIN = env_bool("OPENVORGANG_LOCAL_LOGIN", True)
# Seconds the statistics page reuses computed figures for the same scope and period (0: never).
OPENVORGANG_STATS_CACHE_SECONDS = env_int("OPENVORGANG_STATS_CACHE_SECONDS", 300)
# Days access audit records are kept (then removed oldest first; the chain keeps an anchor).
OPENVORGANG_AUDIT_RETENTION_DAYS = env_int("OPENVORGANG_AUDIT_RETENTION_DAYS", 3650)

# plain (for people) or json (one object per line with request id, tenant and user id)
OPENVORGANG_LOG_FORMAT = env_str("OPENVORGANG_LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "openvorgang.ops.logs.ContextFilter"},
        "redact": {"()": "openvorgang.ops.logs.RedactFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "openvorgang.ops.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if OPENVORGANG_LOG_FORMAT == "json" else "plain",
            "filters": ["context", "redact"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("OPENVORGANG_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # one line per request (method, route pattern, status, time); WARNING turns it off
        "openvorgang.request": {"level": env_str("OPENVORGANG_REQUEST_LOG_LEVEL", "INFO")},
        # PDF rendering reports every step at INFO
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
# /metrics: with a token, only with "Authorization: Bearer <token>"; without, only from localhost
OPENVORGANG_METRICS_TOKEN = env_str("OPENVORGANG_METRICS_TOKEN", "")
