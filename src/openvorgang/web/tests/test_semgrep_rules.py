"""The project's semgrep rules (.semgrep/rules.yml, run on the code by `make lint`) find what
they are for: SQL built from strings, mark_safe, |safe in templates, csrf_exempt outside the
machine endpoints; and they leave the safe forms alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
SEMGREP = Path(sys.executable).parent / "semgrep"

BAD_PY = """
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt


def f(name, Case):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM t WHERE name = '{name}'")  # line 10
        cursor.execute("SELECT * FROM t WHERE name = '%s'" % name)
        cursor.execute("SELECT * FROM t WHERE name = '" + name + "'")
    Case.objects.raw("SELECT * FROM cases WHERE x = {}".format(name))
    RawSQL(f"x = {name}", [])
    sql = f"SELECT {name}"
    cursor.execute(sql)
    return mark_safe(name)


@csrf_exempt
def view(request):
    return None
"""

GOOD_PY = """
from django.db import connection
from django.utils.html import format_html


def f(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM t WHERE name = %s", [name])
    return format_html("<b>{}</b>", name)
"""


def _findings(folder: Path) -> list[tuple[str, str, int]]:
    result = subprocess.run(  # noqa: S603 # nosec B603 - fixed command, test only
        [
            str(SEMGREP),
            "scan",
            "--config",
            str(ROOT / ".semgrep" / "rules.yml"),
            "--metrics=off",
            "--disable-version-check",
            "--json",
            "--quiet",
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr
    return [
        (r["check_id"].rsplit(".", 1)[-1], Path(r["path"]).name, r["start"]["line"])
        for r in json.loads(result.stdout)["results"]
    ]


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> list[tuple[str, str, int]]:
    folder = tmp_path_factory.mktemp("semgrep")
    (folder / "bad.py").write_text(BAD_PY)
    (folder / "good.py").write_text(GOOD_PY)
    (folder / "bad.html").write_text("<p>{{ applicant.name|safe }}</p>\n{% autoescape off %}x")
    (folder / "good.html").write_text("<p>{{ applicant.name }}</p>\n")
    return _findings(folder)


def test_sql_string_building_is_found(findings):
    lines = sorted(line for rule, name, line in findings if rule == "ov-no-sql-string-building")
    assert lines == [10, 11, 12, 13, 14, 16]


def test_mark_safe_and_csrf_exempt_are_found(findings):
    rules = {rule for rule, name, _ in findings if name == "bad.py"}
    assert {"ov-no-mark-safe", "ov-csrf-exempt-only-for-machine-endpoints"} <= rules


def test_safe_filters_in_templates_are_found(findings):
    lines = sorted(line for rule, name, line in findings if rule == "ov-no-safe-in-templates")
    assert lines == [1, 2]


def test_the_safe_forms_pass(findings):
    assert [f for f in findings if f[1].startswith("good.")] == []
