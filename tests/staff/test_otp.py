"""Staff sign-in: password (with lockout), then a one-time password on every admin URL."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import totp_token

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
WRONG = "wrong password"


def _sign_in(client, username, password=PASSWORD):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_a_password_alone_does_not_open_any_admin_page(client, triage_officer):
    assert _sign_in(client, "officer").status_code == 302
    for url in ("/admin/", "/admin/triage/cases/", "/admin/triage/nominals/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/otp/verify/?next=")


def test_the_code_from_the_authenticator_opens_the_admin(client, triage_officer):
    _sign_in(client, "officer")
    wrong = client.post("/admin/otp/verify/", {"otp_token": "000000", "next": "/admin/"})
    assert wrong.status_code == 200 and "not right" in wrong.content.decode()
    # django-otp makes each failure wait longer before the next try; skip the wait here.
    triage_officer.totpdevice_set.get().throttle_reset()
    right = client.post(
        "/admin/otp/verify/",
        {"otp_token": totp_token(triage_officer), "next": "/admin/triage/cases/"},
    )
    assert right["Location"] == "/admin/triage/cases/"
    assert client.get("/admin/triage/cases/").status_code == 200


def test_the_next_address_must_stay_in_the_admin(client, triage_officer):
    _sign_in(client, "officer")
    response = client.post(
        "/admin/otp/verify/",
        {"otp_token": totp_token(triage_officer), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/admin/"


def test_new_staff_set_up_an_authenticator_and_get_backup_codes(client, db, django_user_model):
    from django.contrib.auth.models import Group

    from staff.constants import STAFF_GROUP_TRIAGE

    user = django_user_model.objects.create_user(username="newbie", password=PASSWORD)
    user.groups.add(Group.objects.get(name=STAFF_GROUP_TRIAGE))
    _sign_in(client, "newbie")
    assert client.get("/admin/")["Location"].startswith("/admin/otp/setup/")
    page = client.get("/admin/otp/setup/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        "/admin/otp/setup/", {"otp_token": f"{totp(device.bin_key):06d}", "next": "/admin/"}
    )
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200

    # Next time, a backup code works instead of the app, once.
    client.logout()
    _sign_in(client, "newbie")
    assert client.post("/admin/otp/verify/", {"otp_token": codes[0]}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    _sign_in(client, "newbie")
    assert client.post("/admin/otp/verify/", {"otp_token": codes[0]}).status_code == 200


def test_repeated_wrong_passwords_lock_the_account(client, db, django_user_model, settings):
    import uuid

    from axes.utils import reset

    # A name of its own: with Redis the lockout outlives the test run (that is the point).
    username = f"locked-{uuid.uuid4().hex[:8]}"
    django_user_model.objects.create_user(username=username, password=PASSWORD)
    try:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert _sign_in(client, username, "wrong password").status_code == 200
        assert _sign_in(client, username, "wrong password").status_code == 429
        # Locked: even the right password is refused now.
        assert _sign_in(client, username).status_code == 429
    finally:
        reset(username=username, ip="127.0.0.1")


def test_staff_sessions_end_after_thirty_minutes_idle(client, triage_officer):
    client.force_login(triage_officer)
    client.get("/admin/")
    assert client.session.get_expiry_age() == 30 * 60


def test_the_session_key_changes_when_the_code_is_accepted(client, triage_officer):
    _sign_in(client, "officer")
    before = client.session.session_key
    response = client.post(
        "/admin/otp/verify/", {"otp_token": totp_token(triage_officer), "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    after = client.session.session_key
    assert after != before
    # The old key opens nothing; the new one is signed in with both factors.
    from django.conf import settings
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.module_loading import import_string

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    assert not store().exists(before)
    assert isinstance(store(after), SessionBase)
    assert client.get("/admin/").status_code == 200


def test_one_address_is_locked_out_after_failing_on_many_usernames(
    client, db, django_user_model, settings
):
    """Password spraying: a few passwords on every account from one address."""
    import secrets

    settings.STAFF_SIGN_IN_FAILURES_PER_ADDRESS = "6/30m"
    address = "10.{}.{}.{}".format(*secrets.token_bytes(3))
    names = [f"spray-{secrets.token_hex(4)}" for _ in range(4)]
    for name in names:
        django_user_model.objects.create_user(username=name, password=PASSWORD)

    def sign_in(username, password=WRONG, remote=address):
        return client.post(
            "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=remote
        )

    # Two wrong passwords on each of three accounts: under django-axes' limit on every one.
    for name in names[:3]:
        for _ in range(2):
            assert sign_in(name).status_code == 200
    # The address is now refused on any account, even with the right password.
    assert sign_in(names[3], PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address signs in to that account as usual.
    assert sign_in(names[3], PASSWORD, remote="10.255.255.254").status_code == 302


def test_successful_sign_ins_do_not_count_against_the_address(
    client, db, django_user_model, settings
):
    import secrets

    settings.STAFF_SIGN_IN_FAILURES_PER_ADDRESS = "2/30m"
    address = "10.{}.{}.{}".format(*secrets.token_bytes(3))
    name = f"office-{secrets.token_hex(4)}"
    django_user_model.objects.create_user(username=name, password=PASSWORD)
    for _ in range(4):
        response = client.post(
            "/admin/login/", {"username": name, "password": PASSWORD}, REMOTE_ADDR=address
        )
        assert response.status_code == 302
        client.logout()
