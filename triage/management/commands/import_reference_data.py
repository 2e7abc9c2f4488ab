from django.core.management.base import BaseCommand, CommandError

from triage.imports import IMPORTERS, import_csv


class Command(BaseCommand):
    help = (
        "Imports teams, areas, staff or nominals from a CSV file (see docs/triage.md for the "
        "columns). Nothing is written unless every row is good; --dry-run writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, kind, path, dry_run, **options):
        with open(path, newline="", encoding="utf-8-sig") as handle:
            result = import_csv(kind=kind, text=handle, dry_run=dry_run)
        for error in result.errors:
            self.stderr.write(error)
        verb = "Would create" if dry_run or result.errors else "Created"
        self.stdout.write(
            f"{result.rows} rows: {verb} {result.created}, "
            f"{'would update' if dry_run or result.errors else 'updated'} {result.updated}."
        )
        if result.errors:
            raise CommandError(f"{len(result.errors)} bad rows: nothing was written.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
