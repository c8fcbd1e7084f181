"""A local test double of the FIT-Connect Submission API (subscriber side) and of a sender.

It speaks the real wire format over real HTTP: OAuth 2 client credentials, submissions whose
metadata, Fachdaten and attachments are real JWE (RSA-OAEP-256 + A256GCM, made with jwcrypto,
an implementation independent of ours), and it verifies the signature (PS512) and the claims of
every Security Event Token we post back. Test-only: never imported by the product."""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from jwcrypto.jwe import JWE
from jwcrypto.jwk import JWK
from jwcrypto.jws import JWS

EVENTS = "https://schema.fitko.de/fit-connect/events/"
SCHEMA_2 = "https://schema.fitko.de/fit-connect/metadata/2.1.0/metadata.schema.json"
SCHEMA_1 = "https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json"


def encrypt(plaintext: bytes, key: JWK) -> str:
    jwe = JWE(
        plaintext,
        protected=json.dumps(
            {"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": key.get("kid", ""), "cty": "json"}
        ),
    )
    jwe.add_recipient(key)
    return jwe.serialize(compact=True)


def sha512(data: bytes) -> dict[str, str]:
    return {"type": "sha512", "content": hashlib.sha512(data).hexdigest()}


@dataclass
class FakeSubmission:
    body: dict[str, Any]
    attachments: dict[str, str]  # id -> compact JWE
    tags: dict[str, Any]
    done: bool = False


