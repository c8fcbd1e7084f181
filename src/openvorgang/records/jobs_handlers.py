"""Records jobs: build an export; file closed cases; read receipt folders."""

from __future__ import annotations

from typing import Any

from openvorgang.jobs.registry import job
from openvorgang.records.feed import process_closures, read_receipt_folders
from openvorgang.records.services import export_build


@job("records.build")
def build(payload: dict[str, Any]) -> None:
    export_build(payload["export_id"])


@job("records.on_close")
def on_close(payload: dict[str, Any]) -> None:
    for _ in range(20):
        if process_closures() == 0:
            break


@job("records.receipts")
def receipts(payload: dict[str, Any]) -> None:
    read_receipt_folders()
