"""Encryption at rest for personal data, on cryptography's MultiFernet.

FIELD_ENCRYPTION_KEYS is a list of Fernet keys, newest first: the first encrypts, every key
decrypts, so keys can be rotated by adding a new one at the front, re-encrypting
(`manage.py rotate_field_encryption`), then dropping the old one.
"""

import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must name at least one Fernet key")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "Each FIELD_ENCRYPTION_KEYS entry must be a url-safe base64 32-byte Fernet key"
        ) from error


def fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_text(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode()).decode()


def decrypt_text(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "An encrypted value could not be read with any FIELD_ENCRYPTION_KEYS key"
        ) from error


def rotate_token(token: str) -> str:
    """Re-encrypt a stored token under the newest key."""
    return fernet().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; read back as plain text. Cannot be searched or indexed."""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt_text(str(value))

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decrypt_text(value)


class EncryptedJSONField(models.TextField):
    """A JSON document stored as a Fernet token; read back as Python data."""

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return encrypt_text(json.dumps(value, default=str, ensure_ascii=False))

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return json.loads(decrypt_text(value))

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), default=str)
