from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from openvorgang.records.models import Connector, Purpose


@pytest.fixture(autouse=True)
def _folders_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Drop folders of the records tests live in the test's own directory (shared by its
    tenants; the confinement tests set a root per tenant)."""
    settings.OPENVORGANG_FOLDER_ROOT = str(tmp_path)


@pytest.fixture
def make_connector(world: Any) -> Callable[..., Connector]:
    def make(**kwargs: Any) -> Connector:
        defaults = {
            "tenant": world.tenant,
            "name": "E-Akte",
            "purpose": Purpose.DMS,
            "kind": "dropfolder",
            "target": "/nonexistent",
        }
        return Connector.objects.create(**{**defaults, **kwargs})

    return make
