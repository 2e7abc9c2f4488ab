from django.core.management.base import BaseCommand

from triage.demo import demo_staff_ensure


class Command(BaseCommand):
    help = "Creates demo staff accounts and prints their passwords once. Demo use only."

    def handle(self, *args, **options):
        accounts = demo_staff_ensure()
        self.stdout.write("Demo staff accounts (sign in at http://127.0.0.1:8000/admin/):")
        for account in accounts:
            if account.password:
                self.stdout.write(
                    f"  {account.role:<20} username: {account.username:<11} "
                    f"password: {account.password}"
                )
            else:
                self.stdout.write(
                    f"  {account.role:<20} username: {account.username:<11} "
                    "(already exists; reset with: manage.py changepassword "
                    f"{account.username})"
                )
