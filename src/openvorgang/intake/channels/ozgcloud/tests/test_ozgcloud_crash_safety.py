"""A process killed between writing the files and committing the case leaves nothing behind
(after the sweep), and the sender's retry is accepted exactly once."""

from __future__ import annotations

import datetime as dt
import os
from unittest import mock

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from openvorgang.cases.models import Case, CaseFile, StagedFile
from openvorgang.intake.channels.ozgcloud.tests.test_ozgcloud_intake import _files, _form, _post
from openvorgang.intake.channels.ozgcloud.tests.test_ozgcloud_intake import (
    sender as sender,
)
from openvorgang.jobs.services import job_enqueue
from openvorgang.jobs.worker import run_until_idle

KILLED = 77


def _die(*args, **kwargs):
    os._exit(KILLED)  # the hard way: no exception handler, no cleanup, open transaction


@pytest.mark.django_db(transaction=True)
def test_kill_between_file_write_and_commit(world, sender):
    body = {"formData": _form(oe_id=world.unit.oe_id), **_files()}
    connection.close()
    pid = os.fork()
    if pid == 0:  # the server process that dies mid-request
        try:
            with mock.patch.object(CaseFile.objects, "bulk_create", _die):
                _post(body)
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == KILLED

    assert Case.objects.count() == 0
    staged = list(StagedFile.objects.values_list("storage_name", flat=True))
    assert len(staged) == 2
    assert all(default_storage.exists(name) for name in staged)

    # The sweep leaves fresh staging alone (a request may still be writing) …
    job_enqueue(name="cases.sweep_staged_files")
    run_until_idle("w1")
    assert all(default_storage.exists(name) for name in staged)
    # … and removes what is older than the grace period.
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        job_enqueue(name="cases.sweep_staged_files")
        run_until_idle("w1")
    assert not any(default_storage.exists(name) for name in staged)
    assert not StagedFile.objects.exists()

    # The form server got no answer and sends again: one complete case.
    retry = {"formData": _form(oe_id=world.unit.oe_id), **_files()}
    assert _post(retry).status_code == 200
    case = Case.objects.get()
    assert CaseFile.objects.filter(case=case).count() == 2
    assert not StagedFile.objects.exists()
