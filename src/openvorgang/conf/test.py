"""Settings for the test suite. The database comes from DATABASE_URL like everywhere else:
``make test`` runs the suite once on SQLite and once on PostgreSQL."""

import tempfile
from pathlib import Path

from openvorgang.conf.base import *  # noqa: F403
from openvorgang.conf.base import DATABASES

SECRET_KEY = "test-only-key"  # noqa: S105 # nosec B105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; prod uses Argon2
_TMP = Path(tempfile.mkdtemp(prefix="openvorgang-test-"))
MEDIA_ROOT = _TMP / "files"
DATA_DIR = _TMP / "data"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not :memory:) so that tests with real threads can share the database.
    DATABASES["default"]["TEST"] = {"NAME": str(_TMP / "test.sqlite3")}
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Periodic jobs only where a test asks for them.
OPENVORGANG_SCHEDULES = {}

# Every routing checks the directory version (test transactions roll back behind it).
OPENVORGANG_DIRECTORY_CHECK_SECONDS = 0

# Counts are counted every time in tests (ids repeat across rolled-back tests).
OPENVORGANG_LIST_COUNT_CACHE_SECONDS = 0
OPENVORGANG_STATS_CACHE_SECONDS = 0
# Tests sign in with force_login; the MFA tests switch the requirement on.
OPENVORGANG_MFA_ROLES = []

# Tenants' drop folders below the test directory; test peers listen on loopback.
OPENVORGANG_FOLDER_ROOT = str(_TMP / "ablage" / "{tenant}")
OPENVORGANG_EGRESS_ALLOW = ["127.0.0.0/8", "::1/128"]
