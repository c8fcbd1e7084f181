"""Senders (online services, form servers) that may submit: registered by the operator's
``sender`` command or by a tenant's admin, switched off and on again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from openvorgang.accounts.tokens import hash_token, new_token
from openvorgang.intake.models import Sender
from openvorgang.lib.errors import Problem
from openvorgang.tenants.models import Tenant

MIN_TOKEN_LENGTH = 24


class SenderRefused(Problem):
    code = "sender_refused"


@dataclass(frozen=True)
class SenderUpserted:
    sender: Sender
    created: bool
    changed: list[str]


def sender_upsert(
    *, tenant: Tenant | None, name: str, networks: Sequence[str], token: str | None
) -> SenderUpserted:
    """Create the sender ``name`` of ``tenant`` (None: any tenant) or update its networks and
    token (idempotent, for the operator). It needs a token or a network to authenticate."""
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise SenderRefused(
            gettext("Das Token muss mindestens %(n)d Zeichen lang sein.") % {"n": MIN_TOKEN_LENGTH}
        )
    if token is None and not networks:
        raise SenderRefused(
            gettext("Ein Absender braucht ein Token (--token-stdin) oder ein Netz (--network).")
        )
    with transaction.atomic():
        sender = Sender.objects.select_for_update().filter(tenant=tenant, name=name).first()
        created = sender is None
        sender = sender or Sender(tenant=tenant, name=name)
        changed: list[str] = []
        if list(networks) != sender.networks:
            sender.networks, changed = list(networks), [*changed, "networks"]
        if token is not None and hash_token(token) != sender.token_hash:
            sender.token_hash, sender.token_prefix = hash_token(token), token[:6]
            changed.append("token")
        sender.save()
    return SenderUpserted(sender=sender, created=created, changed=[] if created else changed)


def sender_register(*, tenant: Tenant, name: str, networks: Sequence[str]) -> tuple[Sender, str]:
    """A tenant admin registers a new sender: it gets a fresh token, shown once (returned)."""
    with transaction.atomic():
        if Sender.objects.select_for_update().filter(tenant=tenant, name=name).exists():
            raise SenderRefused(gettext("Einen Absender dieses Namens gibt es schon."))
        token = new_token()
        sender = Sender.objects.create(
            tenant=tenant,
            name=name,
            token_hash=hash_token(token),
            token_prefix=token[:6],
            networks=list(networks),
        )
    return sender, token


def sender_set_active(*, sender: Sender, active: bool) -> None:
    """A switched-off sender's submissions are refused (401) until it is switched on again."""
    if sender.active != active:
        sender.active = active
        sender.save(update_fields=["active"])
