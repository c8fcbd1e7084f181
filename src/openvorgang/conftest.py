"""Shared fixtures: a tenant with two org units and a person for every role, plus a second,
foreign tenant for isolation tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from openvorgang.accounts.models import Role, User
from openvorgang.tenants.models import OrgUnit, Tenant
from openvorgang.testing import clamd as clamd_double
from openvorgang.testing.factories import OrgUnitFactory, TenantFactory, UserFactory


@pytest.fixture(autouse=True)
def _german_by_default() -> Iterator[None]:
    """Every test starts in the installation's language (German): a request answered in
    English by an earlier test in the same process leaves English active in that thread,
    which would otherwise decide the language of the next test's messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Every test starts with an empty cache: rate-limit and lock counters of one test never
    reach another that runs later in the same process."""
    from django.core.cache import cache

    cache.clear()


@dataclass
class World:
    tenant: Tenant
    unit: OrgUnit
    other_unit: OrgUnit
    poststelle: User
    caseworker: User
    colleague: User
    other_unit_caseworker: User
    deleter: User
    admin: User
    operator: User
    foreign_tenant: Tenant
    foreign_unit: OrgUnit
    foreign_caseworker: User
    foreign_poststelle: User


@pytest.fixture
def world(db: None) -> World:
    tenant = TenantFactory(name="Stadt Musterhausen", case_number_prefix="MH")
    unit = OrgUnitFactory(tenant=tenant, name="Gewerbeamt")
    other_unit = OrgUnitFactory(tenant=tenant, name="Bauamt")
    foreign = TenantFactory(name="Gemeinde Anderswo", case_number_prefix="AW")
    foreign_unit = OrgUnitFactory(tenant=foreign, name="Ordnungsamt")
    return World(
        tenant=tenant,
        unit=unit,
        other_unit=other_unit,
        poststelle=UserFactory(tenant=tenant, username="post", roles=[Role.POSTSTELLE]),
        caseworker=UserFactory(tenant=tenant, username="sb", org_units=[unit]),
        colleague=UserFactory(tenant=tenant, username="sb2", org_units=[unit]),
        other_unit_caseworker=UserFactory(tenant=tenant, username="bau", org_units=[other_unit]),
        deleter=UserFactory(tenant=tenant, username="del", roles=[Role.LOESCHBERECHTIGT]),
        admin=UserFactory(tenant=tenant, username="admin", roles=[Role.MANDANTEN_ADMIN]),
        operator=UserFactory(tenant=tenant, username="land", roles=[Role.LAND_BETRIEB]),
        foreign_tenant=foreign,
        foreign_unit=foreign_unit,
        foreign_caseworker=UserFactory(tenant=foreign, username="fremd", org_units=[foreign_unit]),
        foreign_poststelle=UserFactory(
            tenant=foreign, username="fremdpost", roles=[Role.POSTSTELLE]
        ),
    )


@pytest.fixture
def disk() -> set[Any]:
    """The stored files before the test, for ``testing.storage.assert_nothing_stored``."""
    from openvorgang.testing.storage import stored_files

    return stored_files()


@pytest.fixture(scope="session")
def clamd_server() -> Iterator[clamd_double.Clamd]:
    """Debian's clamd with a local EICAR signature, one per test process."""
    server = clamd_double.start()
    yield server
    server.stop()


@pytest.fixture
def scanner(settings: Any, clamd_server: clamd_double.Clamd) -> clamd_double.Clamd:
    """Virus scanning switched on against the test clamd."""
    settings.OPENVORGANG_CLAMD = clamd_server.address
    return clamd_server


@pytest.fixture
def api() -> APIClient:
    return APIClient()
