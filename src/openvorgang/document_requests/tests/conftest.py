"""The deadline tests' service with a rule (a Nachforderung stops its clock). The browser
round trip lives with the other browser tests (web/tests: one Chromium per process)."""

from openvorgang.deadlines.tests.conftest import service

__all__ = ["service"]  # fixtures
