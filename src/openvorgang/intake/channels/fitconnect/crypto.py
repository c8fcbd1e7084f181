"""The JOSE pieces FIT-Connect needs, on ``cryptography``: decrypting compact JWE
(RSA-OAEP-256 + A256GCM, streamed so large attachments stay small in memory) and signing
Security Event Tokens (JWS PS512)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
from dataclasses import dataclass
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.utils.translation import gettext

CHUNK_CHARS = 4 * 64 * 1024  # base64url characters per step (a multiple of 4)


class JweError(ValueError):
    """Not a JWE we accept, or it does not decrypt with our key."""


def b64url_decode(value: str | bytes) -> bytes:
    raw = value.encode() if isinstance(value, str) else value
    return base64.urlsafe_b64decode(raw + b"=" * (-len(raw) % 4))


def b64url_encode(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).rstrip(b"=").decode()


def _int(value: str) -> int:
    return int.from_bytes(b64url_decode(value), "big")


def rsa_private_key(jwk: dict[str, Any]) -> rsa.RSAPrivateKey:
    """An RSA private key from its JWK (RFC 7518 §6.3)."""
    if jwk.get("kty") != "RSA" or "d" not in jwk:
        raise ValueError("JWK ist kein privater RSA-Schlüssel")
    public = rsa.RSAPublicNumbers(_int(jwk["e"]), _int(jwk["n"]))
    numbers = rsa.RSAPrivateNumbers(
        p=_int(jwk["p"]),
        q=_int(jwk["q"]),
        d=_int(jwk["d"]),
        dmp1=_int(jwk["dp"]),
        dmq1=_int(jwk["dq"]),
        iqmp=_int(jwk["qi"]),
        public_numbers=public,
    )
    return numbers.private_key()


@dataclass(frozen=True)
class Decrypted:
    tag: str  # the JWE authentication tag (base64url), reported back in accept-submission
    sha512: str
    size: int


_OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def decrypt_stream(source: IO[bytes], target: IO[bytes], *, key: rsa.RSAPrivateKey) -> Decrypted:
    """Decrypt a compact JWE read from ``source`` into ``target``. Only the ciphertext is
    streamed; if the tag does not verify, JweError is raised and ``target`` must be discarded."""
    header_b64 = _read_until_dot(source, limit=8192)
    encrypted_key = b64url_decode(_read_until_dot(source, limit=8192))
    iv = b64url_decode(_read_until_dot(source, limit=256))
    cipher_start = source.tell()
    try:
        header = json.loads(b64url_decode(header_b64))
    except ValueError as exc:
        raise JweError(gettext("JWE-Kopf ist kein JSON")) from exc
    if header.get("alg") != "RSA-OAEP-256" or header.get("enc") != "A256GCM":
        raise JweError(
            gettext("nicht unterstützte Verfahren alg=%(alg)s enc=%(enc)s")
            % {"alg": header.get("alg"), "enc": header.get("enc")}
        )
    if "zip" in header:
        raise JweError(gettext("komprimierte JWE werden nicht angenommen"))
    try:
        cek = key.decrypt(encrypted_key, _OAEP)
    except ValueError as exc:
        raise JweError(gettext("Inhaltsschlüssel lässt sich nicht entschlüsseln")) from exc
    if len(cek) != 32 or len(iv) != 12:
        raise JweError(gettext("Schlüssel- oder IV-Länge ungültig"))
    # The tag follows the ciphertext; find it by reading from the end.
    source.seek(0, os.SEEK_END)
    end = source.tell()
    tag_b64 = _tail_after_last_dot(source, end)
    cipher_end = end - len(tag_b64) - 1
    tag = b64url_decode(tag_b64.strip())
    if len(tag) != 16:
        raise JweError(gettext("Authentisierungs-Tag ungültig"))
    decryptor = Cipher(algorithms.AES(cek), modes.GCM(iv, tag)).decryptor()
    decryptor.authenticate_additional_data(header_b64)
    digest = hashlib.sha512()
    size = 0
    source.seek(cipher_start)
    remaining = cipher_end - cipher_start
    while remaining > 0:
        chunk = source.read(min(CHUNK_CHARS, remaining))
        if not chunk:
            break
        remaining -= len(chunk)
        try:
            plain = decryptor.update(b64url_decode(chunk.strip()))
        except ValueError as exc:
            raise JweError(gettext("Chiffretext ist kein Base64url")) from exc
        digest.update(plain)
        size += len(plain)
        target.write(plain)
    try:
        decryptor.finalize()
    except InvalidTag as exc:
        raise JweError(gettext("Authentisierungs-Tag stimmt nicht: Inhalt verändert")) from exc
    return Decrypted(tag=tag_b64.strip().decode(), sha512=digest.hexdigest(), size=size)


def decrypt_compact(token: str, *, key: rsa.RSAPrivateKey) -> tuple[bytes, Decrypted]:
    """Decrypt a small compact JWE held in memory (metadata, Fachdaten)."""
    target = io.BytesIO()
    result = decrypt_stream(io.BytesIO(token.strip().encode()), target, key=key)
    return target.getvalue(), result


def _read_until_dot(source: IO[bytes], *, limit: int) -> bytes:
    out = bytearray()
    while len(out) <= limit:
        byte = source.read(1)
        if not byte:
            raise JweError(gettext("keine JWE in kompakter Serialisierung"))
        if byte == b".":
            return bytes(out)
        out += byte
    raise JweError(gettext("JWE-Bestandteil zu lang"))


def _tail_after_last_dot(source: IO[bytes], end: int) -> bytes:
    start = max(0, end - 64)
    source.seek(start)
    tail = source.read(end - start)
    if b"." not in tail:
        raise JweError(gettext("keine JWE in kompakter Serialisierung"))
    return tail.rsplit(b".", 1)[1]


def sign_set(claims: dict[str, Any], *, jwk: dict[str, Any]) -> str:
    """A Security Event Token: compact JWS, PS512, ``typ: secevent+jwt``."""
    header = {"typ": "secevent+jwt", "alg": "PS512", "kid": jwk.get("kid", "")}
    signing_input = (
        b64url_encode(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + b64url_encode(json.dumps(claims, separators=(",", ":")).encode())
    )
    signature = rsa_private_key(jwk).sign(
        signing_input.encode(),
        padding.PSS(mgf=padding.MGF1(hashes.SHA512()), salt_length=64),
        hashes.SHA512(),
    )
    return signing_input + "." + b64url_encode(signature)
