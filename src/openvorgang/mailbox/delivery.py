"""Delivery channels: how a message or decision reaches the applicant.

Each channel is one plugin folder (``antragsraum``, ``bundid``, ``servicekonto``, ``post``)
whose ``transport.py`` registers a :class:`DeliveryChannel` here and an outbox transport. A
case uses the first channel of its tenant's order (``DispatchSetting.channel_order``, else
``OPENVORGANG_DELIVERY_CHANNELS``) that the submission offers (e.g. a DeutschlandID Postkorb
handle) and the installation has switched on (``openvorgang.mailbox.selectors``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from django.utils.functional import Promise

from openvorgang.lib.registry import Registry

if TYPE_CHECKING:
    from openvorgang.cases.models import Case
    from openvorgang.mailbox.models import Message

PLUGINS = ("antragsraum", "bundid", "servicekonto", "post")


@dataclass(frozen=True)
class DeliveryChannel:
    name: str
    label: str | Promise
    # Electronic channels need the applicant's consent for a decision; the letter does not.
    electronic: bool
    # Does this case offer the channel (an address, a mailbox handle …)?
    offered: Callable[[Case], bool]
    # Is it switched on in this installation?
    enabled: Callable[[], bool]
    # Queue the message on the channel; called inside the transaction that saves it.
    dispatch: Callable[[Message], None]


CHANNELS: Registry[DeliveryChannel] = Registry("Zustellweg")


def register(channel: DeliveryChannel) -> DeliveryChannel:
    return CHANNELS.add(channel.name, channel)


def load_plugins() -> None:
    for name in PLUGINS:
        import_module(f"openvorgang.mailbox.channels.{name}.transport")


def decision_allowed(case: Case, channel: DeliveryChannel) -> bool:
    """A decision goes electronically only with the applicant's consent."""
    return not channel.electronic or case.decision_consent is True
