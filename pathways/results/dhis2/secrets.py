"""The DHIS2 password or token, encrypted at rest with a key derived from SECRET_KEY.

A copy of the database alone does not give the DHIS2 account away; changing SECRET_KEY means entering the
password again (the admin page says so when it cannot be read)."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    # A key of its own for this purpose, not SECRET_KEY itself (which also signs sessions).
    digest = hashlib.sha256(f"pathways.dhis2:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode() if secret else ""


def decrypt(stored: str) -> str | None:
    """The secret, or None when it was encrypted under another SECRET_KEY."""
    if not stored:
        return ""
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except InvalidToken:
        return None
