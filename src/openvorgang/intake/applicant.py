"""The applicant's name and address, found in a form data tree (forms name the fields
freely; the usual German and English names are recognised)."""

from __future__ import annotations

from openvorgang.cases.formdata import FormItem
from openvorgang.cases.incoming import Applicant


def applicant_from_items(
    items: list[FormItem],
    *,
    mailbox_ref: str = "",
    mailbox_type: str = "",
    trust_level: str = "",
    email: str = "",
    decision_consent: bool | None = None,
) -> Applicant:
    values = _values_by_name(items)
    first, last = values.get("vorname", ""), values.get("nachname", "")
    return Applicant(
        name=" ".join(p for p in (first, last) if p) or values.get("name", ""),
        street=values.get("strasse", ""),
        postal_code=values.get("plz", ""),
        city=values.get("ort", ""),
        email=values.get("email", "") or email,
        phone=values.get("telefon", ""),
        mailbox_ref=mailbox_ref,
        mailbox_type=mailbox_type,
        trust_level=trust_level,
        decision_consent=decision_consent,
    )


_ALIASES = {
    "vorname": "vorname",
    "firstname": "vorname",
    "givenname": "vorname",
    "nachname": "nachname",
    "familienname": "nachname",
    "lastname": "nachname",
    "surname": "nachname",
    "name": "name",
    "strasse": "strasse",
    "straße": "strasse",
    "street": "strasse",
    "plz": "plz",
    "postleitzahl": "plz",
    "postalcode": "plz",
    "ort": "ort",
    "wohnort": "ort",
    "city": "ort",
    "email": "email",
    "e-mail": "email",
    "emailadresse": "email",
    "mail": "email",
    "telefon": "telefon",
    "telefonnummer": "telefon",
    "phone": "telefon",
}


def _values_by_name(items: list[FormItem]) -> dict[str, str]:
    """The first value for each applicant field found in the tree (forms name them freely)."""
    found: dict[str, str] = {}

    def walk(nodes: list[FormItem]) -> None:
        for node in nodes:
            key = _ALIASES.get(str(node.get("name", "")).lower())
            value = node.get("value")
            if key and key not in found and isinstance(value, str) and value:
                found[key] = value
            walk(node.get("items", []))

    walk(items)
    return found
