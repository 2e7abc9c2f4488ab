from django.core.management.base import BaseCommand

from triage import retention


class Command(BaseCommand):
    help = (
        "Deletes the personal data of closed cases past their retention period, leaving an "
        "anonymous statistical stub. --dry-run lists what would go."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run, **options):
        expired = retention.expired_cases()
        for row in expired:
            self.stdout.write(
                f"{row.reference}  {row.scheme:<11} {row.outcome or '-':<16} "
                f"retain until {row.retain_until:%Y-%m-%d}"
            )
        if dry_run:
            self.stdout.write(f"Dry run: {len(expired)} cases would lose their personal data.")
            return
        deleted = sum(
            1 for row in expired if retention.case_delete_personal_data(case_id=row.case_id)
        )
        self.stdout.write(f"Deleted the personal data of {deleted} cases.")
