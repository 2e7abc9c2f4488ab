"""What the back office's browser tests share: demo staff who can sign in, and signing in."""

from playwright.sync_api import expect

from tests.conftest import totp_token

STAFF_PASSWORD = "correct horse battery staple"


def demo_staff_with_authenticators(*, nominals: int) -> dict:
    """Demo teams, areas, staff in every role (each with a known password and an
    authenticator) and fictional nominals; the users by username."""
    from django.contrib.auth import get_user_model

    from triage.demo import demo_nominals_ensure, demo_staff_ensure

    demo_staff_ensure()
    demo_nominals_ensure(count=nominals)
    users = {}
    for user in get_user_model().objects.all():
        user.set_password(STAFF_PASSWORD)
        user.save(update_fields=["password"])
        user.totpdevice_set.create(name="authenticator", confirmed=True)
        users[user.username] = user
    return users


def staff_sign_in(page, live_server, user) -> None:
    """Wagtail's sign-in, then the one-time password, as a member of staff does it."""
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(totp_token(user))
    page.get_by_label("Code").press("Enter")
    expect(page.get_by_role("button", name="Triage")).to_be_visible()
