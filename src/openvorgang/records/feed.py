"""Reacting to the case history: filing closed cases automatically, and reading receipts that
DMS leave in a drop folder."""

from __future__ import annotations

import logging
from pathlib import Path

from django.utils.translation import gettext

from openvorgang.cases.models import CaseEvent, CaseStatus, EventKind
from openvorgang.notify import feeds
from openvorgang.records.folders import FolderRefused, confined
from openvorgang.records.models import Connector
from openvorgang.records.services import exports_on_close, receipt_import
from openvorgang.records.xdomea.receipts import MAX_BYTES, BadReceipt

logger = logging.getLogger(__name__)
FEED = "records.on_close"
BATCH = 200


def process_closures(*, limit: int = BATCH) -> int:
    """Export every case closed since the cursor to its tenant's auto-filing connectors."""
    rows = CaseEvent.objects.filter(kind=EventKind.STATUS).select_related("case")
    with feeds.batch(FEED, rows, limit=limit) as events:
        for event in events:
            if event.after.get("status") == CaseStatus.ABGESCHLOSSEN:
                exports_on_close(event.case)
    return len(events)


def read_receipt_folders() -> int:
    """Import ``*.xml`` receipts from each connector's receipt folder; imported files move to
    ``erledigt/``, refused ones to ``fehler/`` with the reason beside them."""
    done = 0
    connectors = Connector.objects.filter(active=True).exclude(receipt_folder="")
    for connector in connectors.select_related("tenant"):
        try:
            folder = confined(connector.receipt_folder, tenant=connector.tenant)
        except FolderRefused:
            logger.warning("receipt folder of connector %s outside its tenant's root", connector.pk)
            continue
        if not folder.is_dir():
            logger.warning("receipt folder %s of connector %s missing", folder, connector.pk)
            continue
        for path in sorted(folder.glob("*.xml")):
            done += _read_one(connector, path)
    return done


def _read_one(connector: Connector, path: Path) -> int:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise BadReceipt(gettext("Quittung ist größer als 5 MB."))
        receipt_import(path.read_bytes(), connector=connector)
    except BadReceipt as exc:
        target = path.parent / "fehler"
        target.mkdir(exist_ok=True)
        path.replace(target / path.name)
        (target / f"{path.name}.grund.txt").write_text(str(exc), encoding="utf-8")
        logger.warning("receipt %s refused: %s", path.name, exc)
        return 0
    target = path.parent / "erledigt"
    target.mkdir(exist_ok=True)
    path.replace(target / path.name)
    return 1
