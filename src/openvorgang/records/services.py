"""Exports to DMS and specialist systems: request (button, selection, on closing, handover),
build and validate in the worker, deliver through the outbox, record receipts. A DMS that is
down never blocks anyone: the export waits in the outbox with its last error."""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Generator
from typing import Any

import httpx
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import Role, User
from openvorgang.audit.models import AuditAction
from openvorgang.audit.services import audit_record
from openvorgang.cases import scanning
from openvorgang.cases.errors import ActionForbidden, CaseNotFound, InvalidInput
from openvorgang.cases.log import case_log
from openvorgang.cases.models import Case, EventKind
from openvorgang.cases.policy import roles_for_case
from openvorgang.cases.services import case_check_action, case_handover
from openvorgang.jobs.services import job_enqueue
from openvorgang.lib.files import store_stream
from openvorgang.outbox.models import Delivery
from openvorgang.outbox.registry import PermanentError
from openvorgang.outbox.services import delivery_enqueue
from openvorgang.records.handover_json import case_document
from openvorgang.records.models import (
    Connector,
    Export,
    ExportFormat,
    ExportState,
    Purpose,
)
from openvorgang.records.registry import transport_name
from openvorgang.records.xdomea.message import InvalidMessage, Party
from openvorgang.records.xdomea.package import package_name, write_package
from openvorgang.records.xdomea.receipts import BadReceipt, parse_receipt

logger = logging.getLogger(__name__)
SYSTEM = "OpenVorgang (automatisch)"


# --- request ------------------------------------------------------------------------------


def _check(case: Case, actor: User | None, connector: Connector, purpose: Purpose) -> None:
    if actor is not None:
        roles = roles_for_case(actor, case)
        if not roles:
            raise CaseNotFound()
        if Role.SACHBEARBEITUNG not in roles:
            raise ActionForbidden(gettext("Exporte stößt die Sachbearbeitung an."))
    if connector.tenant_id != case.tenant_id or not connector.active:
        raise InvalidInput(gettext("Diese Anbindung gehört nicht zum Mandanten des Vorgangs."))
    if connector.purpose != purpose:
        raise InvalidInput(
            gettext("„%(name)s“ ist keine Anbindung für diesen Zweck.") % {"name": connector.name}
        )


def export_request(
    *, case: Case, connector: Connector, actor: User | None, purpose: Purpose = Purpose.DMS
) -> Export:
    """Queue an export of ``case`` to ``connector``; the worker builds, validates and sends it."""
    _check(case, actor, connector, purpose)
    with transaction.atomic():
        export = Export(
            case=case,
            connector=connector,
            purpose=purpose,
            export_format=connector.export_format,
            xdomea_version=connector.xdomea_version,
            actor=actor,
            actor_name=actor.display_name if actor else SYSTEM,
            created_at=timezone.now(),
        )
        export.file_name = (
            package_name(export.process_id)
            if export.export_format == ExportFormat.XDOMEA
            else f"{export.process_id}_{case.number}.json"
        )
        export.save()
        job_enqueue(name="records.build", payload={"export_id": str(export.pk)})
    audit_record(
        user=actor,
        case=case,
        action=AuditAction.EXPORT,
        detail=f"an {connector.name} ({export.file_name})",
        actor_name="" if actor else SYSTEM,
    )
    return export


def handover(
    *, case: Case, connector: Connector, actor: User, expected_version: int | None = None
) -> Export:
    """ "An Fachverfahren übergeben": export to the specialist system and move the case to
    WEITERGELEITET, in one transaction."""
    _check(case, actor, connector, Purpose.FACHVERFAHREN)
    case_check_action(case=case, actor=actor, action="an_fachverfahren")
    with transaction.atomic():
        export = export_request(
            case=case, connector=connector, actor=actor, purpose=Purpose.FACHVERFAHREN
        )
        case_handover(
            case=case, actor=actor, system=connector.name, expected_version=expected_version
        )
    return export


def exports_on_close(case: Case) -> list[Export]:
    """The automatic filing of a closed case, for each of its tenant's connectors that ask."""
    made = []
    for connector in Connector.objects.filter(
        tenant=case.tenant, purpose=Purpose.DMS, active=True, export_on_close=True
    ):
        services = connector.export_on_close_services or []
        if not services or case.service_key in services:
            made.append(export_request(case=case, connector=connector, actor=None))
    return made


# --- build --------------------------------------------------------------------------------


def export_build(export_id: str) -> None:
    """Build the package, validate it, store it and hand it to the outbox (idempotent: a
    retried job after a crash builds again only if nothing was handed over yet)."""
    export = Export.objects.select_related("case__tenant", "case__org_unit", "connector").get(
        pk=export_id
    )
    if export.state != ExportState.QUEUED or export.delivery_id is not None:
        return
    # FilesNotScanned fails the job: it is retried with backoff until every file is scanned
    scanning.require_scanned(export.case)
    connector = export.connector
    if connector is None:
        _set_state(export, ExportState.FAILED, error="Anbindung gelöscht.")
        return
    with tempfile.TemporaryFile() as out:
        try:
            _write(out, export, connector)
        except InvalidMessage as exc:
            _set_state(export, ExportState.INVALID, error=str(exc)[:2000])
            case_log(
                case=export.case,
                kind=EventKind.EXPORT,
                actor_name=SYSTEM,
                after={"export": str(export.pk), "state": "invalid", "error": str(exc)[:500]},
            )
            logger.warning("export %s invalid: %s", export.pk, exc)
            return
        out.seek(0)
        stored = store_stream(out, storage_name=f"exports/{export.case_id}/{export.file_name}")
    with transaction.atomic():
        delivery = delivery_enqueue(
            transport=transport_name(connector.kind),
            target=connector.target,
            payload={"export_id": str(export.pk)},
            case=export.case,
            max_attempts=12,
        )
        Export.objects.filter(pk=export.pk).update(
            storage_name=stored.storage_name,
            size=stored.size,
            sha256=stored.sha256,
            delivery=delivery,
        )


