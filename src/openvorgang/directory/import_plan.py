"""What an import would change, checked against the database and the file itself, then
applied (or only counted, for a dry run)."""

from __future__ import annotations

from typing import Any

from openvorgang.directory.deadline_rules import RuleValues, rule_replace
from openvorgang.directory.import_rows import (
    COLUMNS,
    FALSE_WORDS,
    OE_ID,
    TRUE_WORDS,
    Report,
    Row,
)
from openvorgang.directory.models import (
    DeadlineRule,
    DeadlineStart,
    Region,
    RegionKind,
    Responsibility,
    Service,
)
from openvorgang.lib import keys
from openvorgang.tenants.models import OrgUnit, Tenant


class Plan:
    """What the file would change, checked against the database and the file itself."""

    def __init__(self, report: Report, tenant: Tenant | None, actor_name: str = "") -> None:
        self.report = report
        self.tenant = tenant
        self.actor_name = actor_name or "Verzeichnis-Import"
        self.regions = {r.ars: r for r in Region.objects.select_related("parent")}
        self.db_regions = set(self.regions)
        self.services = {s.leika_key: s for s in Service.objects.all()}
        self.units = {u.oe_id: u for u in OrgUnit.objects.select_related("tenant")}
        self.tenants = {t.slug: t for t in Tenant.objects.all()}
        self.tenants_by_ars: dict[str, list[Tenant]] = {}
        for t in self.tenants.values():
            self.tenants_by_ars.setdefault(t.ars, []).append(t)
        self.rules = {
            (r.service.leika_key, r.region.ars, r.org_unit.oe_id): r
            for r in Responsibility.objects.select_related("service", "region", "org_unit")
        }
        self.new_regions: dict[str, dict[str, str]] = {}
        self.new_services: dict[str, dict[str, str]] = {}
        self.new_units: dict[str, dict[str, Any]] = {}
        self.new_rules: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.new_deadlines: dict[tuple[str, str], tuple[Tenant | None, RuleValues, str]] = {}
        self.seen: set[tuple[str, str]] = set()
        self.write = False

    def _first(self, row: Row, key: str) -> bool:
        if (row.kind, key) in self.seen:
            self.report.error(row, f"{key} kommt in der Datei mehrfach vor")
            return False
        self.seen.add((row.kind, key))
        return True

    def _land_only(self, row: Row) -> bool:
        if self.tenant is not None:
            self.report.error(row, "Regionen und Leistungen pflegt nur der Land-Betrieb")
            return False
        return True

    def _missing(self, row: Row) -> bool:
        required, _ = COLUMNS[row.kind]
        missing = [c for c in required if not row.data.get(c)]
        if missing:
            self.report.error(row, f"Pflichtangabe fehlt: {', '.join(missing)}")
        return bool(missing)

    # regions

    def check_regions(self, row: Row) -> None:
        if not self._land_only(row) or self._missing(row):
            return
        d = row.data
        ars, ags, kind, parent = d["ars"], d.get("ags", ""), d["kind"], d.get("parent_ars", "")
        problems = []
        if not keys.is_ars(ars):
            problems.append(f"ARS {ars!r} hat nicht 12 Ziffern")
        if ags and not keys.is_ags(ags):
            problems.append(f"AGS {ags!r} hat nicht 2, 5 oder 8 Ziffern")
        if kind not in RegionKind.values:
            problems.append(f"Art {kind!r} unbekannt (erlaubt: {', '.join(RegionKind.values)})")
        if parent and not keys.is_ars(parent):
            problems.append(f"übergeordneter ARS {parent!r} hat nicht 12 Ziffern")
        if parent == ars:
            problems.append("eine Region kann nicht ihre eigene übergeordnete sein")
        if len(d["name"]) > 200:
            problems.append("Name länger als 200 Zeichen")
        if problems:
            self.report.error(row, "; ".join(problems))
            return
        if self._first(row, ars):
            self.new_regions[ars] = {
                "ags": ags, "name": d["name"], "kind": kind, "parent": parent, "where": row.where,
            }  # fmt: skip

    # services

    def check_services(self, row: Row) -> None:
        if not self._land_only(row) or self._missing(row):
            return
        key, name = row.data["leika_key"], row.data["name"]
        if not keys.is_leika(key):
            self.report.error(row, f"Leistungsschlüssel {key!r} hat nicht 14 Ziffern")
            return
        if len(name) > 300:
            self.report.error(row, "Name länger als 300 Zeichen")
            return
        if self._first(row, key):
            self.new_services[key] = {"name": name, "group": row.data.get("group", "")[:200]}

    # org units

    def check_org_units(self, row: Row) -> None:
        if self._missing(row):
            return
        d = row.data
        tenant = self._tenant(d["tenant"])
        problems = []
        if tenant is None:
            problems.append(f"Mandant {d['tenant']!r} unbekannt (Kurzname oder eindeutiger ARS)")
        elif self.tenant is not None and tenant.pk != self.tenant.pk:
            problems.append("Organisationseinheiten anderer Mandanten sind nicht erlaubt")
        if not OE_ID.match(d["oe_id"]):
            problems.append(f"OrganisationsEinheitID {d['oe_id']!r} ist ungültig")
        existing = self.units.get(d["oe_id"])
        if existing is not None and tenant is not None and existing.tenant_id != tenant.pk:
            problems.append(
                f"OrganisationsEinheitID {d['oe_id']} gehört schon zu {existing.tenant.name}"
            )
        flags = {}
        for column, default in (("default", False), ("active", True)):
            value = d.get(column, "").lower()
            if value and value not in TRUE_WORDS | FALSE_WORDS:
                problems.append(f"{column} {value!r} ist weder ja noch nein")
            flags[column] = default if not value else value in TRUE_WORDS
        if problems:
            self.report.error(row, "; ".join(problems))
            return
        if self._first(row, d["oe_id"]):
            assert tenant is not None
            self.new_units[d["oe_id"]] = {
                "tenant": tenant, "name": d["name"][:200], "email": d.get("email", ""),
                "is_default": flags["default"], "active": flags["active"], "where": row.where,
            }  # fmt: skip

    def _tenant(self, key: str) -> Tenant | None:
        if key in self.tenants:
            return self.tenants[key]
        matches = self.tenants_by_ars.get(key, [])
        return matches[0] if len(matches) == 1 else None

    # responsibilities

    def check_responsibilities(self, row: Row) -> None:
        if self._missing(row):
            return
        d = row.data
        key, ars, oe_id = d["leika_key"], d["ars"], d["oe_id"]
        problems = []
        if key not in self.services and key not in self.new_services:
            problems.append(f"Leistungsschlüssel {key} ist nicht im Verzeichnis")
        if ars not in self.regions and ars not in self.new_regions:
            problems.append(f"Region {ars} ist nicht im Verzeichnis")
        unit = self.units.get(oe_id)
        unit_tenant = unit.tenant if unit else self.new_units.get(oe_id, {}).get("tenant")
        if unit_tenant is None:
            problems.append(f"OrganisationsEinheitID {oe_id} unbekannt")
        elif self.tenant is not None and unit_tenant.pk != self.tenant.pk:
            problems.append("Zuständigkeiten anderer Mandanten sind nicht erlaubt")
        active = d.get("active", "").lower()
        if active and active not in TRUE_WORDS | FALSE_WORDS:
            problems.append(f"active {active!r} ist weder ja noch nein")
        if problems:
            self.report.error(row, "; ".join(problems))
            return
        if self._first(row, f"{key}/{ars}/{oe_id}"):
            self.new_rules[(key, ars, oe_id)] = {
                "active": (active or "true") in TRUE_WORDS, "note": d.get("note", "")[:300],
            }  # fmt: skip

    # processing deadlines

    def check_deadlines(self, row: Row) -> None:
        if self._missing(row):
            return
        d = row.data
        problems: list[str] = []
        key, slug = d["leika_key"], d.get("tenant", "")
        if key not in self.services and key not in self.new_services:
            problems.append(f"Leistungsschlüssel {key} ist nicht im Verzeichnis")
        tenant = self.tenant
        if slug:
            tenant = self._tenant(slug)
            if tenant is None:
                problems.append(f"Mandant {slug!r} unbekannt (Kurzname oder eindeutiger ARS)")
            elif self.tenant is not None and tenant.pk != self.tenant.pk:
                problems.append("Fristregeln anderer Mandanten sind nicht erlaubt")
        flags = {}
        for column, default in (("fiction", False), ("extension", False), ("applies", True)):
            value = d.get(column, "").lower()
            if value and value not in TRUE_WORDS | FALSE_WORDS:
                problems.append(f"{column} {value!r} ist weder ja noch nein")
            flags[column] = default if not value else value in TRUE_WORDS
        amount = int(d["amount"]) if d["amount"].isdigit() else 0
        values = RuleValues(
            amount=amount,
            unit=d["unit"].lower(),
            starts=(d.get("starts") or DeadlineStart.RECEIPT).lower(),
            fiction=flags["fiction"],
            extension_allowed=flags["extension"],
            legal_basis=d.get("legal_basis", ""),
            applies=flags["applies"],
        )
        problems += values.problems()
        if problems:
            self.report.error(row, "; ".join(problems))
            return
        scope = tenant.slug if tenant is not None else ""
        if self._first(row, f"{key}/{scope or 'Land'}"):
            self.new_deadlines[(key, scope)] = (tenant, values, d.get("note", "")[:300])

    # writing

    def apply(self, *, write: bool) -> None:
        """Count (and with ``write``, make) the changes."""
        self.write = write
        self._apply_regions()
        self._apply_services()
        self._apply_units()
        self._apply_rules()
        self._apply_deadlines()

    def _apply_deadlines(self) -> None:
        current = {
            (r.service.leika_key, r.tenant.slug if r.tenant else ""): r
            for r in DeadlineRule.objects.filter(valid_until__isnull=True).select_related(
                "service", "tenant"
            )
        }
        for (key, scope), (tenant, values, note) in self.new_deadlines.items():
            existing = current.get((key, scope))
            where = f"{key} ({scope or 'Land'})"
            if existing is not None and RuleValues.of(existing) == values:
                self.report.count("deadlines", "unchanged")
                continue
            if self.write:
                rule_replace(
                    service=self.services[key],
                    tenant=tenant,
                    values=values,
                    changed_by_name=self.actor_name,
                    note=note or "Import",
                )
            self.report.count("deadlines", "create" if existing is None else "update")
            self.report.changes.append(
                f"Fristregel {where} {'neu' if existing is None else 'geändert'}"
            )

    def check_region_parents(self) -> None:
        for ars, values in self.new_regions.items():
            parent = values["parent"]
            if parent and parent not in self.regions and parent not in self.new_regions:
                self.report.errors.append(
                    {
                        "where": values["where"],
                        "kind": "regions",
                        "message": f"übergeordnete Region {parent} ist unbekannt ({ars})",
                    }
                )

    def _apply_regions(self) -> None:
        report = self.report
        for ars, values in self.new_regions.items():
            existing = self.regions.get(ars)
            fields = {"ags": values["ags"], "name": values["name"], "kind": values["kind"]}
            if existing is None:
                if self.write:
                    self.regions[ars] = Region.objects.create(ars=ars, **fields)
                report.count("regions", "create")
                report.changes.append(f"Region {ars} {values['name']} neu")
            elif any(getattr(existing, k) != v for k, v in fields.items()):
                if self.write:
                    Region.objects.filter(pk=existing.pk).update(**fields)
                report.count("regions", "update")
                report.changes.append(f"Region {ars} geändert")
            else:
                report.count("regions", "unchanged")
        for ars, values in self.new_regions.items():
            region = self.regions.get(ars)
            parent = self.regions.get(values["parent"]) if values["parent"] else None
            if region is None or region.parent_id == (parent.pk if parent else None):
                continue
            if self.write:
                Region.objects.filter(pk=region.pk).update(parent=parent)
            if ars in self.db_regions:
                report.changes.append(f"Region {ars}: übergeordnete Region geändert")

    def _apply_services(self) -> None:
        for key, values in self.new_services.items():
            existing = self.services.get(key)
            if existing is None:
                if self.write:
                    self.services[key] = Service.objects.create(leika_key=key, **values)
                self.report.count("services", "create")
                self.report.changes.append(f"Leistung {key} {values['name']} neu")
            elif existing.name != values["name"] or existing.group != values["group"]:
                if self.write:
                    Service.objects.filter(pk=existing.pk).update(**values)
                self.report.count("services", "update")
                self.report.changes.append(f"Leistung {key} geändert")
            else:
                self.report.count("services", "unchanged")

    def _apply_units(self) -> None:
        for oe_id, values in self.new_units.items():
            fields = {k: v for k, v in values.items() if k != "where"}
            existing = self.units.get(oe_id)
            if fields["is_default"] and self.write:
                OrgUnit.objects.filter(tenant=fields["tenant"], is_default=True).exclude(
                    oe_id=oe_id
                ).update(is_default=False)
            if existing is None:
                if self.write:
                    self.units[oe_id] = OrgUnit.objects.create(oe_id=oe_id, **fields)
                self.report.count("org_units", "create")
                self.report.changes.append(f"Organisationseinheit {oe_id} {fields['name']} neu")
            elif any(getattr(existing, k) != v for k, v in fields.items()):
                if self.write:
                    OrgUnit.objects.filter(pk=existing.pk).update(**fields)
                self.report.count("org_units", "update")
                self.report.changes.append(f"Organisationseinheit {oe_id} geändert")
            else:
                self.report.count("org_units", "unchanged")

    def _apply_rules(self) -> None:
        for (key, ars, oe_id), values in self.new_rules.items():
            existing = self.rules.get((key, ars, oe_id))
            if existing is None:
                if self.write:
                    Responsibility.objects.create(
                        service=self.services[key],
                        region=self.regions[ars],
                        org_unit=self.units[oe_id],
                        **values,
                    )
                self.report.count("responsibilities", "create")
                self.report.changes.append(f"Zuständigkeit {key} @ {ars} → {oe_id} neu")
            elif existing.active != values["active"] or existing.note != values["note"]:
                if self.write:
                    Responsibility.objects.filter(pk=existing.pk).update(**values)
                self.report.count("responsibilities", "update")
                what = "aktiviert" if values["active"] else "abgeschaltet"
                if existing.active == values["active"]:
                    what = "geändert"
                self.report.changes.append(f"Zuständigkeit #{existing.pk} {what}")
            else:
                self.report.count("responsibilities", "unchanged")
