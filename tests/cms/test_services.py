import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page, Site, WorkflowPage

from cms.models import HomePage, Organisation, SiteSettings, StartPage
from cms.services import (
    MODERATION_WORKFLOW_NAME,
    organisations_ensure,
    starter_content_ensure,
    starter_home_page_ensure,
)
from cms.starter_content import ORGANISATIONS, STARTER_PAGES

pytestmark = pytest.mark.django_db


def _english():
    """The English tree's pages (the Welsh tree beside it mirrors them)."""
    return Page.objects.filter(locale=Locale.get_default())


def test_starter_home_page_is_created_once_and_becomes_the_site_root():
    first = starter_home_page_ensure()
    second = starter_home_page_ensure()
    assert first.pk == second.pk
    assert HomePage.objects.count() == 1
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == first.pk
    assert SiteSettings.for_site(site).force_name == "Example Police"


def test_home_page_names_the_force_and_the_emergency_numbers(client):
    starter_home_page_ensure()
    body = client.get("/").content.decode()
    assert "Example Police" in body
    assert "999" in body
    assert "101" in body
    assert "Skip to main content" in body


def test_starter_content_loads_once_and_leaves_editors_changes_alone(django_user_model):
    first = starter_content_ensure()
    assert first.pages_created == len(STARTER_PAGES)
    editor = django_user_model.objects.create_user(username="editor")
    privacy = _english().get(slug="privacy").specific
    privacy.title = "Our privacy notice"
    privacy.save_revision(user=editor).publish()
    _english().get(slug="cookies").specific.unpublish()

    second = starter_content_ensure()

    assert second.pages_created == 0
    assert second.pages_updated == 0
    assert _english().filter(depth__gt=2).count() == len(STARTER_PAGES)
    assert Page.objects.filter(depth__gt=2).count() == 2 * len(STARTER_PAGES)
    assert _english().get(slug="privacy").title == "Our privacy notice"
    assert not _english().get(slug="cookies").live
    assert Organisation.objects.count() == len(ORGANISATIONS)


def test_pages_no_editor_has_touched_get_the_new_starter_wording():
    starter_content_ensure()
    sarahs_law = _english().get(slug="sarahs-law").specific
    wording = sarahs_law.introduction
    # As an older release of the starter content left it: written by the loader alone.
    sarahs_law.introduction = "Older wording, since corrected."
    sarahs_law.body = [{"type": "paragraph", "value": "<p>Older wording.</p>"}]
    sarahs_law.save_revision().publish()

    result = starter_content_ensure()

    assert result.pages_updated == 1
    sarahs_law = _english().get(slug="sarahs-law").specific
    assert sarahs_law.introduction == wording
    assert "Older wording" not in str(sarahs_law.body)
    assert starter_content_ensure().pages_updated == 0


def test_the_management_command_loads_every_starter_page(capsys):
    call_command("load_starter_content")
    call_command("load_starter_content")
    out = capsys.readouterr().out
    assert f"0 new of {len(STARTER_PAGES)}" in out
    assert _english().live().filter(depth__gt=2).count() == len(STARTER_PAGES)


def test_a_start_page_for_each_journey_links_to_it_and_the_footer_to_the_notices(
    client, starter_content
):
    paths = set()
    for start in StartPage.objects.live().filter(locale=Locale.get_default()):
        html = client.get(start.url).content.decode()
        assert "Start now" in html
        assert f'href="{start.start_url}"' in html
        paths.add(start.start_url)
    assert paths == {"/report/", "/apply/sarahs-law/", "/apply/clares-law/"}

    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    for path in ("/privacy/", "/accessibility/", "/cookies/"):
        assert f'href="{path}"' in footer


def test_signposting_starter_organisations_are_all_there(db):
    organisations_ensure()
    names = set(Organisation.objects.values_list("name", flat=True))
    for expected in (
        "Stop It Now",
        "Crimestoppers",
        "NSPCC",
        "CEOP",
        "National Domestic Abuse Helpline",
        "Samaritans",
    ):
        assert any(expected in name for name in names), expected


def test_moderation_is_two_steps_for_the_whole_tree(small_site):
    assignment = WorkflowPage.objects.get(page=small_site["home"])
    workflow = assignment.workflow
    assert workflow.name == MODERATION_WORKFLOW_NAME
    tasks = [task.specific for task in workflow.tasks]
    assert [task.name for task in tasks] == ["Editor review", "Approval to publish"]
    assert [[g.name for g in task.groups.all()] for task in tasks] == [["Editors"], ["Moderators"]]
    guidance = Page.objects.get(slug="sarahs-law")
    assert guidance.get_workflow() == workflow


THIRD_PARTY_WORDS = (
    "If you applied about someone else's safety, you may not be told whether we shared any "
    "information."
)


def _page_text(page) -> str:
    import json

    from django.utils.html import strip_tags

    fields = [getattr(page, name, "") for name in ("before_you_start", "after_you_start")]
    body = getattr(page, "body", None)
    related = getattr(page, "related_links", None)
    raw = [json.dumps(list(stream.raw_data)) for stream in (body, related) if stream is not None]
    return " ".join(strip_tags(str(text)) for text in [*fields, *raw]).replace("\\u2019", "'")


def test_the_starter_guidance_says_what_each_scheme_allows_anonymously(starter_content):

    pages = {page.slug: page.specific for page in _english().live().filter(depth__gt=2)}
    assert "You can stay anonymous" in _page_text(pages["how-to-report-a-concern"])
    for slug in ["sarahs-law", "clares-law", "apply-sarahs-law", "apply-clares-law"]:
        assert "You cannot apply anonymously" in _page_text(pages[slug]), slug
    # One wording for what a third party is told, wherever it is said.
    for slug in ["clares-law", "apply-clares-law"]:
        assert THIRD_PARTY_WORDS in _page_text(pages[slug]), slug
    everything = " ".join(_page_text(page) for page in pages.values())
    assert "may never find out" not in everything
    # A statistic without its source and date is not given.
    assert "84 in every" not in everything and "84%" not in everything


def test_the_confirmation_page_uses_the_same_third_party_words():
    from django.conf import settings

    template = settings.BASE_DIR / "templates/intake/includes/next_steps_clares_law.html"
    assert THIRD_PARTY_WORDS in template.read_text()
