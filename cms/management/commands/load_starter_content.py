from django.core.management.base import BaseCommand

from cms.services import starter_content_ensure


class Command(BaseCommand):
    help = (
        "Creates the home page, site settings, starter guidance and the moderation workflow "
        "where they are missing, and brings pages no editor has changed up to the current "
        "starter wording. Safe to run again: an editor's changes are never overwritten."
    )

    def handle(self, *args, **options):
        result = starter_content_ensure()
        self.stdout.write(
            f"Starter content ready: home page '{result.home.title}', "
            f"{result.pages_created} new of {result.pages_total} guidance pages, "
            f"{result.pages_updated} brought up to date."
        )
