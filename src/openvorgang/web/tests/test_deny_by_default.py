"""Deny by default: every URL pattern is requested anonymously (GET and POST) and must answer
as the table below says; every state-changing POST without a CSRF token from a signed-in user
is refused. A new view without protection, or a new public view, fails here until it is
listed — so nothing becomes reachable by accident."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# Reachable without signing in, and what they answer to a GET with made-up parameters.
PUBLIC = {
    "anmelden/": 200,
    "anmelden/sso/": 404,  # single sign-on is off in the tests' settings
    "anmelden/sso/rueckkehr/": 404,
    "abmelden/": 405,  # POST only
    "einladung/<uidb64>/<token>/": 200,  # "invalid link" page
    "antrag": 405,  # the OZG-Cloud intake: POST with a sender token
    "fitconnect/callback/<uuid:destination_id>": 405,
    "healthz": 200,
    "readyz": 200,
    "metrics": 200,  # only from localhost or with its token (tested in ops)
    "api/schema/": 200,  # the OpenAPI document holds no data
    "antragsraum/<str:secret>/": 404,  # the neutral page for unknown secrets
    "antragsraum/<str:secret>/nachforderung/<int:request_id>/": 405,  # POST only
    "antragsraum/<str:secret>/dateien/<uuid:file_id>/": 404,
    "": 302,  # the start page sends to the login
}
# Public forms that answer a POST with the form again (wrong password, invalid link).
PUBLIC_POST = {"anmelden/": 200, "einladung/<uidb64>/<token>/": 200}
# Machine endpoints authenticated by tokens, signatures or HMAC: CSRF does not apply.
MACHINE = {"antrag", "fitconnect/callback/<uuid:destination_id>"}


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _url(route: str) -> str:
    def fill(match: re.Match[str]) -> str:
        converter = match.group(1) or "str"
        return {"uuid": str(uuid.uuid4()), "int": "1", "path": "1"}.get(converter, "x1")

    path = re.sub(r"<(?:(\w+):)?\w+>", fill, route)
    return "/" + path


ROUTES = sorted({r for r in _routes() if not r.startswith("admin/")})


def test_the_walk_sees_the_application():
    assert len(ROUTES) > 80
    assert "vorgaenge/<uuid:case_id>/" in ROUTES


@pytest.mark.parametrize("route", ROUTES)
def test_anonymous_get_is_denied_unless_public(db, route):
    answer = Client().get(_url(route))
    if route in PUBLIC:
        assert answer.status_code == PUBLIC[route], route
        return
    if route.startswith("api/"):
        assert answer.status_code in (401, 403), (route, answer.status_code)
        return
    # 405: POST-only views refuse the method before anything else
    assert answer.status_code in (302, 404, 405), (route, answer.status_code)
    if answer.status_code == 302:
        assert answer["Location"].startswith("/anmelden/"), route


@pytest.mark.parametrize("route", ROUTES)
def test_anonymous_post_changes_nothing(db, route):
    answer = Client().post(_url(route), {"x": "1"})
    if route in PUBLIC_POST:
        assert answer.status_code == PUBLIC_POST[route], (route, answer.status_code)
        return
    if route.startswith("api/") or route in MACHINE:
        assert answer.status_code in (400, 401, 403, 404, 405, 415), (route, answer.status_code)
        return
    assert answer.status_code in (302, 403, 404, 405), (route, answer.status_code)
    if answer.status_code == 302:
        assert answer["Location"].startswith("/anmelden/"), route


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.startswith("api/")])
def test_post_without_csrf_token_is_refused(world, route):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin)
    answer = client.post(_url(route), {"x": "1"})
    if route in MACHINE:
        assert answer.status_code != 403 or b"CSRF" not in answer.content, route
        return
    assert answer.status_code == 403, (route, answer.status_code)


def test_admin_site_requires_staff(world):
    client = Client()
    client.force_login(world.admin)  # a tenant admin is not Django staff
    # sent to the admin's sign-in, which for a signed-in non-staff user ends (no loop)
    answer = client.get("/admin/", follow=True)
    assert answer.status_code == 404
    assert len(answer.redirect_chain) == 1
    anonymous = Client().get("/admin/outbox/delivery/", follow=True)
    assert anonymous.redirect_chain[-1][0].startswith("/anmelden/?next=")
    staff = Client()
    world.operator.is_staff = True
    world.operator.save(update_fields=["is_staff"])
    staff.force_login(world.operator)
    assert staff.get("/admin/").status_code == 200
