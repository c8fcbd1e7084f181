"""Local development and ``make demo``: debug on, an insecure but fixed secret key."""

from openvorgang.conf.base import *  # noqa: F403
from openvorgang.conf.env import env_bool, env_list, env_str

DEBUG = env_bool("OPENVORGANG_DEBUG", True)
SECRET_KEY = env_str("OPENVORGANG_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
# The demo's admin logins work without an authenticator app; production requires one for
# tenant admins and Land operators (OPENVORGANG_MFA_ROLES in base settings).
OPENVORGANG_MFA_ROLES = env_list("OPENVORGANG_MFA_ROLES", [])
