import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from cms.blocks import GuidanceStreamBlock, ImageBlock, LinkBlock
from cms.models import SiteSettings

pytestmark = pytest.mark.django_db

BLOCKS = list(GuidanceStreamBlock().child_blocks.items())


@pytest.mark.parametrize(("name", "block"), BLOCKS, ids=[name for name, _ in BLOCKS])
def test_every_block_has_an_icon_a_template_and_a_preview(name, block):
    assert block.meta.icon and block.meta.icon != "placeholder"
    assert block.meta.template.startswith("cms/blocks/")
    assert block.is_previewable
    assert block.get_description()


def test_every_block_preview_renders_in_the_admin_with_govuk_styles(client, editor, small_site):
    client.force_login(editor)
    for name, block in BLOCKS:
        response = client.get("/admin/block-preview/", {"id": block.definition_prefix})
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "/static/portal/portal.css" in html, name
        assert "govuk-" in html or "app-" in html, name


def test_the_emergency_call_out_takes_its_numbers_from_the_site_settings(client, small_site):
    site_settings = SiteSettings.for_site(small_site["home"].get_site())
    site_settings.non_emergency_number = "0300 123 1212"
    site_settings.save()

    html = client.get(small_site["guidance"].url).content.decode()

    callout = html[html.index("app-emergency-callout") :]
    callout = callout[: callout.index("</ul>")]
    for text in ("999", "0300 123 1212", "18001 101", "emergencySMS"):
        assert text in callout


def test_a_link_needs_a_page_or_an_address_and_an_address_needs_text():
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"text": "Somewhere", "page": None, "url": ""}))
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"text": "", "page": None, "url": "https://example.org/"}))
    assert block.clean(
        block.to_python({"text": "Example", "page": None, "url": "https://example.org/"})
    )


def test_an_image_cannot_be_added_without_alt_text():
    assert ImageBlock().child_blocks["alt_text"].required


def test_a_table_renders_with_govuk_classes_and_a_header_row():
    block = GuidanceStreamBlock().child_blocks["table"]
    html = block.render(block.get_preview_value())
    assert '<th scope="col" class="govuk-table__header">Stage</th>' in html
    assert '<td class="govuk-table__cell">24 hours</td>' in html
    assert "<caption" in html
