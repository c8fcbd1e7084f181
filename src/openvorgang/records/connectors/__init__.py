"""DMS and specialist-system connectors: one plugin folder each (``dropfolder``, ``http``,
``webdav``) whose ``transport.py`` registers the outbox transport ``connector.<kind>``. A
transport sends the export's stored package and reports through ``records.services``."""

from __future__ import annotations

from importlib import import_module

PLUGINS = ("dropfolder", "http", "webdav")


def transport_name(kind: str) -> str:
    return f"connector.{kind}"


def load_plugins() -> None:
    for name in PLUGINS:
        import_module(f"openvorgang.records.connectors.{name}.transport")
