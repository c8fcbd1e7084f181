"""The committed English catalogue (.mo) is the compiled .po: a changed translation that was
not compiled (`make messages`) would show German in the English UI."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def _catalog(mo: Path) -> dict[object, str]:
    with mo.open("rb") as stream:
        return dict(gettext.GNUTranslations(stream)._catalog)  # type: ignore[attr-defined]


def test_the_committed_mo_matches_the_po(tmp_path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (Debian package gettext) is installed by scripts/system-deps"
    for po in LOCALE.glob("*/LC_MESSAGES/django.po"):
        compiled = tmp_path / f"{po.parent.parent.name}.mo"
        subprocess.run([msgfmt, "--check-format", "-o", str(compiled), str(po)], check=True)  # noqa: S603
        committed = _catalog(po.with_suffix(".mo"))
        fresh = _catalog(compiled)
        changed = sorted(str(k) for k in fresh.keys() ^ committed.keys())
        changed += sorted(
            str(k) for k in fresh.keys() & committed.keys() if fresh[k] != committed[k]
        )
        assert not changed, f"{po}: run make messages ({changed[:5]})"
