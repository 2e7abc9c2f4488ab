"""Write every case's search entries again: after SEARCH_INDEX_KEY changes, or to repair.

Rotating the key: set the new SEARCH_INDEX_KEY, deploy, run this. Until it finishes, a search
finds only the cases already rewritten; nothing else is affected.
"""

from django.core.management.base import BaseCommand

from triage import search


class Command(BaseCommand):
    help = "Rebuild the blind search index of every case under the current SEARCH_INDEX_KEY."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        done = 0
        for done in search.index_rebuild(batch_size=batch_size):
            if options["verbosity"] > 1:
                self.stdout.write(f"{done} cases indexed")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {done} cases."))
