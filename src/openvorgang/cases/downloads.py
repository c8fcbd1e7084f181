"""Serving one file of a case, for the case page and the REST API alike: refused while the
virus scan is pending or after it found malware, recorded in the access audit, streamed."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse

from openvorgang.accounts.models import User
from openvorgang.audit.models import AuditAction
from openvorgang.audit.services import audit_record
from openvorgang.cases import scanning
from openvorgang.cases.models import CaseFile
from openvorgang.lib.http import stream_stored_file


def case_file_response(
    *,
    case_file: CaseFile,
    api: bool,
    user: User | None,
    actor_name: str = "",
    inline: bool = False,
) -> HttpResponse | FileResponse:
    """``case_file`` was loaded through a scoped selector; ``api`` answers a refusal as
    problem+json instead of a German page; ``user`` None is a machine (a connector's pull API),
    named by ``actor_name``; ``inline`` shows safe types in the browser."""
    if refusal := scanning.blocked_response(case_file, api=api):
        return refusal
    audit_record(
        user=user,
        case=case_file.case,
        action=AuditAction.DOWNLOAD_FILE,
        detail=f"{case_file.original_name} ({case_file.pk})" + (" über die API" if api else ""),
        actor_name=actor_name,
    )
    return stream_stored_file(
        case_file.storage_name,
        filename=case_file.original_name,
        media_type=case_file.media_type,
        inline=inline,
    )
