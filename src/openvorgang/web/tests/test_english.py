"""German first, English through gettext: the English catalogue is complete and used."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client

from openvorgang.testing.factories import make_case

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_has_an_english_translation():
    blocks = CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]
    untranslated = [
        b.split("\n")[-1]
        for b in blocks
        if re.search(r'^msgstr(\[0\])? ""$', b, re.MULTILINE)
        and not re.search(r'^msgstr(\[0\])? ""\n"', b, re.MULTILINE)
    ]
    assert untranslated == []
    # a fuzzy entry is a guess by makemessages: gettext ignores it, so the page shows German
    assert "#, fuzzy" not in CATALOGUE.read_text(encoding="utf-8")


def test_pages_follow_the_browser_language(world):
    case = make_case(org_unit=world.unit)
    client = Client()
    client.force_login(world.caseworker)
    german = client.get("/vorgaenge/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    english = client.get("/vorgaenge/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Wiedervorlagen fällig" in german
    assert "Follow-ups due" in english
    assert '<html lang="en">' in english
    detail = client.get(
        f"/vorgaenge/{case.pk}/?verlauf=", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Set follow-up" in detail
    assert "Application received (2 files)" in detail
