"""The callback endpoint: HMAC-SHA512 over timestamp.body, at most five minutes old."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from openvorgang.intake.channels.fitconnect.tests.conftest import CALLBACK_SECRET
from openvorgang.intake.channels.fitconnect.views import expected_signature
from openvorgang.jobs.models import Job

BODY = b'{"type":"https://schema.fitko.de/fit-connect/callbacks/new-submissions"}'


def _call(destination, *, timestamp=None, secret=CALLBACK_SECRET, body=BODY):
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return Client().post(
        f"/fitconnect/callback/{destination.destination_id}",
        body,
        content_type="application/json",
        HTTP_CALLBACK_AUTHENTICATION=expected_signature(secret, stamp, body),
        HTTP_CALLBACK_TIMESTAMP=stamp,
    )


def test_valid_callback_queues_one_poll(destination):
    assert _call(destination).status_code == 202
    assert _call(destination).status_code == 202
    job = Job.objects.get()
    assert (job.name, job.payload) == ("fitconnect.poll", {"destination": destination.pk})


@pytest.mark.parametrize(
    "kwargs",
    [
        {"secret": "falsches-geheimnis"},
        {"timestamp": int(time.time()) - 301},
        {"timestamp": "gestern"},
    ],
)
def test_forged_or_stale_callbacks_are_refused(destination, kwargs):
    response = _call(destination, **kwargs)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert not Job.objects.exists()


def test_signature_over_another_body_is_refused(destination):
    stamp = str(int(time.time()))
    response = Client().post(
        f"/fitconnect/callback/{destination.destination_id}",
        BODY + b" ",
        content_type="application/json",
        HTTP_CALLBACK_AUTHENTICATION=expected_signature(CALLBACK_SECRET, stamp, BODY),
        HTTP_CALLBACK_TIMESTAMP=stamp,
    )
    assert response.status_code == 401
