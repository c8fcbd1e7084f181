"""Local development and ``make demo``: debug on, an insecure but fixed secret key."""

from openvorgang.conf.base import *  # noqa: F403
from openvorgang.conf.env import env_bool, env_str

DEBUG = env_bool("OPENVORGANG_DEBUG", True)
SECRET_KEY = env_str("OPENVORGANG_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
