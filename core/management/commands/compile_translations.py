from django.core.management.base import BaseCommand

from core.translations import compile_catalogues


class Command(BaseCommand):
    help = "Compile the .po catalogues under LOCALE_PATHS to .mo with polib (no gettext needed)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Compile even if up to date.")

    def handle(self, *args, force: bool = False, **options) -> None:
        for path in compile_catalogues(force=force):
            self.stdout.write(f"Compiled {path}")
