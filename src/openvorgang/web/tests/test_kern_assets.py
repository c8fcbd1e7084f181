"""The KERN UX files the app serves are exactly those of the pinned npm package (no edited
copy, no stale copy after a version bump), and every page loads them from our own origin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[4]
PACKAGE = ROOT / "frontend" / "node_modules" / "@kern-ux" / "native"
SERVED = Path(__file__).resolve().parents[1] / "static" / "kern"


def _pinned() -> str:
    return str(
        json.loads((ROOT / "frontend" / "package.json").read_text())["dependencies"][
            "@kern-ux/native"
        ]
    )


@pytest.fixture
def package() -> Path:
    if not PACKAGE.exists():
        pytest.fail(
            "frontend/node_modules is missing: run `make assets` (npm ci --prefix frontend)"
        )
    return PACKAGE


def test_the_served_copy_is_the_pinned_version(package: Path) -> None:
    installed = json.loads((package / "package.json").read_text())["version"]
    assert installed == _pinned()
    assert (SERVED / "VERSION").read_text().strip() == _pinned()


def test_every_served_file_equals_the_package_file(package: Path) -> None:
    served = [p for p in SERVED.rglob("*") if p.is_file() and p.name != "VERSION"]
    assert len(served) >= 12
    for path in served:
        relative = path.relative_to(SERVED).as_posix()
        source = package / (relative if relative == "LICENSE.md" else f"dist/{relative}")
        assert path.read_bytes() == source.read_bytes(), relative


def test_every_font_the_css_names_is_served() -> None:
    css = (SERVED / "fonts" / "fira-sans.css").read_text()
    for line in css.splitlines():
        if "url(" in line:
            name = line.split('url("./', 1)[1].split('"', 1)[0]
            assert (SERVED / "fonts" / name).exists(), name


def test_the_stylesheets_are_found_as_static_files() -> None:
    assert finders.find("kern/kern.min.css")
    assert finders.find("kern/fonts/fira-sans.css")
