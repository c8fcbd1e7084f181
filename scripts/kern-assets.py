"""Copy the pinned KERN UX design system (frontend/node_modules/@kern-ux/native, installed by
`npm ci --prefix frontend`) into the app's static files: the CSS, the Fira Sans faces the CSS
uses, and the licence. The copy is committed so that the Python package serves it without
Node; web/tests/test_kern_assets.py fails when it differs from the pinned package."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "frontend" / "node_modules" / "@kern-ux" / "native"
TARGET = ROOT / "src" / "openvorgang" / "web" / "static" / "kern"


def files() -> list[str]:
    """The package files the app serves, relative to the package root."""
    fonts = (PACKAGE / "dist" / "fonts" / "fira-sans.css").read_text()
    faces = sorted(set(re.findall(r'url\("\./([^"]+)"\)', fonts)))
    return ["LICENSE.md", "dist/kern.min.css", "dist/fonts/fira-sans.css"] + [
        f"dist/fonts/{face}" for face in faces
    ]


def main() -> None:
    version = json.loads((PACKAGE / "package.json").read_text())["version"]
    shutil.rmtree(TARGET, ignore_errors=True)
    for name in files():
        target = TARGET / name.removeprefix("dist/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PACKAGE / name, target)
    (TARGET / "VERSION").write_text(version + "\n")
    print(f"KERN UX {version}: {len(files())} files in {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
