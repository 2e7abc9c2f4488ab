from wagtail import hooks

from .viewsets import TriageViewSetGroup


@hooks.register("register_admin_viewset")
def register_triage_viewsets():
    return TriageViewSetGroup()
