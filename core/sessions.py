"""Sessions encrypted with the field keys, in the database row and in Redis alike.

A journey's answers live in the session until they are sent (up to SESSION_COOKIE_AGE idle),
so a session holds the same personal data as a submission. Django signs session data but
does not encrypt it, and the cached_db engine keeps the session dictionary in Redis as is.

- `EncryptedJSONSerializer` (SESSION_SERIALIZER): JSON, then encrypted with the same
  MultiFernet as core.encryption (FIELD_ENCRYPTION_KEYS: the first key encrypts, every key
  decrypts). Django signs the result as before, so the django_session row holds
  signed ciphertext.
- `SessionStore` (SESSION_ENGINE with Redis): Django's cached_db, except that Redis holds
  the same encoded (encrypted) string as the database row instead of the dictionary.

Rotation: `manage.py rotate_field_encryption` re-encrypts every session row under the newest
key and drops the cached copies. Sessions also expire after SESSION_COOKIE_AGE idle, so an old
key can be removed once the command has run (or that long after the new key was deployed).
"""

import json
import time

from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from .encryption import fernet

# When the session was last written (seconds since the epoch), kept in the session itself.
REFRESHED_KEY = "_refreshed"
FERNET_PREFIX = b"gAAAAA"  # every Fernet token starts so (version byte and timestamp)


class EncryptedJSONSerializer:
    def dumps(self, obj) -> bytes:
        return fernet().encrypt(json.dumps(obj, separators=(",", ":")).encode())

    def loads(self, data: bytes):
        if data.startswith(b"{"):
            # A session written before sessions were encrypted: read it once; it is written
            # back encrypted with the response.
            return json.loads(data.decode("latin-1"))
        return json.loads(fernet().decrypt(data))


class SessionStore(CachedDBStore):
    """cached_db whose Redis copy is the encrypted, signed string, not the dictionary."""

    def load(self):
        try:
            cached = self._cache.get(self.cache_key)
        except Exception:
            cached = None
        data = self.decode(cached) if isinstance(cached, str) else None
        if not data:
            row = self._get_session_from_db()
            if row is None:
                return {}
            data = self.decode(row.session_data)
            self._cache.set(
                self.cache_key, row.session_data, self.get_expiry_age(expiry=row.expire_date)
            )
        return data

    def _refreshed_lately(self) -> bool:
        """Unchanged, and written less than SESSION_REFRESH_SECONDS ago: Django saves the
        session on every request (SESSION_SAVE_EVERY_REQUEST) so that idle time counts from
        the last one; rewriting the same data within a minute would only move that by
        seconds, at the cost of an UPDATE and a Redis write on every page."""
        if self.modified:
            return False
        written = self._get_session().get(REFRESHED_KEY)
        return isinstance(written, int | float) and (
            time.time() - written < settings.SESSION_REFRESH_SECONDS
        )

    def create_model_instance(self, data):
        data[REFRESHED_KEY] = int(time.time())
        instance = super().create_model_instance(data)
        self._encoded = instance.session_data  # encrypted once, for the row and for Redis
        return instance

    def save(self, must_create=False):
        # The database write, then the same encoded string to Redis.
        if not must_create and self.session_key is not None and self._refreshed_lately():
            return
        if self.session_key is None:
            self.create()  # saves with must_create, below
            return
        if must_create:
            # A new row: Django's insert, in a transaction of its own so that a clash of keys
            # is retried with another (CreateError).
            super(CachedDBStore, self).save(must_create=True)
        else:
            # Saved on every request (SESSION_SAVE_EVERY_REQUEST): one UPDATE in autocommit,
            # which is atomic on its own. Django's save() wraps it in a transaction for the
            # sake of the insert: BEGIN, UPDATE and COMMIT, three round trips.
            row = self.create_model_instance(self._get_session())
            updated = self.model.objects.filter(session_key=row.session_key).update(
                session_data=row.session_data, expire_date=row.expire_date
            )
            if not updated:
                # Deleted meanwhile (Exit this page in another tab, or expired): as Django.
                raise UpdateError
        self._cache.set(self.cache_key, self._encoded, self.get_expiry_age())
