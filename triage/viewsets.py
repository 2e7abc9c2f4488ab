from django.urls import path
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import Case
from .views import CaseIndexView, CaseInspectView


class CaseViewSet(ModelViewSet):
    """The triage queue. Cases change only through services, never through a generic form."""

    model = Case
    icon = "folder-open-inverse"
    menu_label = "Queue"
    name = "cases"
    url_prefix = "triage/cases"
    index_view_class = CaseIndexView
    inspect_view_class = CaseInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "reference",
        "scheme",
        "status",
        "priority",
        DateColumn("opened_at", label="Opened", sort_key="opened_at"),
    ]
    list_filter = ["scheme", "status", "priority"]
    ordering = ["-opened_at"]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"edit_url_name": None, "delete_url_name": None, "add_url_name": None, **kwargs}
        )


class TriageViewSetGroup(ModelViewSetGroup):
    menu_label = "Triage"
    menu_icon = "tasks"
    menu_order = 150
    items = (CaseViewSet,)
