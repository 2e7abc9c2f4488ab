from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete


class TriageConfig(AppConfig):
    name = "triage"
    verbose_name = "Triage"

    def ready(self) -> None:
        from staff.models import Team

        from . import routing, search
        from .models import Area, Case, Nominal, RoutingRule

        # Each case's search entries carry a copy of its place (CaseSearchToken.case_*):
        # whatever changes it, through whichever service, the copy follows in the same
        # transaction.
        post_save.connect(search.on_case_saved, sender=Case, dispatch_uid="search_case")
        post_save.connect(search.on_nominal_saved, sender=Nominal, dispatch_uid="search_nominal")
        pre_delete.connect(
            search.on_nominal_deleted, sender=Nominal, dispatch_uid="search_nominal_deleted"
        )
        post_save.connect(search.on_team_saved, sender=Team, dispatch_uid="search_team")
        # The routing table each process keeps (triage/routing.py) is read afresh after any
        # change to what it holds.
        for model in (RoutingRule, Area, Team):
            for signal in (post_save, post_delete):
                signal.connect(
                    routing.on_table_changed,
                    sender=model,
                    dispatch_uid=f"routing_{model._meta.model_name}_{signal is post_save}",
                )
