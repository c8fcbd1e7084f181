"""Reads of tenants and org units."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext

from openvorgang.tenants.models import Tenant


class TenantNotFound(LookupError):
    pass


def tenant_by_reference(reference: str) -> Tenant:
    """Find a tenant by its slug or its ARS (operators use either); an ARS that several tenants
    share (e.g. state agencies in one town) must be given as the slug."""
    matches = list(Tenant.objects.filter(Q(slug=reference) | Q(ars=reference))[:2])
    if not matches:
        raise TenantNotFound(
            gettext("Kein Mandant mit Kurzname oder ARS %(reference)r.") % {"reference": reference}
        )
    if len(matches) > 1:
        raise TenantNotFound(
            gettext("Mehrere Mandanten haben den ARS %(reference)r; bitte den Kurznamen angeben.")
            % {"reference": reference}
        )
    return matches[0]
