import pytest
from django.contrib.auth.models import Group
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from cms.constants import JOURNEY_PATHS, Journey
from cms.models import GuidancePage, HomePage, SectionPage, StandardPage, StartPage
from cms.services import MODERATION_WORKFLOW_NAME

pytestmark = pytest.mark.django_db


def _page(model, slug: str) -> Page:
    return model.objects.get(slug=slug)


def test_the_tree_rules_keep_guidance_in_sections(starter_content):
    home = starter_content.home
    section = _page(SectionPage, "managing-offenders")
    guidance = _page(GuidancePage, "mappa")
    standard = _page(StandardPage, "privacy")
    start = _page(StartPage, "apply-sarahs-law")

    assert not HomePage.can_create_at(home)  # only one home page
    assert SectionPage.can_create_at(home)
    assert not SectionPage.can_create_at(section)
    assert GuidancePage.can_create_at(section)
    assert StartPage.can_create_at(section)
    assert not StandardPage.can_create_at(section)
    for leaf in (guidance, standard, start):
        for model in (SectionPage, GuidancePage, StartPage, StandardPage):
            assert not model.can_create_at(leaf), (model, leaf)


@pytest.mark.parametrize(
    ("journey", "path"),
    [
        (Journey.CONCERN, "/report/"),
        (Journey.SARAHS_LAW, "/apply/sarahs-law/"),
        (Journey.CLARES_LAW, "/apply/clares-law/"),
    ],
)
def test_a_start_page_starts_its_journey(starter_content, journey, path):
    start = StartPage.objects.get(journey=journey)
    assert start.start_url == path == JOURNEY_PATHS[journey]


def test_every_page_type_can_be_previewed(starter_content, rf, editor):
    request = rf.get("/")
    request.user = editor
    samples = [
        starter_content.home,
        _page(SectionPage, "ask-for-a-disclosure"),
        _page(GuidancePage, "sarahs-law"),
        _page(StartPage, "apply-clares-law"),
        _page(StandardPage, "privacy"),
    ]
    for page in samples:
        page.title = "Draft title for preview"
        response = page.make_preview_request(original_request=request)
        assert response.status_code == 200, page
        assert b"Draft title for preview" in response.content
        # A preview may show a draft: never let a cache keep it.
        assert "private" in response["Cache-Control"]
        assert "max-age" not in response["Cache-Control"]


def _new_page_form(model, title: str) -> dict:
    paragraph = [("paragraph", rich_text("<p>Some guidance.</p>"))]
    fields = {
        "title": title,
        "slug": slugify(title),
        "introduction": "A summary.",
        "comments": inline_formset([]),
    }
    if model is StartPage:
        fields |= {
            "journey": Journey.SARAHS_LAW,
            "before_you_start": rich_text("<p>You will need a name.</p>"),
            "time_to_complete": "10 minutes",
            "after_you_start": rich_text(""),
            "related_links": streamfield([]),
        }
    else:
        fields["body"] = streamfield(paragraph)
    return nested_form_data(fields)


@pytest.mark.parametrize(
    ("model", "parent_slug"),
    [
        (SectionPage, "home"),
        (GuidancePage, "managing-offenders"),
        (StartPage, "ask-for-a-disclosure"),
        (StandardPage, "home"),
    ],
)
def test_an_editor_creates_each_page_type_with_preview_and_sends_it_for_moderation(
    client, starter_content, django_user_model, model, parent_slug
):
    editor = django_user_model.objects.create_user(username="ed", password="x" * 16)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    parent = Page.objects.get(slug=parent_slug)
    add_url = f"/admin/pages/add/cms/{model._meta.model_name}/{parent.pk}/"
    data = _new_page_form(model, "A new page")

    assert client.post(add_url + "preview/", data).json() == {
        "is_valid": True,
        "is_available": True,
    }
    preview = client.get(add_url + "preview/")
    assert preview.status_code == 200
    assert b"A new page" in preview.content

    response = client.post(add_url, data | {"action-submit": "Submit for moderation"})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = model.objects.get(slug="a-new-page")
    assert not page.live
    state = page.current_workflow_state
    assert state.workflow.name == MODERATION_WORKFLOW_NAME
    assert state.current_task_state.task.name == "Editor review"