def _write(out: Any, export: Export, connector: Connector) -> None:
    case = export.case
    if export.export_format == ExportFormat.JSON:
        out.write(json.dumps(case_document(case), ensure_ascii=False, default=str).encode())
        return
    write_package(
        out,
        case=case,
        version=export.xdomea_version,
        process_id=export.process_id,
        sender=Party(
            institution=case.tenant.name if case.tenant else "OpenVorgang",
            unit=case.org_unit.name if case.org_unit else "",
        ),
        receiver=Party(institution=connector.receiver_name or connector.name),
        created=export.created_at,
    )


# --- delivery and receipts ---------------------------------------------------------------


def export_for_delivery(delivery: Delivery) -> tuple[Export, Connector]:
    export = (
        Export.objects.select_related("connector")
        .filter(pk=delivery.payload.get("export_id"))
        .first()
    )
    if export is None or export.connector is None:
        raise PermanentError(gettext("Export oder Anbindung gibt es nicht mehr."))
    return export, export.connector


def content_type_of(export: Export) -> str:
    return "application/json" if export.export_format == ExportFormat.JSON else "application/zip"


class BearerAuth(httpx.Auth):
    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


def auth_for(connector: Connector) -> httpx.Auth | None:
    if connector.username:
        return httpx.BasicAuth(connector.username, connector.secret)
    return BearerAuth(connector.secret) if connector.secret else None


def export_sent(export: Export, *, reference: str) -> None:
    """The target took the package; with a reference in its answer the case is filed."""
    state = ExportState.FILED if reference else ExportState.SENT
    updated = Export.objects.filter(pk=export.pk, state=ExportState.QUEUED).update(
        state=state, dms_reference=reference, error=""
    )
    if updated:
        case_log(
            case=export.case,
            kind=EventKind.FILED if reference else EventKind.EXPORT,
            actor_name=SYSTEM,
            after=_summary(export, state, reference=reference),
        )


def export_given_up(delivery: Delivery, error: str) -> None:
    export = Export.objects.filter(pk=delivery.payload.get("export_id")).first()
    if export is not None and export.state == ExportState.QUEUED:
        _set_state(export, ExportState.FAILED, error=error[:2000])
        case_log(
            case=export.case,
            kind=EventKind.EXPORT,
            actor_name=SYSTEM,
            after=_summary(export, ExportState.FAILED, error=error[:500]),
        )


def receipt_import(data: bytes, *, connector: Connector | None = None) -> Export:
    """Record a 0402/0403 receipt. Unknown process ids and receipts about other cases are
    refused (BadReceipt) and logged; nothing changes then."""
    receipt = parse_receipt(data)
    exports = Export.objects.select_related("case")
    if connector is not None:
        exports = exports.filter(connector__tenant_id=connector.tenant_id)
    export = exports.filter(process_id=receipt.process_id).first()
    if export is None:
        logger.warning("receipt for unknown process id %s refused", receipt.process_id)
        raise BadReceipt(
            gettext("Keine Abgabe mit der ProzessID %(process_id)s.")
            % {"process_id": receipt.process_id}
        )
    if receipt.kind == "0403":
        if Export.objects.filter(
            pk=export.pk, state__in=[ExportState.QUEUED, ExportState.SENT]
        ).update(state=ExportState.RECEIVED):
            case_log(
                case=export.case,
                kind=EventKind.EXPORT,
                actor_name=SYSTEM,
                after=_summary(export, ExportState.RECEIVED),
            )
        return export
    result = next((r for r in receipt.results if r.object_id == export.case_id), None)
    if result is None:
        logger.warning("receipt %s names no object of case %s", receipt.process_id, export.case_id)
        raise BadReceipt(gettext("Die Quittung nennt den abgegebenen Vorgang nicht."))
    if result.success:
        state, reference, error = ExportState.FILED, receipt.note[:300], ""
    else:
        state, reference, error = ExportState.REJECTED, "", "; ".join(result.errors)[:2000]
        error = error or "ohne Begründung"
    Export.objects.filter(pk=export.pk).update(state=state, dms_reference=reference, error=error)
    case_log(
        case=export.case,
        kind=EventKind.FILED if result.success else EventKind.EXPORT,
        actor_name=SYSTEM,
        after=_summary(export, state, reference=reference, error=error),
    )
    return export


def export_retry(*, export: Export, actor: User) -> Export:
    """A new export of the same case to the same connector (after a rejection or failure)."""
    if export.state not in (ExportState.REJECTED, ExportState.FAILED, ExportState.INVALID):
        raise InvalidInput(
            gettext("Nur abgelehnte oder fehlgeschlagene Exporte werden wiederholt.")
        )
    if export.connector is None:
        raise InvalidInput(gettext("Die Anbindung gibt es nicht mehr."))
    return export_request(
        case=export.case, connector=export.connector, actor=actor, purpose=Purpose(export.purpose)
    )


def _set_state(export: Export, state: ExportState, *, error: str = "") -> None:
    Export.objects.filter(pk=export.pk).update(state=state, error=error)
    export.state, export.error = state, error


def _summary(export: Export, state: str, **extra: str) -> dict[str, Any]:
    return {
        "export": str(export.pk),
        "connector": export.connector.name if export.connector else "",
        "purpose": export.purpose,
        "file": export.file_name,
        "state": str(state),
        **{k: v for k, v in extra.items() if v},
    }
