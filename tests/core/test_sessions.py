"""Journey answers in the session are encrypted: in the django_session row and in Redis."""

import base64
import io
import secrets
import zlib

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.cache import caches
from django.core.management import call_command

from core.sessions import FERNET_PREFIX, EncryptedJSONSerializer, SessionStore
from tests.intake.journey_data import CONCERN

pytestmark = pytest.mark.django_db


def _payload(signed: str) -> bytes:
    """What Django signed: the serializer's output (zlib-compressed when that was shorter)."""
    payload = signed.split(":")[0]
    data = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload.lstrip(".")) % 4))
    return zlib.decompress(data) if payload.startswith(".") else data


def _answer_the_person_page(client) -> str:
    name = f"Zebedee Quarrington {secrets.token_hex(4)}"
    for path, data in CONCERN:
        if path == "/report/person/":
            data = {**data, "full_name": name}
        assert client.post(path, data).status_code == 302
        if path == "/report/person/":
            break
    assert client.session["journey:concern"]  # the answer is in the session, readable
    return name


def test_a_typed_answer_is_in_neither_the_database_row_nor_redis(client, home_page):
    name = _answer_the_person_page(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    row = Session.objects.get(session_key=key).session_data
    assert name not in row and "Quarrington" not in row
    assert _payload(row).startswith(FERNET_PREFIX)
    assert b"Quarrington" not in _payload(row)
    if settings.REDIS_URL:
        cache = caches[settings.SESSION_CACHE_ALIAS]
        raw = cache.client.get_client().get(
            cache.make_key(f"django.contrib.sessions.cached_db{key}")
        )
        assert raw, "the session should be in Redis too"
        assert b"Quarrington" not in raw
        assert name.encode() not in raw
    # And the visitor still gets their answer back on the page.
    assert name in client.get("/report/person/").content.decode()


def test_the_serializer_encrypts_and_reads_back():
    serializer = EncryptedJSONSerializer()
    token = serializer.dumps({"journey:concern": {"person": {"full_name": "Amy"}}})
    assert token.startswith(FERNET_PREFIX) and b"Amy" not in token
    assert serializer.loads(token) == {"journey:concern": {"person": {"full_name": "Amy"}}}
    # A session written before encryption is read once, then written back encrypted.
    assert serializer.loads(b'{"a":1}') == {"a": 1}
    assert signing.loads(
        signing.dumps({"b": 2}, serializer=EncryptedJSONSerializer),
        serializer=EncryptedJSONSerializer,
    ) == {"b": 2}


def test_rotation_re_encrypts_sessions_so_the_old_key_can_go(client, home_page, settings):
    name = _answer_the_person_page(client)
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_field_encryption", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    row = Session.objects.get().session_data
    assert Fernet(new_key.encode()).decrypt(_payload(row))
    # Read with the new key alone: the cached copy was dropped, the row re-encrypted.
    assert name in client.get("/report/person/").content.decode()


def test_a_session_is_saved_in_one_update_to_the_database_and_its_copy_in_the_cache(
    django_assert_num_queries,
):
    store = SessionStore()
    store["journey:concern"] = {"answers": {"danger": "no"}}
    store.create()
    key = store.session_key

    store["journey:concern"] = {"answers": {"danger": "no", "about": "other"}}
    # One statement: Django's own save wraps it in BEGIN and COMMIT, three round trips.
    with django_assert_num_queries(1) as captured:
        store.save()
    assert captured.captured_queries[0]["sql"].startswith("UPDATE")

    answers = {"danger": "no", "about": "other"}
    assert SessionStore(session_key=key).load()["journey:concern"]["answers"] == answers
    caches[settings.SESSION_CACHE_ALIAS].delete(store.cache_key)  # Redis away: the row
    assert SessionStore(session_key=key).load()["journey:concern"]["answers"] == answers


def test_a_session_deleted_meanwhile_is_not_written_back():
    """Exit this page in another tab, or the session expired and was cleared: as Django,
    the save fails (the middleware answers that the session was interrupted)."""
    store = SessionStore()
    store["journey:concern"] = {"answers": {"danger": "no"}}
    store.create()
    SessionStore(session_key=store.session_key).delete()

    store["journey:concern"] = {"answers": {"danger": "yes"}}
    with pytest.raises(UpdateError):
        store.save()
    assert not Session.objects.filter(session_key=store.session_key).exists()


def _row(client) -> tuple[str, object]:
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    row = Session.objects.get(session_key=key)
    return row.session_data, row.expire_date


@pytest.mark.skipif(not settings.REDIS_URL, reason="the Redis-backed session store")
def test_a_page_shown_again_with_nothing_changed_writes_nothing(client, home_page):
    _answer_the_person_page(client)
    assert client.get("/report/person/").status_code == 200
    written = _row(client)
    for _ in range(3):
        assert client.get("/report/person/").status_code == 200
    assert _row(client) == written


@pytest.mark.skipif(not settings.REDIS_URL, reason="the Redis-backed session store")
def test_an_unchanged_session_is_written_again_once_the_refresh_time_has_passed(
    client, home_page, settings
):
    _answer_the_person_page(client)
    assert client.get("/report/person/").status_code == 200
    data, expires = _row(client)
    settings.SESSION_REFRESH_SECONDS = 0
    assert client.get("/report/person/").status_code == 200
    later_data, later_expires = _row(client)
    # Idle time counts again from this page: the journey and the session both moved on.
    assert later_expires > expires
    assert later_data != data


@pytest.mark.skipif(not settings.REDIS_URL, reason="the Redis-backed session store")
def test_an_answer_is_written_at_once(client, home_page):
    name = _answer_the_person_page(client)
    written = _row(client)
    changed = {**dict(CONCERN)["/report/person/"], "full_name": name + " Junior"}
    assert client.post("/report/person/", changed).status_code == 302
    assert _row(client) != written
    # Read back from Redis and from the row alike, the new answer is there.
    assert name + " Junior" in client.get("/report/person/").content.decode()
    caches[settings.SESSION_CACHE_ALIAS].clear()
    assert name + " Junior" in client.get("/report/person/").content.decode()
