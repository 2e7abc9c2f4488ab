from django.apps import AppConfig
from django.db.models.signals import post_save, pre_delete


class TriageConfig(AppConfig):
    name = "triage"
    verbose_name = "Triage"

    def ready(self) -> None:
        from staff.models import Team

        from . import search
        from .models import Case, Nominal

        # Each case's search entries carry a copy of its place (CaseSearchToken.case_*):
        # whatever changes it, through whichever service, the copy follows in the same
        # transaction.
        post_save.connect(search.on_case_saved, sender=Case, dispatch_uid="search_case")
        post_save.connect(search.on_nominal_saved, sender=Nominal, dispatch_uid="search_nominal")
        pre_delete.connect(
            search.on_nominal_deleted, sender=Nominal, dispatch_uid="search_nominal_deleted"
        )
        post_save.connect(search.on_team_saved, sender=Team, dispatch_uid="search_team")
