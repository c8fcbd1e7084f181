"""Writes of tenants and org units. Idempotent: creating what exists updates it to the given
values and reports ``created: False``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from openvorgang.tenants.models import OrgUnit, Tenant


@dataclass(frozen=True)
class Upserted:
    created: bool
    changed: list[str]


def _apply(instance: Tenant | OrgUnit, values: dict[str, object]) -> list[str]:
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return changed


def tenant_upsert(
    *,
    name: str,
    kind: str,
    ars: str,
    slug: str | None = None,
    case_number_prefix: str | None = None,
    active: bool = True,
) -> tuple[Tenant, Upserted]:
    """Create or update the tenant identified by its slug (derived from the name if not given)."""
    slug = slug or german_slug(name)[:63]
    with transaction.atomic():
        tenant = Tenant.objects.select_for_update().filter(slug=slug).first()
        values: dict[str, object] = {"name": name, "kind": kind, "ars": ars, "active": active}
        if case_number_prefix:
            values["case_number_prefix"] = case_number_prefix
        if tenant is None:
            values.setdefault("case_number_prefix", _default_prefix(name))
            tenant = Tenant(slug=slug, **values)
            tenant.full_clean()
            tenant.save()
            return tenant, Upserted(created=True, changed=[])
        changed = _apply(tenant, values)
        if changed:
            tenant.full_clean()
            tenant.save()
        return tenant, Upserted(created=False, changed=changed)


_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def tenant_set_active(*, tenant: Tenant, active: bool) -> None:
    """A switched-off tenant keeps its data; new submissions for it go to the clearing inbox."""
    if tenant.active != active:
        tenant.active = active
        tenant.save(update_fields=["active", "updated_at"])


def german_slug(text: str) -> str:
    """A slug that spells umlauts the German way (Lütjenburg → luetjenburg)."""
    return slugify(text.translate(_GERMAN))


def _default_prefix(name: str) -> str:
    letters = "".join(ch for ch in german_slug(name).upper() if ch.isalnum())[:2] or "XX"
    candidate, n = letters, 1
    while Tenant.objects.filter(case_number_prefix=candidate).exists():
        n += 1
        candidate = f"{letters}{n}"
    return candidate


def orgunit_upsert(
    *,
    tenant: Tenant,
    name: str,
    oe_id: str,
    email: str = "",
    active: bool = True,
    is_default: bool | None = None,
) -> tuple[OrgUnit, Upserted]:
    """Create or update the org unit with the external id ``oe_id``. An id that belongs to
    another tenant is refused: ids are unique across the installation. ``is_default`` makes it
    the tenant's default org unit (the previous one stops being it); None leaves it as is."""
    with transaction.atomic():
        unit = OrgUnit.objects.select_for_update().filter(oe_id=oe_id).first()
        values: dict[str, object] = {"name": name, "email": email, "active": active}
        if is_default is not None:
            values["is_default"] = is_default
        if is_default:
            OrgUnit.objects.filter(tenant=tenant, is_default=True).exclude(oe_id=oe_id).update(
                is_default=False
            )
        if unit is None:
            unit = OrgUnit(tenant=tenant, oe_id=oe_id, **values)
            unit.full_clean()
            unit.save()
            return unit, Upserted(created=True, changed=[])
        if unit.tenant_id != tenant.pk:
            raise ValueError(
                f"Die OrganisationsEinheitID {oe_id!r} gehört bereits zu einem anderen Mandanten."
            )
        changed = _apply(unit, values)
        if changed:
            unit.full_clean()
            unit.save()
        return unit, Upserted(created=False, changed=changed)
