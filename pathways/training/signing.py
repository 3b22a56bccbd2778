"""Ed25519 signatures for certificate payloads that an employer can check offline against the public key.

The payload is one line of UTF-8 fields separated by "|", ending with the base64url signature of
everything before the last "|". It is short enough for a QR code a phone reads off a printed page:

    PW1|PW-2021-000123|Souksavanh Phommachanh|SEW-2W|2021-06-30|LKSDI|<signature>
"""

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PREFIX = "PW1"
SEPARATOR = "|"
# Published and deterministic, so tests and the demo sign without configuration; refused while DEBUG is off.
DEVELOPMENT_SEED = hashlib.sha256(b"pathways development certificate key; never use in production").digest()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@lru_cache(maxsize=4)
def _load(configured: str) -> Ed25519PrivateKey:
    text = configured.strip()
    if not text:
        return Ed25519PrivateKey.from_private_bytes(DEVELOPMENT_SEED)
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("CERTIFICATE_SIGNING_KEY is a PEM key but not an Ed25519 one.")
        return key
    try:
        seed = b64url_decode(text)
    except ValueError:
        raise ValueError(
            "CERTIFICATE_SIGNING_KEY must be a PEM Ed25519 key or a base64url 32-byte seed."
        ) from None
    if len(seed) != 32:
        raise ValueError("CERTIFICATE_SIGNING_KEY must decode to exactly 32 bytes.")
    return Ed25519PrivateKey.from_private_bytes(seed)


def private_key() -> Ed25519PrivateKey:
    return _load(settings.CERTIFICATE_SIGNING_KEY)


def using_development_key() -> bool:
    return not settings.CERTIFICATE_SIGNING_KEY.strip()


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_raw() -> bytes:
    return public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem() -> str:
    return (
        public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def key_id() -> str:
    """A short fingerprint of the public key, stored with each certificate to tell keys apart."""
    return hashlib.sha256(public_key_raw()).hexdigest()[:16]


def _clean_field(value: str) -> str:
    return " ".join(str(value).replace(SEPARATOR, "/").split())


@dataclass(frozen=True)
class PayloadFields:
    number: str
    holder: str
    course: str
    date: str
    institution: str

    def message(self) -> str:
        fields = [self.number, self.holder, self.course, self.date, self.institution]
        return SEPARATOR.join([PREFIX, *(_clean_field(f) for f in fields)])


def sign(fields: PayloadFields) -> str:
    message = fields.message()
    signature = private_key().sign(message.encode("utf-8"))
    return f"{message}{SEPARATOR}{b64url(signature)}"


def verify(payload: str, *, key: Ed25519PublicKey | None = None) -> PayloadFields:
    """Return the payload's fields if the signature holds; otherwise raise ValidationError saying why."""
    text = (payload or "").strip()
    message, sep, signature_text = text.rpartition(SEPARATOR)
    parts = message.split(SEPARATOR)
    if not sep or len(parts) != 6 or parts[0] != PREFIX:
        raise ValidationError(
            {
                "payload": _(
                    "This is not a Pathways certificate code (it should start with PW1| and have 7 parts)."
                )
            }
        )
    try:
        signature = b64url_decode(signature_text)
    except ValueError:
        signature = b""
    try:
        (key or public_key()).verify(signature, message.encode("utf-8"))
    except InvalidSignature:
        raise ValidationError(
            {
                "payload": _(
                    "The signature does not match: this certificate code was altered "
                    "or was not issued by Pathways."
                )
            }
        ) from None
    return PayloadFields(*parts[1:])
