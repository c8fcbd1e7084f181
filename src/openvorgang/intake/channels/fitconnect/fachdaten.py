"""Fachdaten (JSON or XML) as the readable form data tree of a case. The original bytes are
kept unchanged as a document beside it."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # nosec B405 - types and writing only; parsing goes through defusedxml (lib/xmlsafe)
from typing import Any

from django.utils.translation import gettext

from openvorgang.cases.formdata import FormItem
from openvorgang.lib import jsonsafe
from openvorgang.lib.xmlsafe import local_name, parse_xml

MAX_DEPTH = 50


class FachdatenError(ValueError):
    pass


def form_tree(data: bytes, *, mime_type: str) -> list[FormItem]:
    if mime_type == "application/json":
        try:
            document = jsonsafe.loads(data)
        except jsonsafe.JsonRefused as exc:
            raise FachdatenError(
                gettext("Fachdaten%(path)s: %(reason)s") % {"path": exc.path, "reason": exc.reason}
            ) from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise FachdatenError(
                gettext("Fachdaten sind kein gültiges JSON: %(exc)s") % {"exc": exc}
            ) from exc
        return _json_items(document, depth=0)
    if mime_type == "application/xml":
        root = parse_xml(data)  # raises UnsafeXml (a ValueError) for DTDs, entities, garbage
        return [_xml_item(root, depth=0)]
    raise FachdatenError(
        gettext("Fachdaten-Format %(mime_type)s wird nicht unterstützt") % {"mime_type": mime_type}
    )


def _label(name: str) -> str:
    return name[:1].upper() + name[1:] if name else name


def _json_items(value: Any, *, depth: int) -> list[FormItem]:
    if depth > MAX_DEPTH:
        raise FachdatenError(gettext("Fachdaten sind zu tief verschachtelt"))
    if isinstance(value, dict):
        return [_json_item(str(k), v, depth=depth + 1) for k, v in value.items()]
    if isinstance(value, list):
        return [_json_item(str(i + 1), v, depth=depth + 1) for i, v in enumerate(value)]
    return [{"name": "wert", "label": "Wert", "value": _scalar(value)}]


def _json_item(name: str, value: Any, *, depth: int) -> FormItem:
    if isinstance(value, dict | list):
        return {"name": name, "label": _label(name), "items": _json_items(value, depth=depth)}
    return {"name": name, "label": _label(name), "value": _scalar(value)}


def _scalar(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def _xml_item(element: ET.Element, *, depth: int) -> FormItem:
    if depth > MAX_DEPTH:
        raise FachdatenError(gettext("Fachdaten sind zu tief verschachtelt"))
    name = local_name(element.tag)
    children: list[FormItem] = [
        {"name": f"@{local_name(k)}", "label": _label(local_name(k)), "value": v}
        for k, v in element.attrib.items()
    ]
    children += [_xml_item(child, depth=depth + 1) for child in element]
    text = (element.text or "").strip()
    if not children:
        return {"name": name, "label": _label(name), "value": text}
    if text:
        children.insert(0, {"name": "#text", "label": "Text", "value": text})
    return {"name": name, "label": _label(name), "items": children}
