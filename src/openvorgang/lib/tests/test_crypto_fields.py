"""Secrets at rest: stored encrypted, read back in plain, old plaintext rows encrypted on the
next save, keys rotated by adding a new one in front, a wrong key is a clear error."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from openvorgang.lib import crypto_fields
from openvorgang.records.models import Connector
from openvorgang.webhooks.models import Subscription


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


@pytest.fixture
def connector(world):
    return Connector.objects.create(
        tenant=world.tenant,
        name="DMS",
        purpose="dms",
        kind="http",
        target="https://dms.example/",
        secret="Sehr-Geheim-123",
    )


def test_stored_encrypted_read_in_plain(connector):
    raw = _raw("records_connector", "secret", connector.pk)
    assert raw.startswith("enc:v1:")
    assert "Sehr-Geheim" not in raw
    assert Connector.objects.get(pk=connector.pk).secret == "Sehr-Geheim-123"


def test_plaintext_from_before_is_read_and_encrypted_on_save(connector):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE records_connector SET secret = %s WHERE id = %s", ["alt-klartext", connector.pk]
        )
    loaded = Connector.objects.get(pk=connector.pk)
    assert loaded.secret == "alt-klartext"
    loaded.save()
    assert _raw("records_connector", "secret", connector.pk).startswith("enc:v1:")


def test_key_rotation_and_wrong_key(connector, settings):
    old = Fernet.generate_key().decode()
    new = Fernet.generate_key().decode()
    settings.OPENVORGANG_FIELD_KEYS = [old]
    connector.save()
    settings.OPENVORGANG_FIELD_KEYS = [new, old]  # rotation: the new key in front
    assert Connector.objects.get(pk=connector.pk).secret == "Sehr-Geheim-123"
    Connector.objects.get(pk=connector.pk).save()  # re-encrypted with the new key
    settings.OPENVORGANG_FIELD_KEYS = [new]
    assert Connector.objects.get(pk=connector.pk).secret == "Sehr-Geheim-123"
    settings.OPENVORGANG_FIELD_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured, match="entschlüsseln"):
        Connector.objects.get(pk=connector.pk)
    settings.OPENVORGANG_FIELD_KEYS = ["kein-schluessel"]
    with pytest.raises(ImproperlyConfigured, match="32 Bytes"):
        crypto_fields.encrypt("x")


def test_webhook_secret_and_fitconnect_keys_are_encrypted(world):
    subscription = Subscription.objects.create(
        tenant=world.tenant, name="FV", url="https://fv.example/", secret="hook-geheim", events=[]
    )
    assert "hook-geheim" not in _raw("webhooks_subscription", "secret", subscription.pk)
    from openvorgang.intake.channels.fitconnect.models import Destination

    columns = {f.column for f in Destination._meta.fields}
    assert {"client_secret", "decryption_key", "signing_key", "callback_secret"} <= columns
    for name in ("client_secret", "decryption_key", "signing_key", "callback_secret"):
        field = Destination._meta.get_field(name)
        assert isinstance(
            field, crypto_fields.EncryptedTextField | crypto_fields.EncryptedJSONField
        )
