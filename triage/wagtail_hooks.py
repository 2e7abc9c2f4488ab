from django.core.cache import cache
from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import access, selectors
from .models import LetterTemplate
from .viewsets import ReferenceDataViewSetGroup, TriageViewSetGroup


@hooks.register("register_admin_urls")
def register_import_urls():
    from django.urls import path

    from .import_views import ImportView

    return [path("triage/import/", ImportView.as_view(), name="triage_import")]


@hooks.register("register_admin_viewset")
def register_triage_viewsets():
    return TriageViewSetGroup()


@hooks.register("register_admin_viewset")
def register_reference_data_viewsets():
    return ReferenceDataViewSetGroup()


class LetterTemplateViewSet(SnippetViewSet):
    """Letter wording, kept by supervisors: drafts, revisions, locking, a preview with example
    details, and Wagtail's workflow where a force assigns one (Settings, Workflows)."""

    model = LetterTemplate
    icon = "doc-full"
    menu_label = "Letter templates"
    menu_name = "letter-templates"
    menu_order = 152
    add_to_admin_menu = True
    list_display = ["__str__", "subject", LiveStatusTagColumn(), UpdatedAtColumn()]
    copy_view_enabled = False


register_snippet(LetterTemplateViewSet)


ON_TIME_CACHE_SECONDS = 60


class OnTimePanel(Component):
    """Dashboard: cases of the last 30 days per scheme, and the share closed on time."""

    name = "triage_on_time"
    order = 50

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        from .returns_hooks import on_time_cache_key

        user = self.request.user
        # Counts only, kept a minute per reader's scope: every visit to the admin's home
        # page would otherwise count the month's cases again.
        key = on_time_cache_key(user)
        rows = cache.get(key)
        if rows is None:
            rows = selectors.on_time_by_scheme(user=user)
            cache.set(key, rows, ON_TIME_CACHE_SECONDS)
        return render_to_string(
            "triage/dashboard_panel.html", {"rows": rows, "days": 30}, request=self.request
        )


@hooks.register("construct_homepage_panels")
def add_on_time_panel(request, panels):
    if access.can_use_triage(request.user):
        panels.append(OnTimePanel(request))


@hooks.register("register_log_actions")
def register_nominal_log_actions(actions):
    """Looks at a nominal and refusals, in its History and the site history report."""
    actions.register_action(access.NOMINAL_VIEWED, "View nominal", "Nominal viewed")

    @actions.register_action(access.NOMINAL_REFUSED)
    class NominalRefused(LogFormatter):
        label = "Refuse access to nominal"

        def format_message(self, log_entry):
            action = (log_entry.data or {}).get("action")
            return f"Nominal access refused ({action})" if action else "Nominal access refused"


# The statutory return and the dashboard charts register their own hooks, and so do the views
# of files sent as evidence.
from . import evidence_views, returns_hooks  # noqa: E402, F401
