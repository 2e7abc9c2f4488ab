from django.core.management.base import BaseCommand

from cms.services import starter_home_page_ensure


class Command(BaseCommand):
    help = "Creates the home page and site settings if they are missing. Safe to run again."

    def handle(self, *args, **options):
        home = starter_home_page_ensure()
        self.stdout.write(f"Starter content ready: home page '{home.title}'.")
