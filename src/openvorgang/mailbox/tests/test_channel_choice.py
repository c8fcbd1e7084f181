"""Which channel a case uses: what the submission offers, what is switched on, the tenant's
order; decisions only electronically with consent."""

from __future__ import annotations

import pytest

from openvorgang.cases.errors import InvalidInput
from openvorgang.mailbox.forms import DispatchForm
from openvorgang.mailbox.models import DispatchSetting
from openvorgang.mailbox.selectors import channel_for, usable_channels
from openvorgang.mailbox.services import choose_channel
from openvorgang.testing.factories import make_case

EVERYTHING = {
    "applicant_email": "j@example.org",
    "applicant_mailbox_ref": "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
    "applicant_mailbox_type": "bundid",
    "applicant_street": "Holstenstraße 1",
    "applicant_postal_code": "24103",
    "applicant_city": "Kiel",
}


@pytest.fixture
def bundid_on(settings):
    settings.OPENVORGANG_BUNDID_POSTFACH_URL = "http://127.0.0.1:9/"


def test_installation_order_applies_without_tenant_setting(world, bundid_on):
    case = make_case(org_unit=world.unit, **EVERYTHING)
    assert [c.name for c in usable_channels(case)] == ["bundid", "antragsraum", "post"]


def test_tenant_order_wins(world, bundid_on):
    DispatchSetting.objects.create(tenant=world.tenant, channel_order=["post", "antragsraum"])
    case = make_case(org_unit=world.unit, **EVERYTHING)
    assert [c.name for c in usable_channels(case)] == ["post", "antragsraum"]


def test_decision_without_consent_proposes_the_letter(world, bundid_on):
    case = make_case(org_unit=world.unit, **EVERYTHING)
    assert channel_for(case).name == "bundid"
    assert channel_for(case, decision=True).name == "post"
    with pytest.raises(InvalidInput, match="per Post"):
        choose_channel(case, "bundid", decision=True)
    case.decision_consent = True
    assert channel_for(case, decision=True).name == "bundid"


def test_refused_consent_and_no_address_leaves_no_way(world):
    case = make_case(org_unit=world.unit, applicant_email="j@example.org", decision_consent=False)
    assert channel_for(case).name == "antragsraum"
    assert channel_for(case, decision=True) is None


def test_unknown_or_repeated_channel_in_tenant_order_is_rejected(world):
    data = {"channel_1": "post", "channel_2": "fax", "bekanntgabe_days": 3, "letterhead": "L"}
    form = DispatchForm(data, instance=DispatchSetting(tenant=world.tenant))
    assert not form.is_valid()
    assert "channel_2" in form.errors
    twice = DispatchForm(
        {**data, "channel_2": "post"}, instance=DispatchSetting(tenant=world.tenant)
    )
    assert not twice.is_valid()
    assert "nur einmal" in str(twice.errors)
    form = DispatchForm(
        {**data, "channel_2": "antragsraum"}, instance=DispatchSetting(tenant=world.tenant)
    )
    assert form.is_valid(), form.errors
    assert form.save().channel_order == ["post", "antragsraum"]


def test_requested_channel_must_be_usable(world):
    case = make_case(org_unit=world.unit, applicant_email="j@example.org")
    with pytest.raises(InvalidInput, match="steht für diesen Vorgang nicht bereit"):
        choose_channel(case, "post")
