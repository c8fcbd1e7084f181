"""What a refused request must not leave behind: no case, no file row, no staged file, no
new file in the storage folder (shared by the tests of one process, hence the snapshot)."""

from __future__ import annotations

import pathlib

from django.core.files.storage import default_storage


def stored_files() -> set[pathlib.Path]:
    root = pathlib.Path(default_storage.path(""))
    return {p for p in root.rglob("*") if p.is_file()} if root.is_dir() else set()


def assert_nothing_stored(before: set[pathlib.Path]) -> None:
    from openvorgang.cases.models import Case, CaseFile, StagedFile

    assert Case.objects.count() == 0
    assert CaseFile.objects.count() == 0
    assert StagedFile.objects.count() == 0
    assert stored_files() == before
