"""``POST /antrag``: the intake contract of OZG-Cloud, so form servers integrated with it
(Gover, startuphafen.sh …) can point their destination URL here unchanged."""

from __future__ import annotations

import logging
import time

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.incoming import IncomingFile, NewCase
from openvorgang.cases.models import Case, Channel
from openvorgang.intake.auth import sender_for_request
from openvorgang.intake.channels.ozgcloud.parse import parse_form_data
from openvorgang.intake.limits import (
    IntakeProblem,
    check_files,
    check_request_size,
    read_text_part,
)
from openvorgang.intake.services import SubmissionGone, submission_accept, target_for
from openvorgang.lib.http import problem_response

logger = logging.getLogger(__name__)


def _bad(detail: str, status: int = 400, code: str = "invalid_submission") -> JsonResponse:
    return problem_response(
        status, code=code, detail=detail, title="Ungültiger Antrag" if status == 400 else None
    )


@csrf_exempt  # machine endpoint, authenticated by token or source network
@require_POST
def receive_antrag(request: HttpRequest) -> HttpResponse:
    started = time.monotonic()
    try:
        sender = sender_for_request(request)
    except IntakeProblem as exc:
        return _bad(exc.message, exc.http_status, exc.code)
    if sender is None:
        return _bad("Kein registrierter Absender (Token oder Netz).", 401, "unauthorized")
    if not (request.content_type or "").startswith("multipart/form-data"):
        return _bad("multipart/form-data erwartet.", 415, "unsupported_media_type")
    try:
        check_request_size(request)
        files = request.FILES
        raw = read_text_part(files, request.POST, "formData")
    except IntakeProblem as exc:
        return _bad(exc.message, exc.http_status, exc.code)
    except Exception as exc:  # broken multipart bodies raise several parser errors
        return _bad(f"Die multipart-Nachricht ist fehlerhaft: {exc}")
    if raw is None:
        return _bad("Teil 'formData' fehlt.")
    representations = files.getlist("representation")
    attachments = files.getlist("attachment")
    if len(representations) > 1:
        return _bad("Höchstens eine 'representation' ist erlaubt.")
    try:
        check_files([*representations, *attachments])
        parsed = parse_form_data(raw)
        target = target_for(
            sender_tenant_id=sender.tenant_id,
            oe_id=parsed.oe_id,
            ars=parsed.ars,
            leika_keys=parsed.leika_ids,
            form_data=parsed.form_data,
        )
        accepted = submission_accept(
            sender=sender,
            channel=Channel.OZG_CLOUD,
            external_id=parsed.transaction_id,
            control=parsed.control,
            data=NewCase(
                channel=Channel.OZG_CLOUD,
                **target.case_fields(),
                leika_keys=parsed.leika_ids,
                form_id=parsed.form_id,
                form_name=parsed.form_name,
                service_name=parsed.form_name,
                applicant=parsed.applicant,
                form_data=parsed.form_data,
                representation=IncomingFile(representations[0], representations[0].name or "")
                if representations
                else None,
                attachments=[IncomingFile(f, f.name or "") for f in attachments],
            ),
        )
    except IntakeProblem as exc:
        return _bad(exc.message, exc.http_status, exc.code)
    except InvalidInput as exc:
        return _bad(exc.message)
    except SubmissionGone as exc:
        return _bad(
            f"Der Antrag wurde bereits als {exc} angenommen und ist inzwischen gelöscht.",
            409,
            "gone",
        )
    logger.info(
        "intake channel=ozg_cloud sender=%s case=%s created=%s bytes=%s duration_ms=%d",
        sender.pk,
        accepted.case.number,
        accepted.created,
        request.META.get("CONTENT_LENGTH"),
        (time.monotonic() - started) * 1000,
    )
    return JsonResponse(_answer(parsed.transaction_id, accepted.case))


def _answer(transaction_id: str, case: Case) -> dict[str, object]:
    return {
        "transactionId": transaction_id,
        "vorgang": {
            "vorgangId": str(case.pk),
            "vorgangNummer": case.number,
            "status": case.status,
            "statusSince": case.status_since.isoformat(),
        },
    }
