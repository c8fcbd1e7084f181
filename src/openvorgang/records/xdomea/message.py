"""The xdomea message Abgabe.Abgabe.0401 for one case (versions 3.0.0 and 3.1.0, which share
the structure used here and differ in namespace), validated against the official schema."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext
from lxml import etree

import openvorgang
from openvorgang.cases.models import Case, CaseEvent, CaseStatus, EventKind
from openvorgang.cases.templatetags.case_tags import event_summary
from openvorgang.cases.workflow import FINISHED_HERE
from openvorgang.records.xdomea.mapping import Document

XSD = Path(__file__).parent / "xsd"
VERSIONS = ("3.0.0", "3.1.0")
MESSAGE_TYPE = "0401"
MESSAGE_NAME = "Abgabe.Abgabe.0401"


class InvalidMessage(ValueError):
    """The message does not validate against the xdomea schema (it is never sent)."""


def namespace(version: str) -> str:
    return f"urn:xoev-de:xdomea:schema:{version}"


@lru_cache(maxsize=4)
def schema(version: str) -> etree.XMLSchema:
    if version not in VERSIONS:
        raise ValueError(f"Unbekannte xdomea-Version {version}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    entry = XSD / version / "xdomea-Nachrichten-AbgabeDurchfuehren.xsd"
    return etree.XMLSchema(etree.parse(str(entry), parser))


def validate(root: etree._Element, version: str) -> None:
    checker = schema(version)
    if not checker.validate(root):
        errors = "; ".join(
            f"Zeile {e.line}: {e.message}"
            for e in list(checker.error_log)[:5]  # type: ignore[call-overload]
        )
        raise InvalidMessage(
            gettext("xdomea %(version)s ungültig: %(errors)s")
            % {"version": version, "errors": errors}
        )


@dataclass(frozen=True)
class Party:
    institution: str
    unit: str = ""


class _Builder:
    def __init__(self, version: str) -> None:
        self.ns = namespace(version)

    def el(self, parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
        node = etree.SubElement(parent, f"{{{self.ns}}}{name}")
        if text is not None:
            node.text = text
        return node

    def code(
        self, parent: etree._Element, name: str, code: str, list_uri: str, list_version: str
    ) -> None:
        node = self.el(parent, name)
        node.set("listURI", list_uri)
        node.set("listVersionID", list_version)
        etree.SubElement(node, "code").text = code  # unqualified, as the code types say

    def party(self, parent: etree._Element, name: str, party: Party) -> None:
        node = self.el(parent, name)
        self.el(self.el(node, "Institution"), "Name", party.institution)
        if party.unit:
            self.el(self.el(node, "Organisationseinheit"), "Name", party.unit)


def _iso(moment: dt.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def build_message(
    *,
    case: Case,
    documents: list[Document],
    version: str,
    process_id: uuid.UUID,
    sender: Party,
    receiver: Party,
    created: dt.datetime,
) -> bytes:
    """The 0401 message as UTF-8 XML; raises InvalidMessage if it does not validate."""
    b = _Builder(version)
    root = etree.Element(f"{{{b.ns}}}{MESSAGE_NAME}", nsmap={"xdomea": b.ns})
    head = b.el(root, "Kopf")
    b.el(head, "ProzessID", str(process_id))
    b.code(
        head, "Nachrichtentyp", MESSAGE_TYPE, "urn:xoev-de:xdomea:codeliste:nachrichtentyp", "2.0"
    )
    b.el(head, "Erstellungszeitpunkt", _iso(created))
    b.party(head, "Absender", sender)
    b.party(head, "Empfaenger", receiver)
    system = b.el(head, "SendendesSystem")
    b.el(system, "Produktname", "OpenVorgang")
    b.el(system, "Version", openvorgang.__version__)
    b.el(head, "Importbestaetigung", "1")
    b.el(head, "Empfangsbestaetigung", "1")
    _vorgang(b, b.el(root, "Schriftgutobjekt"), case, documents)
    validate(root, version)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _vorgang(b: _Builder, parent: etree._Element, case: Case, documents: list[Document]) -> None:
    node = b.el(parent, "Vorgang")
    ident = b.el(node, "Identifikation")
    b.el(ident, "ID", str(case.pk))
    meta = b.el(node, "AllgemeineMetadaten")
    subject = " – ".join(p for p in (case.service_name, case.applicant_name) if p)
    b.el(meta, "Betreff", subject or case.number)
    b.el(meta, "Kennzeichen", case.file_number or case.number)
    b.el(
        meta,
        "Bemerkung",
        f"Vorgangsnummer {case.number}; Eingang {_iso(case.received_at)} "
        f"({case.get_channel_display()}); Status {CaseStatus(case.status).label}; "
        f"Leistungsschlüssel {case.service_key or '–'}",
    )
    b.code(meta, "Medium", "001", "urn:xoev-de:xdomea:codeliste:medium", "1.0")
    b.el(node, "Typ", case.service_name or "Antrag")
    closed = case.status in FINISHED_HERE
    b.el(node, "ZdA", "true" if closed else "false")
    if closed:
        b.el(node, "ZdADatum", timezone.localtime(case.status_since).date().isoformat())
    period = b.el(node, "Laufzeit")
    b.el(period, "Beginn", timezone.localtime(case.received_at).date().isoformat())
    if closed:
        b.el(period, "Ende", timezone.localtime(case.status_since).date().isoformat())
    for event in CaseEvent.objects.filter(case=case).order_by("id"):
        _history(b, node, event)
    for document in documents:
        _dokument(b, node, "Dokument", document)
    if case.applicant_name:
        _applicant(b, node, case)


def _history(b: _Builder, parent: etree._Element, event: CaseEvent) -> None:
    node = b.el(parent, "HistorienProtokollInformation")
    if event.kind in (EventKind.STATUS, EventKind.DECISION):
        b.el(node, "MetadatumName", "Status")
        b.el(node, "MetadatumAlterWert", str(event.before.get("status", "")))
        b.el(node, "MetadatumNeuerWert", str(event.after.get("status", "")))
    b.el(node, "Akteur", event.actor_name or "OpenVorgang")
    b.el(node, "DatumUhrzeit", _iso(event.at))
    if event.reason:
        b.el(node, "Bemerkung", event.reason)
    b.el(node, "Aktion", str(event_summary(event)))


def _dokument(b: _Builder, parent: etree._Element, name: str, doc: Document) -> None:
    node = b.el(parent, name)
    b.el(b.el(node, "Identifikation"), "ID", str(doc.id))
    b.el(b.el(node, "AllgemeineMetadaten"), "Betreff", doc.title)
    if doc.incoming:
        b.el(node, "Posteingangsdatum", doc.incoming.isoformat())
    if doc.outgoing:
        b.el(node, "Postausgangsdatum", doc.outgoing.isoformat())
    if doc.author:
        b.el(node, "Bearbeiter", doc.author)
    b.el(node, "Typ", doc.kind)
    version = b.el(node, "Version")
    b.el(version, "Nummer", "1")
    fmt = b.el(version, "Format")
    b.code(fmt, "Name", doc.part.format_code, "urn:xoev-de:xdomea:codeliste:dateiformat", "1.0")
    if doc.part.format_code == "100":
        b.el(fmt, "SonstigerName", doc.part.extension or "unbekannt")
    b.el(fmt, "Version", "")
    primary = b.el(fmt, "Primaerdokument")
    b.el(primary, "Dateiname", doc.part.package_name)
    b.el(primary, "DateinameOriginal", doc.part.original_name)
    if doc.part.author:
        b.el(primary, "Ersteller", doc.part.author)
    if doc.part.created_at:
        b.el(primary, "DatumUhrzeit", _iso(doc.part.created_at))
    for attachment in doc.attachments:
        _dokument(b, node, "Anlage", attachment)


def _applicant(b: _Builder, parent: etree._Element, case: Case) -> None:
    node = b.el(parent, "Kontakt")
    name = b.el(node, "Name")
    b.el(b.el(name, "Familienname"), "Name", case.applicant_name)
    b.el(node, "Zustaendigkeit", "Antragsteller/in")
    if case.applicant_city or case.applicant_street:
        address = b.el(node, "Anschrift")
        if case.applicant_street:
            b.el(address, "Strasse", case.applicant_street)
        if case.applicant_postal_code:
            b.el(address, "Postleitzahl", case.applicant_postal_code)
        if case.applicant_city:
            b.el(address, "Ort", case.applicant_city)
