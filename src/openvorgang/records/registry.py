"""The DMS and specialist-system connectors: one plugin folder each under ``connectors/``
(``dropfolder``, ``http``, ``webdav``) whose ``transport.py`` registers a
:class:`ConnectorPlugin` here and the outbox transport ``connector.<name>``. The connector's
kind choices (model, forms, the ``connector`` command) are the registered names, so a new
connector is one new folder and its name in ``PLUGINS``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.utils.functional import Promise
from django.utils.translation import gettext

from openvorgang.lib import egress
from openvorgang.lib.registry import Registry
from openvorgang.tenants.models import Tenant

PLUGINS = ("dropfolder", "http", "webdav")


class TargetRefused(ValueError):
    """The connector's target (folder or URL) is not allowed (a German message)."""


@dataclass(frozen=True)
class ConnectorPlugin:
    name: str
    label: str | Promise
    # Raise TargetRefused if ``target`` is not a place this tenant may send packages to;
    # called when a connector is saved (form, command) and by the transport before sending.
    check_target: Callable[[str, Tenant], object]


CONNECTORS: Registry[ConnectorPlugin] = Registry("Anbindung")


def register(plugin: ConnectorPlugin) -> ConnectorPlugin:
    return CONNECTORS.add(plugin.name, plugin)


def kind_choices() -> list[tuple[str, str]]:
    """The model field's choices (a callable: evaluated when used, after the plugins loaded)."""
    return CONNECTORS.choices()


def transport_name(kind: str) -> str:
    return f"connector.{kind}"


def check_target(kind: str, target: str, *, tenant: Tenant) -> None:
    plugin = CONNECTORS.get(kind)
    if plugin is None:
        raise TargetRefused(gettext("Unbekannte Art der Anbindung: %(kind)s") % {"kind": kind})
    plugin.check_target(target, tenant)


def check_url(target: str, tenant: Tenant) -> None:
    """For connectors that send to a URL: http(s), to an address the egress rules allow."""
    if not target.startswith(("https://", "http://")):
        raise TargetRefused(gettext("Für HTTP und WebDAV eine URL angeben."))
    try:
        egress.check_url(target)
    except egress.EgressRefused as exc:
        raise TargetRefused(str(exc)) from exc


def load_plugins() -> None:
    for name in PLUGINS:
        import_module(f"openvorgang.records.connectors.{name}.transport")
