from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the public pages say about the force running them, and how to leave in a hurry."""

    force_name = models.CharField(max_length=120, default="Example Police")
    unit_name = models.CharField(
        max_length=120,
        default="Public Protection Unit",
        help_text="As the force names it: SOMU, VSOM, PPU.",
    )
    emergency_number = models.CharField(max_length=20, default="999")
    non_emergency_number = models.CharField(max_length=20, default="101")
    textphone_number = models.CharField(max_length=20, default="18001 101")
    emergency_sms_help_url = models.URLField(
        default="https://www.emergencysms.net/",
        help_text="Where people who cannot speak on the phone register for emergencySMS.",
    )
    exit_page_url = models.URLField(
        "Exit this page destination",
        default="https://www.bbc.co.uk/weather",
        help_text="A neutral site that 'Exit this page' sends visitors to.",
    )

    panels = [
        MultiFieldPanel([FieldPanel("force_name"), FieldPanel("unit_name")], "The force"),
        MultiFieldPanel(
            [
                FieldPanel("emergency_number"),
                FieldPanel("non_emergency_number"),
                FieldPanel("textphone_number"),
                FieldPanel("emergency_sms_help_url"),
            ],
            "Contact numbers",
        ),
        FieldPanel("exit_page_url"),
    ]

    class Meta:
        verbose_name = "Site settings"


class HomePage(Page):
    introduction = models.TextField(max_length=400, blank=True)
    body = RichTextField(blank=True, features=["h2", "h3", "bold", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
