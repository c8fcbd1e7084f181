"""Per-request context for logs: request id, tenant and user (ids only, never names)."""

from __future__ import annotations

import contextvars

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
tenant_id: contextvars.ContextVar[str] = contextvars.ContextVar("tenant_id", default="")
user_id: contextvars.ContextVar[str] = contextvars.ContextVar("user_id", default="")
