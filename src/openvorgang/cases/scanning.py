"""Malware scanning of case files with clamd (OPENVORGANG_CLAMD). Files from outside (intake,
applicant replies, caseworkers' uploads) start as *pending* and a background job streams them
to clamd; what clamd finds is quarantined: the file stays stored for the record but no path
serves it (UI, API, pull API, Antragsraum, exports), and the case history says so. Without a
scanner, files are *unscanned* and the case page says that. Files OpenVorgang generates
(decisions, letters) need no scan."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from openvorgang.cases.log import case_log
from openvorgang.cases.models import Case, CaseFile, CaseFileKind, EventKind, ScanStatus
from openvorgang.jobs.services import job_enqueue
from openvorgang.lib import clamd
from openvorgang.lib.http import problem_response

logger = logging.getLogger(__name__)

JOB = "cases.scan_file"
GENERATED_KINDS = frozenset({CaseFileKind.DECISION, CaseFileKind.LETTER})
SCANNER = "Virenprüfung"


def enabled() -> bool:
    return bool(settings.OPENVORGANG_CLAMD)


def initial_status(kind: str) -> ScanStatus:
    if kind in GENERATED_KINDS:
        return ScanStatus.GENERATED
    return ScanStatus.PENDING if enabled() else ScanStatus.UNSCANNED


def enqueue(files: Iterable[CaseFile]) -> None:
    """Queue a scan for each pending file; call in the transaction that creates them."""
    for case_file in files:
        if case_file.scan_status == ScanStatus.PENDING:
            job_enqueue(
                name=JOB, payload={"file": str(case_file.pk)}, unique_key=f"scan:{case_file.pk}"
            )


def scan_file(*, file_id: str) -> None:
    """Scan one pending file (the job's work); clamd errors propagate so the job retries."""
    case_file = CaseFile.objects.select_related("case").filter(pk=file_id).first()
    if case_file is None or case_file.scan_status != ScanStatus.PENDING:
        return
    if not enabled():
        # the operator switched scanning off meanwhile: the file counts as unscanned, as
        # every file stored without a scanner does (the case page says so)
        CaseFile.objects.filter(pk=case_file.pk, scan_status=ScanStatus.PENDING).update(
            scan_status=ScanStatus.UNSCANNED
        )
        return
    with default_storage.open(case_file.storage_name, "rb") as stream:
        # a ClamdError fails the job: it is retried with backoff, the file stays pending
        finding = clamd.scan(
            settings.OPENVORGANG_CLAMD,
            stream,
            timeout=settings.OPENVORGANG_CLAMD_TIMEOUT_SECONDS,
        )
    record_result(case_file=case_file, finding=finding)


def record_result(*, case_file: CaseFile, finding: str | None) -> None:
    with transaction.atomic():
        status = ScanStatus.INFECTED if finding else ScanStatus.CLEAN
        updated = CaseFile.objects.filter(pk=case_file.pk, scan_status=ScanStatus.PENDING).update(
            scan_status=status, scan_finding=(finding or "")[:200], scanned_at=timezone.now()
        )
        if updated and finding:
            logger.warning("malware in case file %s: %s", case_file.pk, finding)
            case_log(
                case=case_file.case,
                kind=EventKind.FILE_QUARANTINED,
                actor_name=SCANNER,
                after={
                    "file": str(case_file.pk),
                    "name": case_file.original_name,
                    "finding": finding,
                },
            )


class FilesNotScanned(Exception):
    """A file of the case is still waiting for the virus scan: it may not leave yet."""


def require_scanned(case: Case) -> None:
    """Before a case's files leave (export, handover): none may still wait for the scan."""
    if CaseFile.objects.filter(case=case, scan_status=ScanStatus.PENDING).exists():
        raise FilesNotScanned(str(case.pk))


def blocked_response(case_file: CaseFile, *, api: bool) -> HttpResponse | None:
    """The refusal for a file that may not be served (None if it may): 403 once malware was
    found, 409 while the scan has not finished."""
    if case_file.downloadable:
        return None
    infected = case_file.scan_status == ScanStatus.INFECTED
    if infected:
        reason = _("Die Datei ist gesperrt: Die Virenprüfung hat Schadsoftware gefunden.")
    else:
        reason = _("Die Datei wird noch auf Schadsoftware geprüft. Bitte später erneut versuchen.")
    status = 403 if infected else 409
    if api:
        return problem_response(
            status, code="file_quarantined" if infected else "file_scan_pending", detail=reason
        )
    page = render_to_string(
        "file_blocked.html", {"reason": reason, "name": case_file.original_name}
    )
    return HttpResponse(page, status=status)


def enqueue_pending() -> int:
    """Queue scans for all pending files again (after clamd was down longer than the job
    retries last); returns how many are pending."""
    pending = CaseFile.objects.filter(scan_status=ScanStatus.PENDING).only("pk", "scan_status")
    count = 0
    for case_file in pending.iterator():
        enqueue([case_file])
        count += 1
    return count
