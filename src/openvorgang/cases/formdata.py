"""The form data tree of a case: an ordered list of labelled items, each a group (with
``items``) or a value of type string, number, date or boolean. Keys a sender adds beyond these
are kept under ``extra``. Intake channels convert their formats into this shape."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext

from openvorgang.cases.errors import InvalidInput
from openvorgang.lib.text import unstorable_path

MAX_DEPTH = 40
MAX_ITEMS = 20_000
VALUE_TYPES = ("string", "number", "date", "boolean")
_OZG_VALUE_KEYS = {
    "stringValue": "string",
    "numberValue": "number",
    "dateValue": "date",
    "booleanValue": "boolean",
}
_KNOWN_KEYS = {"name", "label", "type", "value", "items", "formItems", "extra", *_OZG_VALUE_KEYS}

FormItem = dict[str, Any]


class NormalizedItems(list[FormItem]):
    """A tree that has been through ``normalize_form_data`` (not normalised again)."""


def normalize_form_data(items: object) -> list[FormItem]:
    """Validate and normalise a tree given in the native shape or the OZG-Cloud shape
    (``stringValue`` …, ``formItems``). Raises InvalidInput naming the path of a bad item."""
    if isinstance(items, NormalizedItems):
        return items
    if bad := unstorable_path(items, "formData"):
        raise InvalidInput(
            gettext("%(bad)s: enthält ein unzulässiges Steuerzeichen (NUL) oder Ersatzzeichen.")
            % {"bad": bad}
        )
    counter = [0]
    return NormalizedItems(_normalize_list(items, path="formData", depth=0, counter=counter))


def _normalize_list(items: object, *, path: str, depth: int, counter: list[int]) -> list[FormItem]:
    if not isinstance(items, list):
        raise InvalidInput(
            gettext("%(path)s: Liste von Formularfeldern erwartet.") % {"path": path}
        )
    if depth > MAX_DEPTH:
        raise InvalidInput(
            gettext("%(path)s: Formulardaten sind tiefer als %(max_depth)s Ebenen verschachtelt.")
            % {"path": path, "max_depth": MAX_DEPTH}
        )
    return [
        _normalize_item(item, path=f"{path}[{i}]", depth=depth, counter=counter)
        for i, item in enumerate(items)
    ]


def _normalize_item(item: object, *, path: str, depth: int, counter: list[int]) -> FormItem:
    counter[0] += 1
    if counter[0] > MAX_ITEMS:
        raise InvalidInput(
            gettext("Formulardaten enthalten mehr als %(max_items)s Felder.")
            % {"max_items": MAX_ITEMS}
        )
    if not isinstance(item, dict):
        raise InvalidInput(gettext("%(path)s: Objekt erwartet.") % {"path": path})
    name = item.get("name", "")
    label = item.get("label", "") or ""
    if not isinstance(name, str) or not isinstance(label, str):
        raise InvalidInput(
            gettext("%(path)s: 'name' und 'label' müssen Texte sein.") % {"path": path}
        )
    children = item.get("items", item.get("formItems"))
    kind, value = _value_of(item, path=path)
    extra = {k: v for k, v in item.items() if k not in _KNOWN_KEYS}
    if isinstance(item.get("extra"), dict):
        extra = {**item["extra"], **extra}
    if isinstance(item.get("type"), str) and item["type"] not in (*VALUE_TYPES, "group"):
        extra.setdefault("type", item["type"])
    node: FormItem = {"name": name, "label": label or name}
    if children is not None or kind is None:
        node["type"] = "group"
        node["items"] = _normalize_list(
            children if children is not None else [],
            path=f"{path}.items",
            depth=depth + 1,
            counter=counter,
        )
        if kind is not None:
            node["value"] = value
    else:
        node["type"] = kind
        node["value"] = value
    if extra:
        node["extra"] = extra
    return node


def _value_of(item: dict[str, Any], *, path: str) -> tuple[str | None, Any]:
    for key, kind in _OZG_VALUE_KEYS.items():
        if key in item:
            return kind, _check_value(kind, item[key], path=f"{path}.{key}")
    declared = item.get("type")
    if "value" in item and declared in VALUE_TYPES:
        return declared, _check_value(declared, item["value"], path=f"{path}.value")
    if "value" in item and declared in (None, ""):
        return _infer(item["value"], path=path)
    return None, None


def _infer(value: Any, *, path: str) -> tuple[str, Any]:
    if isinstance(value, bool):
        return "boolean", value
    if isinstance(value, int | float):
        return "number", value
    if isinstance(value, str) or value is None:
        return "string", value
    raise InvalidInput(
        gettext("%(path)s.value: Wert hat einen nicht unterstützten Typ.") % {"path": path}
    )


def _check_value(kind: str, value: Any, *, path: str) -> Any:
    if value is None:
        return None
    if kind == "string" and isinstance(value, str):
        return value
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if kind == "number" and isinstance(value, str):
        try:
            return float(value) if any(c in value for c in ".eE") else int(value)
        except ValueError:
            pass
    if kind == "boolean" and isinstance(value, bool):
        return value
    if kind == "date" and isinstance(value, str):
        try:
            dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
        else:
            return value
    raise InvalidInput(
        gettext("%(path)s: Wert passt nicht zum Typ %(kind)s.") % {"path": path, "kind": kind}
    )


def iter_values(items: list[FormItem], prefix: tuple[str, ...] = ()) -> list[tuple[str, Any]]:
    """Flatten to (label path, value) pairs, e.g. for search indexing or the history protocol."""
    out: list[tuple[str, Any]] = []
    for node in items:
        path = (*prefix, node.get("label") or node.get("name", ""))
        if node.get("type") == "group":
            if node.get("value") is not None:
                out.append((" › ".join(path), node["value"]))
            out.extend(iter_values(node.get("items", []), path))
        else:
            out.append((" › ".join(path), node.get("value")))
    return out
