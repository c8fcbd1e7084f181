"""Domain errors of case operations. Each carries a German message for the user and a stable
``code`` for machines; the API maps them to problem+json answers, the UI to messages."""

from __future__ import annotations

from django.utils.translation import gettext

from openvorgang.lib.errors import Problem


class CaseError(Problem):
    code = "case_error"
    http_status = 400


class CaseNotFound(CaseError):
    code = "not_found"
    http_status = 404

    def __init__(self, message: str = "") -> None:
        super().__init__(message or gettext("Vorgang nicht gefunden."))


class ActionNotAllowed(CaseError):
    """The action is not possible in the case's current state."""

    code = "invalid_transition"
    http_status = 409


class ActionForbidden(CaseError):
    """The user sees the case but its roles do not allow the action."""

    code = "forbidden"
    http_status = 403


class CaseConflict(CaseError):
    """Someone else changed the case in the meantime."""

    code = "conflict"
    http_status = 409

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or gettext(
                "Der Vorgang wurde inzwischen von jemand anderem geändert. Bitte laden Sie die "
                "Seite neu und prüfen Sie den aktuellen Stand."
            )
        )


class InvalidInput(CaseError):
    code = "invalid_input"
    http_status = 400
