import pytest

from cms.published import generation_bump


@pytest.fixture
def published_cache(settings):
    """What is kept per publish (cms/published.py) on, as in production (the rest of the
    suite runs without it), under a new generation: each test's pages are rolled back after
    it, and nothing kept from them may reach the next test."""
    settings.PUBLISHED_CACHE_ENABLED = True
    generation_bump()
    yield
    generation_bump()


@pytest.fixture(autouse=True)
def _published_cache_on(published_cache):
    """Every page test runs as production does."""


@pytest.fixture
def small_site(db):
    """Home, one section with a guidance page using every block, a start page, the
    signposting organisations and the moderation workflow: enough for most page tests."""
    from cms.models import GuidancePage, SectionPage, StartPage
    from cms.services import (
        moderation_workflow_ensure,
        organisations_ensure,
        starter_home_page_ensure,
    )
    from cms.starter_content import (
        Refs,
        accordion,
        call_to_action,
        details,
        emergency,
        h2,
        h3,
        inset,
        para,
        related,
        signposting,
        steps,
        table,
        warning,
    )

    home = starter_home_page_ensure()
    organisations = organisations_ensure()
    moderation_workflow_ensure(page=home)
    section = home.add_child(
        instance=SectionPage(
            title="Ask for a disclosure",
            slug="ask-for-a-disclosure",
            introduction="Ask the police whether someone poses a risk.",
            show_in_menus=True,
        )
    )
    start = section.add_child(
        instance=StartPage(
            title="Apply under Sarah's Law",
            slug="apply-sarahs-law",
            introduction="Ask whether someone who has contact with a child is a risk.",
            journey="sarahs_law",
            before_you_start="<p>You will need a name.</p>",
        )
    )
    refs = Refs(pages={"start": start.pk, "section": section.pk}, organisations=organisations)
    guidance = section.add_child(
        instance=GuidancePage(
            title="Sarah's Law",
            slug="sarahs-law",
            introduction="Ask whether someone who has contact with a child is a risk.",
            search_description="How Sarah's Law works.",
            body=[
                h2("Who can apply"),
                h3("Relatives"),
                para("Anyone can apply."),
                inset("It takes up to 45 days."),
                warning("Do not confront the person."),
                emergency(),
                details("Words on this page", "A nominal is a managed person."),
                accordion(("Will they know?", "No."), ("Can I ask for someone else?", "Yes.")),
                steps(("You apply", "Online."), ("We check", "Within 24 hours.")),
                signposting(refs, "Help", "nspcc", "samaritans"),
                related(refs, "section", "start"),
                table("Time limits", [["Stage", "Within"], ["Checks", "24 hours"]]),
                call_to_action(refs, "start", "Apply under Sarah's Law"),
            ],
        )
    )
    return {"home": home, "section": section, "guidance": guidance, "start": start}


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="editor", password="correct horse battery staple", email="editor@example.org"
    )
