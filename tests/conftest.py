import os
from pathlib import Path

import pytest

from tests.celery_workers import (
    celery_queue_new,
    celery_sending_to,
    celery_worker_running,
    celery_worker_skip_unless_possible,
)

# The tests' own clamd (ClamAV), started by the first test that asks for it.
pytest_plugins = ["tests.clamav"]

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True, scope="session")
def _welsh_catalogue_compiled():
    """The Welsh catalogue compiled from its .po (as `make install` does), so that a bare
    `pytest` shows the Welsh pages in Welsh."""
    from core.translations import compile_catalogues

    if compile_catalogues():
        from asgiref.local import Local
        from django.utils.translation import trans_real

        trans_real._translations = {}
        trans_real._active = Local()
        trans_real._default = None


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request under /cy/ leaves Welsh active in the thread, as Django's locale middleware
    does: the next test starts in the default language (English) again."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _forget_cached_site_root_paths():
    """Wagtail keeps the sites' root paths in the default cache, which is Redis when REDIS_URL
    is set and outlives each test's rolled-back pages: a later test would build its page URLs
    from an earlier test's site."""
    from wagtail.models import Site

    Site.clear_site_root_paths_cache()


@pytest.fixture
def home_page(db):
    from cms.services import starter_home_page_ensure

    return starter_home_page_ensure()


@pytest.fixture
def starter_content(db):
    """The whole starter site. Slow-ish (a few seconds): use `home_page` where it will do."""
    from cms.services import starter_content_ensure

    return starter_content_ensure()


@pytest.fixture
def triage_officer(db, django_user_model):
    """A triage officer as an administrator would add one: a user in the role's group, which
    the staff app's migration made (no demo data involved)."""
    from django.contrib.auth.models import Group

    from staff.constants import STAFF_GROUP_TRIAGE

    user = django_user_model.objects.create_user(
        username="officer", password="correct horse battery staple", first_name="Tess"
    )
    user.groups.add(Group.objects.get(name=STAFF_GROUP_TRIAGE))
    # Staff sign in with a one-time password too (staff/otp.py): give them an authenticator.
    user.totp_device = user.totpdevice_set.create(name="authenticator", confirmed=True)
    return user


def totp_token(user) -> str:
    """The code the staff member's authenticator app would show now."""
    from django_otp.oath import totp

    device = user.totpdevice_set.get(confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture(autouse=True)
def _force_login_includes_the_one_time_password(monkeypatch):
    """client.force_login stands for a complete staff sign-in, password and one-time password
    (enforced on every admin URL); the sign-in itself is tested in tests/triage/test_otp.py."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_static.models import StaticDevice

        original(self, user, backend)
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="test-sign-in", defaults={"confirmed": True}
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


# --- The browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; browser tests are required here")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps connections per context, and Playwright's event loop gives the tests a new
    # one. Serialized rollback (the browser tests' way of getting Wagtail's migrated pages back
    # after each flush) keeps its snapshot on the old connection, so hand it over.
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.csp_errors = csp_errors
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Every axe-core violation for the page as it stands, of any impact: the WCAG 2.2 A and
    AA rules and axe's best practices (landmarks, one main, headings in order, and so on)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": [
                    "wcag2a",
                    "wcag2aa",
                    "wcag21a",
                    "wcag21aa",
                    "wcag22aa",
                    "best-practice",
                ],
            }
        },
    )
    return results.response["violations"]


# --- A real Celery worker ----------------------------------------------------------------------


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    """A real worker on a queue of the test's own (celery_worker_running)."""
    celery_worker_skip_unless_possible()
    queue = celery_queue_new()
    with (
        celery_sending_to(queue),
        celery_worker_running(queue, tmp_path / "celery-worker.log") as process,
    ):
        yield process