@dataclass
class FakeSubmissionApi:
    destination_id: str
    client_id: str
    client_secret: str
    encryption_key: JWK  # the destination's public encryption key
    verification_key: JWK  # public key of our SET signing key
    submissions: dict[str, FakeSubmission] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    refused_events: list[str] = field(default_factory=list)
    event_answers: list[int] = field(default_factory=list)  # forced statuses, consumed in order
    tokens: set[str] = field(default_factory=set)
    requests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                api.requests.append(f"GET {self.path}")
                api._get(self)

            def do_POST(self) -> None:
                api.requests.append(f"POST {self.path}")
                api._post(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # --- lifecycle ---------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeSubmissionApi:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- the sender's side ---------------------------------------------------------------
    def submit(
        self,
        *,
        data: bytes,
        mime: str = "application/json",
        attachments: list[tuple[str, str, bytes, str]] = (),  # purpose, filename, bytes, mime
        version: int = 2,
        leika: str = "99050012104000",
        metadata_changes: dict[str, Any] | None = None,
        tamper: str = "",
    ) -> str:
        submission_id, case_id = str(uuid.uuid4()), str(uuid.uuid4())
        ids = [str(uuid.uuid4()) for _ in attachments]
        metadata: dict[str, Any] = {
            "contentStructure": {
                "data": {
                    "hash": sha512(data if tamper != "data-hash" else data + b" "),
                    "submissionSchema": {
                        "schemaUri": "https://schema.example.org/gewerbe/1.0.json",
                        "mimeType": mime,
                    },
                },
                "attachments": [
                    {
                        "attachmentId": aid,
                        "hash": sha512(content if tamper != "attachment-hash" else b"x"),
                        "purpose": purpose,
                        "filename": filename,
                        "mimeType": amime,
                    }
                    for aid, (purpose, filename, content, amime) in zip(
                        ids, attachments, strict=True
                    )
                ],
            },
            "replyChannel": {"eMail": {"address": "antragsteller@example.org"}},
        }
        if version == 2:
            metadata["$schema"] = SCHEMA_2
        else:
            metadata["publicServiceType"] = {
                "name": "Gewerbeanmeldung",
                "identifier": f"urn:de:fim:leika:leistung:{leika}",
            }
        metadata.update(metadata_changes or {})
        encrypted_metadata = encrypt(json.dumps(metadata).encode(), self.encryption_key)
        encrypted_data = encrypt(data, self.encryption_key)
        encrypted_attachments = {
            aid: encrypt(content, self.encryption_key)
            for aid, (_, _, content, _) in zip(ids, attachments, strict=True)
        }
        if tamper == "data-ciphertext":
            parts = encrypted_data.split(".")
            parts[3] = ("A" if parts[3][0] != "A" else "B") + parts[3][1:]
            encrypted_data = ".".join(parts)
        body = {
            "destinationId": self.destination_id,
            "submissionId": submission_id,
            "caseId": case_id,
            "serviceType": {
                "name": "Gewerbeanmeldung",
                "identifier": f"urn:de:fim:leika:leistung:{leika}",
            },
            "attachments": ids,
            "encryptedMetadata": encrypted_metadata,
            "encryptedData": encrypted_data,
        }
        tags = {
            "metadata": encrypted_metadata.rsplit(".", 1)[1],
            "data": encrypted_data.rsplit(".", 1)[1],
            "attachments": {aid: t.rsplit(".", 1)[1] for aid, t in encrypted_attachments.items()},
        }
        self.submissions[submission_id] = FakeSubmission(body, encrypted_attachments, tags)
        return submission_id

    # --- HTTP --------------------------------------------------------------------------
    def _send(self, h: BaseHTTPRequestHandler, status: int, body: Any, ctype: str) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(raw)))
        h.end_headers()
        h.wfile.write(raw)

    def _authorized(self, h: BaseHTTPRequestHandler) -> bool:
        header = h.headers.get("Authorization", "")
        if header.startswith("Bearer ") and header[7:] in self.tokens:
            return True
        self._send(h, 401, {"error": "invalid_token"}, "application/json")
        return False

    def _get(self, h: BaseHTTPRequestHandler) -> None:
        if not self._authorized(h):
            return
        url = urlparse(h.path)
        parts = url.path.strip("/").split("/")
        if parts == ["v1", "submissions"]:
            query = parse_qs(url.query)
            waiting = [
                {
                    "destinationId": self.destination_id,
                    "submissionId": sid,
                    "caseId": s.body["caseId"],
                }
                for sid, s in self.submissions.items()
                if not s.done and query.get("destinationId", [""])[0] == self.destination_id
            ]
            offset, limit = int(query["offset"][0]), int(query["limit"][0])
            page = waiting[offset : offset + limit]
            body = {
                "count": len(page),
                "offset": offset,
                "totalCount": len(waiting),
                "submissions": page,
            }
            self._send(h, 200, body, "application/json")
        elif len(parts) == 3 and parts[:2] == ["v1", "submissions"]:
            self._send(h, 200, self.submissions[parts[2]].body, "application/json")
        elif len(parts) == 5 and parts[3] == "attachments":
            token = self.submissions[parts[2]].attachments[parts[4]]
            self._send(h, 200, token.encode(), "application/jose")
        else:
            self._send(h, 404, {"error": "not found"}, "application/json")

    def _post(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length", 0))
        raw = h.rfile.read(length)
        url = urlparse(h.path)
        if url.path == "/token":
            form = parse_qs(raw.decode())
            if (form.get("grant_type"), form.get("client_id"), form.get("client_secret")) != (
                ["client_credentials"],
                [self.client_id],
                [self.client_secret],
            ):
                self._send(h, 401, {"error": "invalid_client"}, "application/json")
                return
            token = secrets.token_urlsafe(24)
            self.tokens.add(token)
            self._send(
                h,
                200,
                {"access_token": token, "token_type": "Bearer", "expires_in": 1800},
                "application/json",
            )
            return
        if not self._authorized(h):
            return
        parts = url.path.strip("/").split("/")
        if len(parts) != 4 or parts[:2] != ["v1", "cases"] or parts[3] != "events":
            self._send(h, 404, {"error": "not found"}, "application/json")
            return
        if self.event_answers:
            self._send(h, self.event_answers.pop(0), {"error": "forced"}, "application/json")
            return
        problem = self._verify_event(parts[2], raw, h.headers.get("Content-Type", ""))
        if problem:
            self.refused_events.append(problem)
            self._send(h, 422, {"detail": problem}, "application/problem+json")
            return
        self._send(h, 201, b"", "application/json")

    def _verify_event(self, case_id: str, raw: bytes, ctype: str) -> str:
        """Check the SET like the real service: signature, header, claims, tags."""
        if ctype != "application/jose":
            return f"content type {ctype}"
        jws = JWS()
        try:
            jws.deserialize(raw.decode())
            jws.verify(self.verification_key, alg="PS512")
        except Exception as exc:
            return f"signature: {exc}"
        header = jws.jose_header
        if header.get("typ") != "secevent+jwt" or header.get("kid") != self.verification_key.get(
            "kid"
        ):
            return f"header {header}"
        claims = json.loads(jws.payload)
        missing = {"iss", "iat", "jti", "sub", "txn", "events"} - set(claims)
        if missing:
            return f"claims missing {missing}"
        submission_id = claims["sub"].removeprefix("submission:")
        submission = self.submissions.get(submission_id)
        if (
            submission is None
            or claims["iss"] != self.destination_id
            or claims["txn"] != f"case:{case_id}"
            or submission.body["caseId"] != case_id
        ):
            return "sub/txn/iss do not match"
        (event, payload), *rest = claims["events"].items()
        if rest:
            return "more than one event"
        if event == EVENTS + "accept-submission":
            if payload.get("authenticationTags") != submission.tags:
                return "authentication tags do not match"
        elif event != EVENTS + "reject-submission" or not payload.get("problems"):
            return f"unexpected event {event}"
        submission.done = True
        self.events.append(
            {"event": event.removeprefix(EVENTS), "claims": claims, "payload": payload}
        )
        return ""
