"""The plugin registry: lookup, a name claimed twice by different plugins is refused, choices."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from openvorgang.lib.registry import Registry


@dataclass(frozen=True)
class Plugin:
    label: str


def test_register_look_up_and_offer_as_choices():
    plugins: Registry[Plugin] = Registry("Testplugin")
    post = plugins.add("post", Plugin("Brief"))

    @plugins("antragsraum")
    def _():  # a decorated function works as well
        return None

    assert plugins.get("post") is post
    assert plugins.get("fehlt") is None
    assert "post" in plugins
    assert plugins.names() == ["antragsraum", "post"]
    assert plugins.choices() == [("antragsraum", "antragsraum"), ("post", "Brief")]


def test_a_name_claimed_twice_is_refused_but_the_same_plugin_again_is_fine():
    plugins: Registry[Plugin] = Registry("Testplugin")
    first = plugins.add("post", Plugin("Brief"))
    assert plugins.add("post", first) is first  # a module imported twice
    with pytest.raises(RuntimeError, match="Testplugin 'post' registered twice"):
        plugins.add("post", Plugin("Anderer Brief"))


def test_every_kind_of_plugin_uses_it():
    from openvorgang.jobs.registry import HANDLERS
    from openvorgang.mailbox.delivery import CHANNELS
    from openvorgang.outbox.registry import FAILURE_HOOKS, TRANSPORTS

    assert {"webhook", "email", "connector.dropfolder"} <= set(TRANSPORTS.names())
    assert {"antragsraum", "post"} <= set(CHANNELS.names())
    assert "webhooks.feed" in HANDLERS
    assert all(isinstance(r, Registry) for r in (HANDLERS, CHANNELS, TRANSPORTS, FAILURE_HOOKS))
