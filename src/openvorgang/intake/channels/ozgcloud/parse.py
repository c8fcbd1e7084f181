"""The OZG-Cloud intake contract: the ``formData`` JSON part with ``control`` and the form
items. Parsing only; no database access."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.formdata import FormItem, normalize_form_data
from openvorgang.cases.incoming import Applicant
from openvorgang.intake.applicant import applicant_from_items
from openvorgang.lib import jsonsafe
from openvorgang.lib.keys import is_leika


@dataclass(frozen=True)
class OzgSubmission:
    transaction_id: str
    oe_id: str
    ars: str
    leika_ids: list[str]
    form_id: str
    form_name: str
    applicant: Applicant
    form_data: list[FormItem]
    control: dict[str, Any] = field(default_factory=dict)


def parse_form_data(raw: bytes | str) -> OzgSubmission:
    try:
        document = jsonsafe.loads(raw)
    except jsonsafe.JsonRefused as exc:
        raise InvalidInput(
            gettext("formData%(path)s: %(reason)s") % {"path": exc.path, "reason": exc.reason}
        ) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            gettext("formData ist kein gültiges JSON: %(exc)s") % {"exc": exc}
        ) from exc
    if not isinstance(document, dict):
        raise InvalidInput(
            gettext("formData muss ein JSON-Objekt mit 'control' und 'formData' sein.")
        )
    control = document.get("control")
    if not isinstance(control, dict):
        raise InvalidInput(gettext("formData.control fehlt oder ist kein Objekt."))
    transaction_id = control.get("transactionId")
    if not isinstance(transaction_id, str) or not transaction_id.strip():
        raise InvalidInput(gettext("control.transactionId fehlt oder ist leer."))
    if len(transaction_id) > 200:
        raise InvalidInput(gettext("control.transactionId ist länger als 200 Zeichen."))
    oe_id = _optional_str(control, "zustaendigeStelle")
    leika_ids = control.get("leikaIds", [])
    if not isinstance(leika_ids, list) or not all(is_leika(k) for k in leika_ids):
        raise InvalidInput(
            gettext("control.leikaIds muss eine Liste 14-stelliger Leistungsschlüssel sein.")
        )
    if "formData" not in document:
        raise InvalidInput(gettext("formData.formData fehlt."))
    items = normalize_form_data(document["formData"])
    konto = control.get("serviceKonto") or {}
    if not isinstance(konto, dict):
        raise InvalidInput(gettext("control.serviceKonto muss ein Objekt sein."))
    postfach = konto.get("postfachAddress") or {}
    if not isinstance(postfach, dict):
        raise InvalidInput(gettext("control.serviceKonto.postfachAddress muss ein Objekt sein."))
    applicant = applicant_from_items(
        items,
        mailbox_ref=str(postfach.get("identifier") or ""),
        mailbox_type=str(konto.get("type") or ""),
        trust_level=str(konto.get("trustLevel") or ""),
    )
    return OzgSubmission(
        transaction_id=transaction_id.strip(),
        oe_id=oe_id,
        # Not part of the OZG-Cloud contract; some senders add the region key of the place.
        ars=_optional_str(control, "ars") or _optional_str(control, "regionalschluessel"),
        leika_ids=list(leika_ids),
        form_id=_optional_str(control, "formId"),
        form_name=_optional_str(control, "name"),
        applicant=applicant,
        form_data=items,
        control=control,
    )


def _optional_str(control: dict[str, Any], key: str) -> str:
    value = control.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise InvalidInput(gettext("control.%(key)s muss ein Text sein.") % {"key": key})
    return str(value)
