"""The FIT-Connect subscriber against the local Submission API double (real JWE, real SET
signature checks)."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from openvorgang.cases.models import Case, CaseFile
from openvorgang.intake.channels.fitconnect.subscriber import poll
from openvorgang.intake.channels.fitconnect.tests.conftest import add_destination
from openvorgang.jobs.models import WorkState
from openvorgang.jobs.worker import run_until_idle
from openvorgang.outbox.models import Delivery
from openvorgang.testing.factories import PDF_BYTES

FACHDATEN = json.dumps(
    {
        "antragsteller": {"vorname": "Jürgen", "nachname": "Schäfer", "email": "j@example.org"},
        "betrieb": {"name": "Schäfer GmbH", "taetigkeiten": ["Handel", "Reparatur"]},
    },
    ensure_ascii=False,
).encode()
XML_FACHDATEN = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<antrag xmlns="urn:xoev-de:example" version="1"><vorname>Maria</vorname>'
    b"<nachname>Muster</nachname><hund><rasse>Dackel</rasse></hund></antrag>"
)


# A minimal Windows PE image: "MZ", the header offset at 0x3c pointing at "PE\0\0".
_PE_IMAGE = b"MZ" + b"\x00" * 58 + (64).to_bytes(4, "little") + b"PE\x00\x00" + b"\x00" * 64


def _files(case):
    return {
        f.original_name: (f.kind, default_storage.open(f.storage_name).read())
        for f in CaseFile.objects.filter(case=case)
    }


def test_submission_becomes_a_case_and_is_accepted(world, fake, destination):
    sid = fake.submit(
        data=FACHDATEN,
        attachments=[
            ("form", "antrag.pdf", PDF_BYTES, "application/pdf"),
            ("attachment", "nachweis.pdf", PDF_BYTES + b"%nachweis", "application/pdf"),
        ],
    )
    result = poll(destination)
    assert result.accepted == [sid]
    case = Case.objects.get()
    assert (case.channel, case.tenant, case.org_unit) == ("fit_connect", world.tenant, world.unit)
    assert case.service_key == "99050012104000"
    assert case.applicant_name == "Jürgen Schäfer"
    betrieb = next(i for i in case.form_data if i["name"] == "betrieb")
    first = betrieb["items"][0]
    assert (first["name"], first["label"], first["value"]) == ("name", "Name", "Schäfer GmbH")
    files = _files(case)
    assert files["antrag.pdf"] == ("representation", PDF_BYTES)
    assert files["nachweis.pdf"] == ("attachment", PDF_BYTES + b"%nachweis")
    assert files["fachdaten.json"] == ("attachment", FACHDATEN)  # byte-exact original

    # Nothing is sent before the worker runs the outbox; then the signed accept goes out.
    assert fake.events == []
    delivery = Delivery.objects.get()
    assert delivery.case == case
    run_until_idle("w1")
    delivery.refresh_from_db()
    assert delivery.state == WorkState.DONE
    assert [e["event"] for e in fake.events] == ["accept-submission"]
    claims = fake.events[0]["claims"]
    assert claims["sub"] == f"submission:{sid}"
    assert claims["txn"] == f"case:{fake.submissions[sid].body['caseId']}"
    assert fake.refused_events == []
    # Accepted submissions are no longer listed: the next poll finds nothing.
    assert poll(destination).accepted == []


def test_metadata_1x_with_xml_fachdaten(world, fake, destination):
    fake.submit(data=XML_FACHDATEN, mime="application/xml", version=1, leika="99102013104000")
    poll(destination)
    case = Case.objects.get()
    assert case.service_key == "99102013104000"
    assert case.applicant_name == "Maria Muster"
    root = case.form_data[0]
    assert root["name"] == "antrag"
    assert [(i["name"], i.get("value")) for i in root["items"]][:2] == [
        ("@version", "1"),
        ("vorname", "Maria"),
    ]
    assert _files(case)["fachdaten.xml"] == ("attachment", XML_FACHDATEN)


def test_deutschlandid_mailbox_and_consent_come_with_the_case(world, fake, destination):
    handle = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
    fake.submit(
        data=FACHDATEN,
        metadata_changes={
            "replyChannel": {"idBundDeMailbox": {"mailboxUuid": handle}},
            "additionalReferenceInfo": {"zustimmungZumDigitalenBescheid": True},
        },
    )
    poll(destination)
    case = Case.objects.get()
    assert (case.applicant_mailbox_type, case.applicant_mailbox_ref) == ("bundid", handle)
    assert case.decision_consent is True


def test_refused_consent_is_kept_as_no(world, fake, destination):
    fake.submit(
        data=FACHDATEN,
        metadata_changes={"additionalReferenceInfo": {"zustimmungZumDigitalenBescheid": False}},
    )
    poll(destination)
    assert Case.objects.get().decision_consent is False


def test_polled_twice_before_the_accept_is_out_gives_one_case(world, fake, destination):
    sid = fake.submit(data=FACHDATEN)
    assert poll(destination).accepted == [sid]
    assert poll(destination).skipped == [sid]
    assert Case.objects.count() == 1
    assert Delivery.objects.count() == 1


@pytest.mark.parametrize(
    ("submit", "problem", "instance"),
    [
        ({"tamper": "data-ciphertext"}, "encryption-issue", "data"),
        ({"tamper": "data-hash"}, "hash-mismatch", "data"),
        (
            {
                "tamper": "attachment-hash",
                "attachments": [("attachment", "a.pdf", PDF_BYTES, "application/pdf")],
            },
            "hash-mismatch",
            "attachment:",
        ),
        ({"metadata_changes": {"contentStructure": {"data": {}}}}, "schema-violation", "metadata"),
        (
            {"metadata_changes": {"$schema": "https://example.org/metadata/9.0.0.json"}},
            "unsupported-schema",
            "metadata",
        ),
        ({"data": b"{kein json", "mime": "application/json"}, "syntax-violation", "data"),
        (
            {
                "data": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b"<a>&x;</a>",
                "mime": "application/xml",
            },
            "syntax-violation",
            "data",
        ),
    ],
)
def test_invalid_submissions_are_rejected_with_the_problem(
    world, fake, destination, submit, problem, instance
):
    kwargs = {"data": FACHDATEN, **submit}
    sid = fake.submit(**kwargs)
    assert poll(destination).rejected == [sid]
    assert not Case.objects.exists()
    assert not CaseFile.objects.exists()
    run_until_idle("w1")
    assert [e["event"] for e in fake.events] == ["reject-submission"]
    (reported,) = fake.events[0]["payload"]["problems"]
    assert reported["type"].endswith("/problems/" + problem)
    assert reported["instance"].startswith(instance)
    assert fake.refused_events == []


@pytest.mark.parametrize(
    ("attachment", "problem"),
    [
        (
            ("attachment", "x.exe", b"MZ\x90\x00" + b"\x00" * 60, "application/pdf"),
            "forbidden-media-type",
        ),
        (("attachment", "gross.pdf", PDF_BYTES * 30, "application/pdf"), "attachment-too-large"),
        # refusals the channel once had no problem kind for (the poll failed with a KeyError)
        (("attachment", "bild.png", PDF_BYTES, "image/png"), "forbidden-media-type"),
        (
            ("attachment", "polyglott.pdf", PDF_BYTES + _PE_IMAGE, "application/pdf"),
            "forbidden-media-type",
        ),
        (
            (
                "attachment",
                "lol.xml",
                b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aa">]><l>&a;</l>',
                "application/xml",
            ),
            "syntax-violation",
        ),
    ],
)
def test_attachments_breaking_the_intake_limits_are_rejected(
    world, fake, destination, settings, attachment, problem
):
    settings.OPENVORGANG_INTAKE_MAX_FILE_BYTES = len(PDF_BYTES) * 20
    sid = fake.submit(data=FACHDATEN, attachments=[attachment])
    assert poll(destination).rejected == [sid]
    assert not Case.objects.exists()
    run_until_idle("w1")
    (reported,) = fake.events[0]["payload"]["problems"]
    assert reported["type"].endswith("/problems/" + problem)
    assert reported["instance"].startswith("attachment:")


def test_rejection_is_sent_once_even_if_polled_again(world, fake, destination):
    sid = fake.submit(data=FACHDATEN, tamper="data-hash")
    poll(destination)
    assert poll(destination).skipped == [sid]
    assert Delivery.objects.count() == 1


def test_unavailable_event_endpoint_is_retried(world, fake, destination):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    fake.submit(data=FACHDATEN)
    poll(destination)
    fake.event_answers = [503]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        run_until_idle("w1")
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("queued", 1, 503)
    with time_machine.travel(start + dt.timedelta(minutes=2)):
        run_until_idle("w1")
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("done", 2)
    assert [e["event"] for e in fake.events] == ["accept-submission"]


def test_a_set_signed_with_another_key_is_refused_by_the_peer(world, fake, destination, keys):
    from jwcrypto.jwk import JWK

    other = JWK.generate(kty="RSA", size=2048, kid="sig-1")
    destination.signing_key = json.loads(other.export_private())
    destination.save()
    fake.submit(data=FACHDATEN)
    poll(destination)
    run_until_idle("w1")
    assert fake.events == []
    assert len(fake.refused_events) == 1
    assert fake.refused_events[0].startswith("signature")
    assert Delivery.objects.get().state == WorkState.FAILED


def test_poll_command_and_idempotent_add_destination(world, fake, destination, keys, tmp_path):
    again = add_destination(fake, keys, tmp_path, world.tenant, "--org-unit", world.unit.oe_id)
    assert (again["created"], again["changed"]) == (False, False)
    sid = fake.submit(data=FACHDATEN)
    out = io.StringIO()
    call_command("fitconnect", "poll", stdout=out)
    assert json.loads(out.getvalue())["polled"][fake.destination_id]["accepted"] == [sid]


def test_large_attachment_is_decrypted_streaming_and_hash_checked(world, fake, destination):
    big = PDF_BYTES + bytes(range(256)) * 12_000  # about 3 MB
    fake.submit(data=FACHDATEN, attachments=[("attachment", "gross.pdf", big, "application/pdf")])
    poll(destination)
    stored = CaseFile.objects.get(original_name="gross.pdf")
    assert stored.size == len(big)
    assert stored.sha256 == hashlib.sha256(big).hexdigest()


@pytest.mark.django_db(transaction=True)
def test_two_workers_polling_at_the_same_moment_give_one_case(world, fake, destination):
    import threading

    from django.db import connection

    sid = fake.submit(data=FACHDATEN)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(poll(destination))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(len(r.accepted) + len(r.skipped) for r in results) == [1, 1]
    assert {*results[0].accepted, *results[0].skipped} == {sid}
    assert Case.objects.count() == 1
    assert Delivery.objects.count() == 1  # one accept-submission, from the committed delivery
