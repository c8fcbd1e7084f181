"""xdomea receipts as a DMS writes them (valid against the official schema)."""

from __future__ import annotations

import datetime as dt
import uuid


def _head(version, process_id, type_code):
    return (
        f"<xdomea:Kopf><xdomea:ProzessID>{process_id}</xdomea:ProzessID>"
        f'<xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" '
        f'listVersionID="2.0"><code>{type_code}</code></xdomea:Nachrichtentyp>'
        f"<xdomea:Erstellungszeitpunkt>{dt.datetime(2026, 11, 28, 12, 0).isoformat()}"
        "</xdomea:Erstellungszeitpunkt>"
        "<xdomea:Absender><xdomea:Institution><xdomea:Name>DMS</xdomea:Name>"
        "</xdomea:Institution></xdomea:Absender>"
        "<xdomea:Empfaenger><xdomea:Institution><xdomea:Name>Stadt</xdomea:Name>"
        "</xdomea:Institution></xdomea:Empfaenger>"
    )


def receipt_0402(
    process_id: uuid.UUID,
    case_id: uuid.UUID,
    *,
    ok: bool = True,
    text: str = "",
    reference: str = "",
    version: str = "3.0.0",
) -> bytes:
    note = f"<xdomea:Hinweis>{reference}</xdomea:Hinweis>" if reference else ""
    error = f"<xdomea:Fehlermeldung>{text}</xdomea:Fehlermeldung>" if text else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<xdomea:Abgabe.ImportBestaetigen.0402 xmlns:xdomea="urn:xoev-de:xdomea:schema:{version}">'
        + _head(version, process_id, "0402")
        + note
        + "</xdomea:Kopf><xdomea:AbgegebenesObjekt>"
        f"<xdomea:IDSGO>{case_id}</xdomea:IDSGO>"
        f"<xdomea:Erfolgreich>{'true' if ok else 'false'}</xdomea:Erfolgreich>{error}"
        "</xdomea:AbgegebenesObjekt></xdomea:Abgabe.ImportBestaetigen.0402>"
    ).encode()


def receipt_0403(process_id: uuid.UUID, version: str = "3.0.0") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        "<xdomea:Abgabe.EmpfangBestaetigen.0403 "
        f'xmlns:xdomea="urn:xoev-de:xdomea:schema:{version}">'
        + _head(version, process_id, "0403")
        + "</xdomea:Kopf></xdomea:Abgabe.EmpfangBestaetigen.0403>"
    ).encode()
