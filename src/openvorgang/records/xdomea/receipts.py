"""Receipts from the DMS: Abgabe.ImportBestaetigen.0402 (filed or not, per object) and
Abgabe.EmpfangBestaetigen.0403 (received). Parsed without DTDs, entities or network access and
validated against the schema of their version."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.utils.translation import gettext
from lxml import etree

from openvorgang.records.xdomea.message import VERSIONS, InvalidMessage, namespace, validate

MAX_BYTES = 5 * 1024 * 1024


class BadReceipt(ValueError):
    pass


@dataclass(frozen=True)
class ObjectResult:
    object_id: uuid.UUID
    success: bool
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Receipt:
    kind: str  # "0402" or "0403"
    version: str
    process_id: uuid.UUID
    note: str  # Kopf/Hinweis: the DMS's reference (Aktenzeichen) for a positive 0402
    results: list[ObjectResult]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse_receipt(data: bytes) -> Receipt:
    if len(data) > MAX_BYTES:
        raise BadReceipt(gettext("Quittung ist größer als 5 MB."))
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        raise BadReceipt(gettext("kein wohlgeformtes XML: %(exc)s") % {"exc": exc}) from exc
    info = tree.docinfo
    if getattr(info, "doctype", "") or getattr(info, "internalDTD", None) is not None:
        raise BadReceipt(gettext("DTDs sind in Quittungen nicht erlaubt."))
    root = tree.getroot()
    qname = etree.QName(root)
    version = next((v for v in VERSIONS if namespace(v) == qname.namespace), None)
    if version is None:
        raise BadReceipt(
            gettext("unbekannter Namensraum %(namespace)r") % {"namespace": qname.namespace}
        )
    kinds = {"Abgabe.ImportBestaetigen.0402": "0402", "Abgabe.EmpfangBestaetigen.0403": "0403"}
    kind = kinds.get(qname.localname)
    if kind is None:
        raise BadReceipt(
            gettext("keine Quittung zu einer Abgabe: %(localname)s")
            % {"localname": qname.localname}
        )
    try:
        validate(root, version)
    except InvalidMessage as exc:
        raise BadReceipt(str(exc)) from exc
    ns = {"x": namespace(version)}
    results = [
        ObjectResult(
            object_id=uuid.UUID(item.findtext("x:IDSGO", namespaces=ns) or ""),
            success=(item.findtext("x:Erfolgreich", namespaces=ns) or "").strip() == "true",
            errors=[(e.text or "").strip() for e in item.findall("x:Fehlermeldung", ns)],
        )
        for item in root.findall("x:AbgegebenesObjekt", ns)
    ]
    return Receipt(
        kind=kind,
        version=version,
        process_id=uuid.UUID(root.findtext("x:Kopf/x:ProzessID", namespaces=ns) or ""),
        note=(root.findtext("x:Kopf/x:Hinweis", namespaces=ns) or "").strip(),
        results=results,
    )
