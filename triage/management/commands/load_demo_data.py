from django.core.management.base import BaseCommand

from triage.demo import DEMO_NOMINAL, demo_nominals_ensure

from .load_demo_staff import Command as LoadDemoStaff


class Command(BaseCommand):
    help = (
        "Creates demo staff (passwords printed once), teams, areas and about 200 fictional "
        "nominals. Demo use only."
    )

    def handle(self, *args, **options):
        LoadDemoStaff(stdout=self.stdout, stderr=self.stderr).handle()
        created = demo_nominals_ensure()
        if created:
            self.stdout.write(f"Created {created} fictional nominals.")
        self.stdout.write(
            "Each account sets up an authenticator app (one-time passwords) at first sign-in."
        )
        nominal = DEMO_NOMINAL
        self.stdout.write(
            "To see routing work, report a concern about "
            f"{nominal['given_name']} {nominal['family_name']} (born "
            f"{nominal['date_of_birth']:%-d %B %Y}, {nominal['postcode']}, car "
            f"{nominal['vehicle']}): it goes to {nominal['manager']}."
        )
