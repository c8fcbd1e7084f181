"""``POST /antrag``: the intake contract of OZG-Cloud, so form servers integrated with it
(Gover, startuphafen.sh …) can point their destination URL here unchanged."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import Case, Channel
from openvorgang.intake.auth import sender_for_request
from openvorgang.intake.channels.ozgcloud.parse import parse_form_data
from openvorgang.intake.limits import (
    IntakeProblem,
    check_request_size,
    declared_length,
    read_text_part,
)
from openvorgang.intake.services import Submitted, receive
from openvorgang.lib.http import problem_response


def _bad(exc: IntakeProblem) -> JsonResponse:
    status = exc.http_status
    return problem_response(
        status,
        code=exc.code,
        detail=exc.message,
        title=gettext("Ungültiger Antrag") if status == 400 else None,
        part=exc.part,
    )


def _refused(message: str, status: int = 400, code: str = "invalid_submission") -> JsonResponse:
    return _bad(IntakeProblem(status, code, message))


@csrf_exempt  # machine endpoint, authenticated by token or source network
@require_POST
def receive_antrag(request: HttpRequest) -> HttpResponse:
    try:
        sender = sender_for_request(request)
    except IntakeProblem as exc:
        return _bad(exc)
    if sender is None:
        return _refused(
            gettext("Kein registrierter Absender (Token oder Netz)."), 401, "unauthorized"
        )
    if not (request.content_type or "").startswith("multipart/form-data"):
        return _refused(gettext("multipart/form-data erwartet."), 415, "unsupported_media_type")
    try:
        check_request_size(request)
        submitted = _submitted(request)
        accepted = receive(sender=sender, submitted=submitted)
    except IntakeProblem as exc:
        return _bad(exc)
    return JsonResponse(_answer(submitted.external_id, accepted.case))


def _submitted(request: HttpRequest) -> Submitted:
    """The OZG-Cloud wire format: a ``formData`` part (JSON with ``control`` and the form
    items), at most one ``representation`` and any number of ``attachment`` file parts."""
    try:
        files = request.FILES
        raw = read_text_part(files, request.POST, "formData")
    except IntakeProblem:
        raise
    except Exception as exc:  # broken multipart bodies raise several parser errors
        raise IntakeProblem(
            400,
            "invalid_submission",
            gettext("Die multipart-Nachricht ist fehlerhaft: %(error)s") % {"error": exc},
        ) from exc
    if raw is None:
        raise IntakeProblem(400, "invalid_submission", gettext("Teil 'formData' fehlt."))
    representations = files.getlist("representation")
    if len(representations) > 1:
        raise IntakeProblem(
            400,
            "invalid_submission",
            gettext("Höchstens eine 'representation' ist erlaubt."),
            part="representation",
        )
    try:
        parsed = parse_form_data(raw)
    except InvalidInput as exc:
        raise IntakeProblem(400, "invalid_submission", exc.message, part="formData") from exc
    return Submitted(
        channel=Channel.OZG_CLOUD,
        external_id=parsed.transaction_id,
        control=parsed.control,
        leika_keys=parsed.leika_ids,
        oe_id=parsed.oe_id,
        ars=parsed.ars,
        form_id=parsed.form_id,
        form_name=parsed.form_name,
        service_name=parsed.form_name,
        applicant=parsed.applicant,
        form_data=parsed.form_data,
        representation=IncomingFile(r, r.name or "", part="representation")
        if (r := next(iter(representations), None))
        else None,
        attachments=[
            IncomingFile(f, f.name or "", part=f"attachment[{i}]")
            for i, f in enumerate(files.getlist("attachment"))
        ],
        size=declared_length(request),
    )


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
