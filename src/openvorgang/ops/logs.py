"""Structured JSON logs (``OPENVORGANG_LOG_FORMAT=json``): one object per line with time, level,
logger, message, request id, tenant id and user id. Credentials that slip into a message
(bearer tokens, API tokens, passwords in URLs) and the secrets in link paths (Antragsraum,
invitations) are masked by ``RedactFilter`` on every handler, whatever the logger (Django's
request and CSRF warnings, gunicorn's access log, see ``conf/gunicorn.py``) and the format;
form content is never logged by the application in the first place."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re

from openvorgang.ops import context

_SECRETS = [
    (re.compile(r"(?i)(bearer|token|basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 ***"),
    (re.compile(r"\bov(c)?_[A-Za-z0-9_-]{8,}"), "ov***"),
    (re.compile(r"(?i)(password|passwort|secret|geheimnis)=\S+"), r"\1=***"),
    (re.compile(r"(://[^:/\s]+:)[^@\s]+@"), r"\1***@"),
    # secret links: the Antragsraum (the secret is the access), invitations (uid and token)
    (re.compile(r"(/antragsraum/)[^/\s?#\"']+"), r"\1***"),
    (re.compile(r"(/einladung/)[^/\s?#\"']+/[^/\s?#\"']+"), r"\1***"),
]


def mask(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class RedactFilter(logging.Filter):
    """Masks secrets in the formatted message (and in the exception text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


class ContextFilter(logging.Filter):
    """Adds the request context to every record (also for the plain format)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.request_id.get()
        record.tenant_id = context.tenant_id.get()
        record.user_id = context.user_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": mask(record.getMessage()),
            "request_id": getattr(record, "request_id", "") or None,
            "tenant_id": getattr(record, "tenant_id", "") or None,
            "user_id": getattr(record, "user_id", "") or None,
        }
        for key in ("method", "route", "status", "duration_ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = mask(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)
