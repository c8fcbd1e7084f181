"""The error answers: problem+json on machine paths for every status (5xx included), German
pages for people, 503 with Retry-After while the database refuses connections."""

from __future__ import annotations

import socket

import pytest
from django.db import connection
from django.test import Client


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database_away(tmp_path):
    """The database refuses connections: PostgreSQL on a port nobody listens on, SQLite in
    a folder that does not exist. Real connection errors, not a mock."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict["PORT"] = _closed_port()
    else:
        connection.settings_dict["NAME"] = str(tmp_path / "fehlt" / "db.sqlite3")
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("path", "kwargs"),
    [
        ("/antrag", {"data": {"formData": "{}"}}),
        ("/api/v1/submissions", {"data": "{}", "content_type": "application/json"}),
    ],
)
def test_intake_answers_503_with_retry_after_while_the_database_is_away(
    path, kwargs, database_away
):
    client = Client(raise_request_exception=False)
    response = client.post(
        path, HTTP_AUTHORIZATION="Bearer irgendein-token", HTTP_IDEMPOTENCY_KEY="k", **kwargs
    )
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
    assert response.json()["type"].endswith("unavailable")


@pytest.mark.django_db(transaction=True)
def test_people_get_a_german_page_while_the_database_is_away(database_away):
    response = Client(raise_request_exception=False).post(
        "/anmelden/", {"username": "sb", "password": "geheim"}
    )
    assert response.status_code == 503
    assert "Vorübergehend nicht verfügbar" in response.content.decode()
    assert response["Retry-After"]


def test_machine_paths_answer_problem_json_for_404(db):
    response = Client().get("/api/v1/gibt-es-nicht")
    assert (response.status_code, response["Content-Type"]) == (404, "application/problem+json")
