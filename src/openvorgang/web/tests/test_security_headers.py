"""Security headers: a CSP without inline script on every page, frame-ancestors matching
X-Frame-Options, nosniff, referrer policy, no-store on pages with personal data; production
settings pass Django's deployment checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.test import Client

from openvorgang.testing.factories import make_case


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_pages_carry_a_strict_policy(world):
    case = make_case(org_unit=world.unit)
    answer = _client(world.caseworker).get(f"/vorgaenge/{case.pk}/")
    csp = answer["Content-Security-Policy"]
    script = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "unsafe-inline" not in script
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert answer["X-Frame-Options"] == "DENY"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Referrer-Policy"] == "same-origin"
    assert answer["Cache-Control"] == "no-store"
    assert "camera=()" in answer["Permissions-Policy"]


def test_no_inline_script_or_style_in_templates():
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        if template.name in ("letter.html", "protocol.html"):  # PDF sources, never served
            continue
        text = template.read_text(encoding="utf-8")
        if "<style" in text or ' style="' in text or ("<script" in text and "src=" not in text):
            offenders.append(str(template.relative_to(root)))
    assert offenders == []


def test_downloads_keep_their_sandbox_and_framed_previews_allow_self(world):
    case = make_case(org_unit=world.unit)
    stored = case.files.get(kind="representation")
    client = _client(world.caseworker)
    download = client.get(f"/vorgaenge/{case.pk}/dateien/{stored.pk}/")
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    admin = _client(world.admin)
    preview = admin.post(
        "/verwaltung/bescheidvorlagen/vorschau/",
        {"kind": "approval", "subject": "x", "body": "{{ gibtsnicht }}"},
    )
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]


def test_production_settings_pass_the_deployment_checks(tmp_path):
    src = Path(__file__).resolve().parents[3]
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "DJANGO_SETTINGS_MODULE": "openvorgang.conf.production",
        "OPENVORGANG_SECRET_KEY": secrets.token_urlsafe(60),
        "OPENVORGANG_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    done = subprocess.run(
        [sys.executable, "-m", "openvorgang", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
