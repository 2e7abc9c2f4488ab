"""The building blocks of guidance pages, each rendered with GOV.UK Frontend markup.

Every block names an icon, a template and a preview value, so editors see in the block
picker what the block will look like before they add it. Previews share one template that
loads the portal's own stylesheet (cms/blocks/preview.html).
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

PREVIEW_TEMPLATE = "cms/blocks/preview.html"

# Rich text stays simple: headings come from the heading block so that their levels stay
# in order, and nothing that GOV.UK styles cannot carry (no colours, no embeds).
RICH_TEXT_FEATURES = ["bold", "link", "ol", "ul", "document-link"]
SHORT_RICH_TEXT_FEATURES = ["bold", "link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    size = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (h2)"), ("h3", "Sub-heading (h3)")],
        default="h2",
        help_text="Use a section heading first; a sub-heading only under one.",
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"text": "Who can apply", "size": "h2"}
        description = "A heading that starts a new section of the page."


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "cms/blocks/paragraph.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = (
            "<p>Anyone can ask the police whether a person who has contact with a child "
            "has convictions for sexual offences against children.</p>"
        )
        description = "Paragraphs, lists and links."


class InsetTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", SHORT_RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/inset_text.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = "<p>It can take up to 45 days to finish your application.</p>"
        description = "Sets a short piece of information apart from the text around it."


class WarningTextBlock(blocks.CharBlock):
    class Meta:
        icon = "warning"
        template = "cms/blocks/warning_text.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = "Do not confront the person yourself."
        description = "A short, important warning in bold with a warning icon."


class EmergencyCalloutBlock(blocks.StructBlock):
    """The force's emergency and non-emergency numbers, always as the site settings say."""

    heading = blocks.CharBlock(max_length=120, default="If someone is in danger now")

    class Meta:
        icon = "warning"
        template = "cms/blocks/emergency_callout.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"heading": "If someone is in danger now"}
        description = "999, 101, textphone and emergencySMS, from the site settings."


class DetailsBlock(blocks.StructBlock):
    summary = blocks.CharBlock(max_length=120)
    text = ParagraphBlock()

    class Meta:
        icon = "arrow-down"
        template = "cms/blocks/details.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "summary": "Help with the words on this page",
            "text": "<p>A <b>nominal</b> is a person the police manage in the community.</p>",
        }
        description = "Help that is hidden until someone opens it."


class AccordionSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    summary = blocks.CharBlock(max_length=200, required=False)
    content = ParagraphBlock()

    class Meta:
        icon = "doc-full"


class AccordionBlock(blocks.StructBlock):
    sections = blocks.ListBlock(AccordionSectionBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "cms/blocks/accordion.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "sections": [
                {
                    "heading": "Will the person know I asked?",
                    "summary": "",
                    "content": "<p>The police do not tell them who asked.</p>",
                },
                {
                    "heading": "Can I apply for someone else?",
                    "summary": "",
                    "content": "<p>Yes. You can ask about a person who has contact "
                    "with a child you know.</p>",
                },
            ]
        }
        description = "Questions and answers, or sections people open one at a time."


class StepBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = ParagraphBlock()

    class Meta:
        icon = "order"


class StepByStepBlock(blocks.StructBlock):
    steps = blocks.ListBlock(StepBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "cms/blocks/step_by_step.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "steps": [
                {"heading": "You apply", "text": "<p>Online or by phone.</p>"},
                {"heading": "We check", "text": "<p>Within 24 hours.</p>"},
                {"heading": "We meet you", "text": "<p>Within 10 days.</p>"},
            ]
        }
        description = "Numbered steps in the order they happen."


class SignpostingBlock(blocks.StructBlock):
    """Cards for organisations that help, kept as snippets so each is edited in one place."""

    heading = blocks.CharBlock(max_length=120, required=False)
    organisations = blocks.ListBlock(SnippetChooserBlock("cms.Organisation"), min_num=1)

    class Meta:
        icon = "group"
        template = "cms/blocks/signposting.html"
        preview_template = PREVIEW_TEMPLATE
        description = "Organisations that help: what with, phone, website, opening hours."

    def get_preview_value(self):
        organisation = self.child_blocks["organisations"].child_block.target_model
        return self.to_python(
            {
                "heading": "Other organisations that can help",
                "organisations": list(organisation.objects.values_list("pk", flat=True)[:2]),
            }
        )


class LinkBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, required=False, help_text="Defaults to the title.")
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="For a link to another site.")

    class Meta:
        icon = "link"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError("Choose a page or give a web address.")}
            )
        if value.get("url") and not value.get("text"):
            raise StructBlockValidationError(
                block_errors={"text": ValidationError("Give the link's text.")}
            )
        return value


class RelatedLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Related content")
    links = blocks.ListBlock(LinkBlock(), min_num=1)

    class Meta:
        icon = "link"
        template = "cms/blocks/related_links.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "heading": "Related content",
            "links": [{"text": "Sarah's Law", "page": None, "url": "https://example.org/"}],
        }
        description = "A short list of pages that help next."


class TableBlock(WagtailTableBlock):
    class Meta:
        icon = "table"
        template = "cms/blocks/table.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Time limits",
            "data": [["Stage", "Usually within"], ["Initial checks", "24 hours"]],
        }
        description = "A table with a caption and a header row."


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Say what the image shows for people who cannot see it.",
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"image": None, "alt_text": "", "caption": "An image with its caption"}
        description = "An image with the text alternative it needs."


class CallToActionBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(page_type="cms.StartPage")
    text = blocks.CharBlock(max_length=80, required=False, help_text="Defaults to the title.")

    class Meta:
        icon = "arrow-right"
        template = "cms/blocks/call_to_action.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"page": None, "text": "Apply under Sarah's Law"}
        description = "A green button to the start page of a form."


class GuidanceStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    inset_text = InsetTextBlock()
    warning_text = WarningTextBlock()
    emergency_callout = EmergencyCalloutBlock()
    details = DetailsBlock()
    accordion = AccordionBlock()
    step_by_step = StepByStepBlock()
    signposting = SignpostingBlock()
    related_links = RelatedLinksBlock()
    table = TableBlock()
    image = ImageBlock()
    call_to_action = CallToActionBlock()


class StandardStreamBlock(blocks.StreamBlock):
    """For notices and statements: text and structure, no journeys or signposting."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    inset_text = InsetTextBlock()
    details = DetailsBlock()
    table = TableBlock()
