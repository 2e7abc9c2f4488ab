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


def _standard_page(home: Page) -> StandardPage:
    return home.add_child(
        instance=StandardPage(
            title="Privacy notice",
            slug="privacy",
            body=[{"type": "paragraph", "value": "<p>What we do with your details.</p>"}],
        )
    )


def test_the_tree_rules_keep_guidance_in_sections(small_site):
    home, section = small_site["home"], small_site["section"]
    standard = _standard_page(home)

    assert not HomePage.can_create_at(home)  # only one home page
    assert SectionPage.can_create_at(home)
    assert not SectionPage.can_create_at(section)
    assert GuidancePage.can_create_at(section)
    assert StartPage.can_create_at(section)
    assert not StandardPage.can_create_at(section)
    for leaf in (small_site["guidance"], small_site["start"], standard):
        for model in (SectionPage, GuidancePage, StartPage, StandardPage):
            assert not model.can_create_at(leaf), (model, leaf)


def test_each_journey_has_a_fixed_path():
    assert {JOURNEY_PATHS[journey] for journey in Journey} == {
        "/report/",
        "/apply/sarahs-law/",
        "/apply/clares-law/",
    }
    assert StartPage(journey=Journey.CLARES_LAW).start_url == "/apply/clares-law/"


def test_every_page_type_can_be_previewed_and_a_preview_is_never_cached(small_site, rf, editor):
    request = rf.get("/")
    request.user = editor
    samples = [*small_site.values(), _standard_page(small_site["home"])]
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


def test_an_editor_creates_each_page_type_with_preview_and_sends_it_for_moderation(
    client, small_site, django_user_model
):
    editor = django_user_model.objects.create_user(username="ed", password="x" * 16)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    home, section = small_site["home"], small_site["section"]
    for model, parent in [
        (SectionPage, home),
        (GuidancePage, section),
        (StartPage, section),
        (StandardPage, home),
    ]:
        title = f"A new {model._meta.model_name}"
        add_url = f"/admin/pages/add/cms/{model._meta.model_name}/{parent.pk}/"
        data = _new_page_form(model, title)

        preview_state = client.post(add_url + "preview/", data).json()
        assert preview_state == {"is_valid": True, "is_available": True}, model
        preview = client.get(add_url + "preview/")
        assert preview.status_code == 200
        assert title.encode() in preview.content

        response = client.post(add_url, data | {"action-submit": "Submit for moderation"})
        assert response.status_code == 302, response.content.decode()[:2000]
        # wagtail-localize gives the new page its Welsh alias too.
        page = model.objects.get(slug=slugify(title), alias_of__isnull=True)
        assert not page.live
        state = page.current_workflow_state
        assert state.workflow.name == MODERATION_WORKFLOW_NAME
        assert state.current_task_state.task.name == "Editor review"
