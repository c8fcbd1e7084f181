"""Tenant admins set their channel order, letterhead and Bekanntgabe rules."""

from __future__ import annotations

import pytest
from django.test import Client

from openvorgang.mailbox.models import DispatchSetting


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_admin_saves_settings(world):
    client = _client(world.admin)
    assert client.get("/verwaltung/versand/").status_code == 200
    answer = client.post(
        "/verwaltung/versand/",
        {
            "channel_1": "post",
            "channel_2": "antragsraum",
            "letterhead": "Markt 1\n24103 Kiel",
            "return_address": "Stadt · Markt 1",
            "contact": "",
            "bekanntgabe_days": "4",
            "bekanntgabe_next_working_day": "on",
            "holiday_region": "SH",
        },
        follow=True,
    )
    assert "Versandeinstellungen gespeichert." in answer.content.decode()
    setting = DispatchSetting.objects.get(tenant=world.tenant)
    assert setting.channel_order == ["post", "antragsraum"]
    assert (setting.bekanntgabe_days, setting.holiday_region) == (4, "SH")


def test_unknown_channel_and_land_are_explained(world):
    answer = _client(world.admin).post(
        "/verwaltung/versand/",
        {"channel_1": "fax", "bekanntgabe_days": "3", "holiday_region": "XX"},
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "fax ist keine gültige Auswahl" in page
    assert "Unbekanntes Länderkürzel." in page
    assert not DispatchSetting.objects.exists()


@pytest.mark.parametrize("who", ["caseworker", "poststelle", "operator"])
def test_others_get_404(world, who):
    assert _client(getattr(world, who)).get("/verwaltung/versand/").status_code == 404
