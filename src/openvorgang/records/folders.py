"""The folders a tenant's drop-folder connectors may write to and read receipts from: only
below the tenant's root, which the operator sets (``OPENVORGANG_FOLDER_ROOT``, with
``{tenant}`` for the tenant's short name, e.g. ``/srv/openvorgang/ablage/{tenant}``). Paths
are compared after resolving symbolic links and ``..``, when the admin saves them and again
whenever the worker uses them, so one tenant can never reach another's folder."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from openvorgang.tenants.models import Tenant


class FolderRefused(ValueError):
    """The folder lies outside the tenant's root (a German message)."""


def tenant_root(tenant: Tenant) -> Path:
    return Path(settings.OPENVORGANG_FOLDER_ROOT.format(tenant=tenant.slug))


def confined(path: str, *, tenant: Tenant) -> Path:
    """``path`` resolved, if it lies in the tenant's root (or is the root itself)."""
    if not path.startswith("/"):
        raise FolderRefused(_("Bitte einen absoluten Pfad angeben."))
    root = tenant_root(tenant).resolve()
    resolved = Path(path).resolve()
    if resolved != root and root not in resolved.parents:
        message = _("Der Ordner muss unterhalb von %(root)s liegen")
        raise FolderRefused(message % {"root": root} + _(" (vom Betrieb festgelegt)."))
    return resolved
