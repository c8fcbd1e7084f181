"""Supply chain: every dependency in pyproject.toml is pinned with hashes in the lock files,
every pin carries a hash (so `pip install --require-hashes` accepts nothing else), and the
environment the tests run in is the one the development lock describes."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[4]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)")


def _pins(name: str) -> dict[str, tuple[str, int]]:
    """package -> (version, number of hashes)"""
    pins: dict[str, tuple[str, int]] = {}
    current = ""
    for line in (ROOT / "requirements" / name).read_text().splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match.group(1))
            pins[current] = (match.group(2), 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def _names(requirements: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in requirements}


@pytest.mark.parametrize(("lock", "extras"), [("dev.lock", ["dev"]), ("production.lock", ["s3"])])
def test_every_dependency_is_pinned_with_hashes(lock, extras):
    pins = _pins(lock)
    wanted = _names(PROJECT["dependencies"])
    for extra in extras:
        wanted |= _names(PROJECT["optional-dependencies"][extra])
    assert wanted - set(pins) == set(), f"not in {lock}: run make lock"
    assert [name for name, (_, hashes) in pins.items() if hashes == 0] == []


def test_production_lock_has_no_development_tools():
    assert not {"pytest", "ruff", "mypy", "semgrep"} & set(_pins("production.lock"))


def test_the_test_environment_is_the_locked_one():
    pins = _pins("dev.lock")
    different = {
        name: (version, metadata.version(name))
        for name, (version, _) in pins.items()
        if _installed(name) and metadata.version(name) != version
    }
    assert different == {}, "run make install (the environment differs from the lock)"
    missing = [name for name in _names(PROJECT["dependencies"]) if not _installed(name)]
    assert missing == []


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True
