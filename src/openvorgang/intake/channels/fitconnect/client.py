"""HTTP client of the FIT-Connect Submission API for a subscriber (OAuth 2 client
credentials, JSON and ``application/jose`` bodies)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import IO, Any

import httpx
from django.utils.translation import gettext

from openvorgang.intake.channels.fitconnect.models import Destination

TIMEOUT = httpx.Timeout(30.0, connect=10.0)
PAGE = 100


class ApiError(Exception):
    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class SubmissionApi:
    def __init__(self, destination: Destination, *, http: httpx.Client | None = None) -> None:
        self.destination = destination
        self.base = destination.submission_api_url.rstrip("/")
        self.http = http or httpx.Client(timeout=TIMEOUT)
        self._token: str | None = None
        self._token_until = 0.0

    def close(self) -> None:
        self.http.close()

    def _headers(self) -> dict[str, str]:
        if self._token is None or time.monotonic() > self._token_until:
            response = self.http.post(
                self.destination.token_url,
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.destination.client_id,
                    "client_secret": self.destination.client_secret,
                },
            )
            _check(response, "Token")
            body = response.json()
            self._token = str(body["access_token"])
            self._token_until = time.monotonic() + max(int(body.get("expires_in", 300)) - 30, 10)
        return {"Authorization": f"Bearer {self._token}"}

    def submissions(self) -> Iterator[dict[str, Any]]:
        """Every submission waiting for this destination (all pages)."""
        offset = 0
        while True:
            response = self.http.get(
                f"{self.base}/v1/submissions",
                params={
                    "destinationId": str(self.destination.destination_id),
                    "offset": offset,
                    "limit": PAGE,
                },
                headers=self._headers(),
            )
            _check(response, "Einreichungen abrufen")
            body = response.json()
            page = body.get("submissions", [])
            yield from page
            offset += len(page)
            if not page or offset >= int(body.get("totalCount", 0)):
                return

    def submission(self, submission_id: str) -> dict[str, Any]:
        response = self.http.get(
            f"{self.base}/v1/submissions/{submission_id}", headers=self._headers()
        )
        _check(response, "Einreichung abrufen")
        result: dict[str, Any] = response.json()
        return result

    def download_attachment(
        self, submission_id: str, attachment_id: str, target: IO[bytes]
    ) -> None:
        url = f"{self.base}/v1/submissions/{submission_id}/attachments/{attachment_id}"
        with self.http.stream("GET", url, headers=self._headers()) as response:
            _check(response, "Anlage abrufen")
            for chunk in response.iter_bytes(64 * 1024):
                target.write(chunk)

    def post_event(self, case_id: str, token: str) -> int:
        response = self.http.post(
            f"{self.base}/v1/cases/{case_id}/events",
            content=token.encode(),
            headers={**self._headers(), "Content-Type": "application/jose"},
        )
        _check(response, "Ereignis senden")
        return response.status_code


def _check(response: httpx.Response, what: str) -> None:
    if response.status_code >= 400:
        if response.is_stream_consumed is False:
            response.read()
        raise ApiError(
            gettext("%(what)s: HTTP %(status_code)s %(answer)s")
            % {"what": what, "status_code": response.status_code, "answer": response.text[:300]},
            status_code=response.status_code,
        )
