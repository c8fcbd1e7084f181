"""gunicorn settings for OpenVorgang: ``gunicorn -c python:openvorgang.conf.gunicorn
openvorgang.wsgi:application``. The access and error logs go through the same redaction as
the application's (``ops.logs.RedactFilter``): secret links (Antragsraum, invitations) and
tokens never reach a log file. Workers and threads come from the environment."""

from __future__ import annotations

import os

bind = os.environ.get("OPENVORGANG_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("OPENVORGANG_WORKERS", "3"))
worker_class = "gthread"
threads = int(os.environ.get("OPENVORGANG_THREADS", "4"))
# No query strings in the access log (%(U)s is the path only; %(r)s would add the query).
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
accesslog = "-"
errorlog = "-"

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "openvorgang.ops.logs.RedactFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact"],
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}
