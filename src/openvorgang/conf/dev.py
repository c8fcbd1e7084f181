"""Local development and ``make demo``: the product's own pages (German 404 and error pages;
``OPENVORGANG_DEBUG=1`` for Django's technical ones), an insecure but fixed secret key, and
e-mails written to files instead of the terminal."""

from openvorgang.conf.base import *  # noqa: F403
from openvorgang.conf.env import env_bool, env_list, env_str

DEBUG = env_bool("OPENVORGANG_DEBUG", False)
SECRET_KEY = env_str("OPENVORGANG_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
# The demo's admin logins work without an authenticator app; production requires one for
# tenant admins and Land operators (OPENVORGANG_MFA_ROLES in base settings).
OPENVORGANG_MFA_ROLES = env_list("OPENVORGANG_MFA_ROLES", [])
# The demo's notices and digests (thousands on the first worker run) go to one file each under
# var/mails/, not into the terminal of ``make demo``.
EMAIL_BACKEND = env_str(
    "OPENVORGANG_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = DATA_DIR / "mails"  # noqa: F405
