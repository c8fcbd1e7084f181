"""What an import file holds: its rows (CSV or JSON, one kind per CSV file, recognised by the
header) and the report of checking and writing them."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

KINDS = ("regions", "services", "org_units", "responsibilities", "deadlines")
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (required columns, optional columns)
    "regions": (("ars", "name", "kind"), ("ags", "parent_ars")),
    "services": (("leika_key", "name"), ("group",)),
    "org_units": (("tenant", "oe_id", "name"), ("email", "default", "active")),
    "responsibilities": (("leika_key", "ars", "oe_id"), ("active", "note")),
    # processing deadlines: the Land's (tenant empty) or a tenant's; see deadline_rules
    "deadlines": (
        ("leika_key", "amount", "unit"),
        ("tenant", "starts", "fiction", "extension", "legal_basis", "applies", "note"),
    ),
}
OE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
TRUE_WORDS, FALSE_WORDS = (
    {"1", "true", "ja", "yes", "wahr"},
    {"0", "false", "nein", "no", "falsch", ""},
)


class ImportError_(Exception):
    """The file as a whole cannot be read (unknown format, no known header …)."""


@dataclass
class Row:
    kind: str
    where: str  # "Zeile 7" or "responsibilities[3]"
    data: dict[str, str]


@dataclass
class Report:
    dry_run: bool
    errors: list[dict[str, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    summary: dict[str, dict[str, int]] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def count(self, kind: str, what: str) -> None:
        bucket = self.summary.setdefault(kind, {"create": 0, "update": 0, "unchanged": 0})
        bucket[what] += 1

    def error(self, row: Row, message: str) -> None:
        self.errors.append({"where": row.where, "kind": row.kind, "message": message})

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "written": self.written,
            "summary": self.summary,
            "errors": self.errors,
            "ignored_columns": self.ignored_columns,
            "changes": self.changes[:200],
            "more_changes": max(0, len(self.changes) - 200),
        }


# --- reading --------------------------------------------------------------------------------


def read_rows(content: bytes, *, name: str = "") -> tuple[list[Row], list[str]]:
    """The rows of a CSV or JSON file and the columns that were ignored."""
    text = _decode(content)
    stripped = text.lstrip()
    if name.lower().endswith(".json") or stripped.startswith(("{", "[")):
        return _json_rows(stripped), []
    return _csv_rows(text)


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_(
            gettext("Die Datei ist nicht UTF-8-kodiert (Byte %(start)s).") % {"start": exc.start}
        ) from exc


def _json_rows(text: str) -> list[Row]:
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise ImportError_(gettext("Kein gültiges JSON: %(exc)s") % {"exc": exc}) from exc
    if not isinstance(document, dict) or not set(document) & set(KINDS):
        raise ImportError_(
            gettext("JSON-Objekt mit mindestens einem von %(sections)s erwartet.")
            % {"sections": ", ".join(KINDS)}
        )
    unknown = sorted(set(document) - set(KINDS) - {"format", "exported_at"})
    if unknown:
        raise ImportError_(
            gettext("Unbekannte Abschnitte: %(sections)s.") % {"sections": ", ".join(unknown)}
        )
    rows = []
    for kind in KINDS:
        entries = document.get(kind, [])
        if not isinstance(entries, list):
            raise ImportError_(gettext("„%(kind)s“ muss eine Liste sein.") % {"kind": kind})
        for index, entry in enumerate(entries):
            where = f"{kind}[{index}]"
            if not isinstance(entry, dict):
                rows.append(Row(kind, where, {"__error__": "Objekt erwartet"}))
                continue
            rows.append(Row(kind, where, {str(k): _text(v) for k, v in entry.items()}))
    return rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _csv_rows(text: str) -> tuple[list[Row], list[str]]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration as exc:
        raise ImportError_(gettext("Die Datei ist leer.")) from exc
    kind = _kind_of(header)
    required, optional = COLUMNS[kind]
    ignored = [h for h in header if h not in required + optional]
    rows = []
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            rows.append(
                Row(
                    kind,
                    f"Zeile {line}",
                    {"__error__": f"{len(record)} statt {len(header)} Spalten"},
                )
            )
            continue
        rows.append(
            Row(kind, f"Zeile {line}", {h: c.strip() for h, c in zip(header, record, strict=True)})
        )
    return rows, ignored


def _kind_of(header: list[str]) -> str:
    for kind, (required, _) in COLUMNS.items():
        if set(required) <= set(header):
            return kind
    raise ImportError_(
        "Unbekannte Kopfzeile. Erwartet wird eine von: "
        + " | ".join(",".join(req) for req, _ in COLUMNS.values())
    )
