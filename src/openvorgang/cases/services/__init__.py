"""Every write to a case goes through this package. Each function checks the actor's scope and
role and the case's state, writes the change with optimistic locking (the case's ``version``
must still be the one the actor saw, otherwise CaseConflict) and appends the history entry in
the same transaction (``core.write_change``).

By concern: ``creation`` (a case from a submission), ``files`` (streaming, staging, file
rows), ``steps`` (workflow steps, assignment, Aktenzeichen), ``routing`` (clearing and
forwarding), ``deletion`` (retention and final deletion) and ``undo``. What a channel hands
over (``Applicant``, ``IncomingFile``, ``NewCase``) lives in ``openvorgang.cases.incoming``."""

from openvorgang.cases.services.core import check_version
from openvorgang.cases.services.creation import CreatedHook, case_create
from openvorgang.cases.services.deletion import case_retention_delete, case_retention_mark
from openvorgang.cases.services.files import (
    Staging,
    case_add_file,
    case_files_store,
    remove_stored,
    staged_files,
    storage_name_for,
    sweep_staged_files,
)
from openvorgang.cases.services.routing import case_forward, case_route
from openvorgang.cases.services.steps import (
    case_assign,
    case_check_action,
    case_decide,
    case_handover,
    case_set_file_number,
    case_transition,
)
from openvorgang.cases.services.undo import case_undo

__all__ = [
    "CreatedHook",
    "Staging",
    "case_add_file",
    "case_assign",
    "case_check_action",
    "case_create",
    "case_decide",
    "case_files_store",
    "case_forward",
    "case_handover",
    "case_retention_delete",
    "case_retention_mark",
    "case_route",
    "case_set_file_number",
    "case_transition",
    "case_undo",
    "check_version",
    "remove_stored",
    "staged_files",
    "storage_name_for",
    "sweep_staged_files",
]
