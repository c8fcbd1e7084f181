"""The one base of the errors a user or a machine is told about: a German message (``detail``),
a stable ``code`` and the HTTP status the REST API answers with (problem+json). Apps subclass
it (``cases.errors.CaseError``, ``intake.limits.IntakeProblem``); the API's exception handler
and the UI only know this class."""

from __future__ import annotations


class Problem(Exception):
    code = "problem"
    http_status = 400
    # The part of the request it concerns (a file part, a field, a JSON path), if one.
    part = ""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
