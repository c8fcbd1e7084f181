from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from openvorgang.records.models import Connector, ConnectorKind, Purpose


@pytest.fixture
def make_connector(world: Any) -> Callable[..., Connector]:
    def make(**kwargs: Any) -> Connector:
        defaults = {
            "tenant": world.tenant,
            "name": "E-Akte",
            "purpose": Purpose.DMS,
            "kind": ConnectorKind.DROPFOLDER,
            "target": "/nonexistent",
        }
        return Connector.objects.create(**{**defaults, **kwargs})

    return make
