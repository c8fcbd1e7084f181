"""Production settings: secure cookies, HSTS, a mandatory secret key."""

from django.core.exceptions import ImproperlyConfigured

from openvorgang.conf.base import *  # noqa: F403
from openvorgang.conf.base import SECRET_KEY
from openvorgang.conf.env import env_bool, env_int

if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "OPENVORGANG_SECRET_KEY must be set to at least 50 random characters"
    )

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("OPENVORGANG_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("OPENVORGANG_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
