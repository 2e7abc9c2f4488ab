"""Every starter guidance page in Debian's Chromium: no axe-core violations of any impact
(WCAG 2.2 A and AA, and best practices), and Exit this page and the navigation work from the
keyboard alone."""

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _starter_paths() -> list[str]:
    from wagtail.models import Page

    return [page.url for page in Page.objects.live().filter(depth__gt=1).order_by("path")]


def test_every_starter_page_meets_wcag_2_2_aa(page, live_server, starter_content):
    english = [*_starter_paths(), "/search/?q=register", "/no-such-page/"]
    # And each in Welsh, under /cy/.
    paths = [*english, *("/cy" + path for path in english)]
    failures = {}
    for path in paths:
        page.goto(live_server.url + path)
        violations = axe_violations(page)
        if violations:
            failures[path] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    assert failures == {}
    assert page.csp_errors == []


def _tab_to(page, name: str, limit: int = 40) -> None:
    """Press Tab until the focused element's accessible text contains `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if name in focused:
            return
    pytest.fail(f"could not reach {name!r} with the Tab key")


def test_the_navigation_works_from_the_keyboard(page, live_server, starter_content):
    page.goto(live_server.url + "/")
    _tab_to(page, "Ask for a disclosure")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/ask-for-a-disclosure/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for a disclosure")

    _tab_to(page, "Sarah's Law: the Child Sex Offender Disclosure Scheme")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/ask-for-a-disclosure/sarahs-law/")
    # The breadcrumbs lead back.
    _tab_to(page, "Ask for a disclosure")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/ask-for-a-disclosure/")


def test_exit_this_page_works_from_the_keyboard(page, live_server, starter_content):
    from cms.models import SiteSettings

    site_settings = SiteSettings.for_site(starter_content.home.get_site())
    site_settings.exit_page_url = live_server.url + "/healthz"
    site_settings.save()

    page.goto(live_server.url + "/staying-safe/using-this-site-safely/")
    _tab_to(page, "Exit this page")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/healthz")


def test_follow_up_is_found_from_the_home_page(page, live_server, starter_content):
    page.goto(live_server.url + "/")
    page.locator("main").get_by_role("link", name="check or add to a request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check or add to a request")
    assert axe_violations(page) == []
    page.goto(live_server.url + "/ask-for-a-disclosure/apply-clares-law/")
    page.locator("footer").get_by_role("link", name="Check or add to a request").click()
    expect(page).to_have_url(live_server.url + "/check/")


def test_the_service_pages_are_accessible(page, live_server, starter_content):
    page.goto(live_server.url + "/search/?q=a%00b")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, there is a problem with the service"
    )
    expect(page.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
    assert axe_violations(page) == []
    assert page.csp_errors == []
