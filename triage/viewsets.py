from django.forms.utils import flatatt
from django.urls import path, reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from staff.models import StaffProfile, Team, Unit

from . import access, nominal_views
from .filters import CaseFilterSet
from .models import Area, Case, Nominal, RoutingRule
from .selectors import Queue
from .views import (
    BulkAssignView,
    CaseActionView,
    CaseHistoryView,
    CaseIndexView,
    CaseInspectView,
    CaseLetterView,
    MatchActionView,
    RightToKnowView,
)


def _when(value) -> str:
    return timezone.localtime(value).strftime("%-d %b %Y %H:%M")


class TextColumn(Column):
    """A cell of plain text, drawn straight to HTML. Wagtail draws each cell from a template;
    a queue page has 20 rows of 8 cells, and those templates were a fifth of its time."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        return format_html("<td>{}</td>", "" if value is None else value)


class ReferenceColumn(TitleColumn):
    """The case's reference, linked to the case, drawn straight to HTML: the same markup as
    Wagtail's title cell without buttons (the queue has none, CaseIndexView.get_list_buttons),
    whose template, with its fragment and attribute include, cost about twice as much
    (docs/performance.md)."""

    def render_cell_html(self, instance, parent_context):
        context = self.get_cell_context_data(instance, parent_context)
        if context["title_id"] or context["label_id"] or not context["link_url"]:
            return super().render_cell_html(instance, parent_context)
        return format_html(
            '<td class="{}title"><div class="title-wrapper"><a{}>{}</a></div></td>',
            f"{self.classname} " if self.classname else "",
            flatatt(context["link_attrs"]),
            context["value"],
        )


class DueColumn(TextColumn):
    """The next deadline, marked when it has passed (or the clock is paused)."""

    def get_value(self, instance):
        if instance.due_at is None:
            return "No deadline"
        when = _when(instance.due_at)
        if instance.clock_paused_at:
            return f"{when} (paused)"
        if instance.due_at < timezone.now():
            return f"{when} OVERDUE"
        return when


class OpenedColumn(TextColumn):
    """When the case was opened, as the deadline beside it is written."""

    def get_value(self, instance):
        return _when(instance.opened_at)


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
    filterset_class = CaseFilterSet
    list_display = [
        ReferenceColumn(
            "reference", label="Reference", sort_key="reference", url_name="cases:inspect"
        ),
        TextColumn("get_scheme_display", label="Scheme", sort_key="scheme"),
        TextColumn("get_status_display", label="Status", sort_key="status"),
        TextColumn("get_priority_display", label="Priority", sort_key="priority"),
        TextColumn("team", label="Team"),
        TextColumn("assigned_to", label="Assigned to"),
        DueColumn("due_at", label="Due", sort_key="due_at"),
        OpenedColumn("opened_at", label="Opened", sort_key="opened_at"),
    ]
    list_export = [
        "reference",
        "get_scheme_display",
        "get_status_display",
        "get_priority_display",
        "team",
        "assigned_to",
        "due_at",
        "opened_at",
        "get_outcome_display",
    ]
    export_headings = {
        "get_scheme_display": "Scheme",
        "get_status_display": "Status",
        "get_priority_display": "Priority",
        "assigned_to": "Assigned to",
        "due_at": "Due",
        "opened_at": "Opened",
        "get_outcome_display": "Outcome",
    }
    ordering = ["due_at", "opened_at"]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
            path("bulk-assign/", BulkAssignView.as_view(), name="bulk_assign"),
            path("right-to-know/", RightToKnowView.as_view(), name="right_to_know"),
            path("action/<str:pk>/<slug:action>/", CaseActionView.as_view(), name="action"),
            path("letter/<str:pk>/<int:letter_id>/", CaseLetterView.as_view(), name="letter"),
            path("history/<str:pk>/", CaseHistoryView.as_view(), name="history"),
            path(
                "match/<str:pk>/<int:match_id>/<slug:decision>/",
                MatchActionView.as_view(),
                name="match",
            ),
        ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"edit_url_name": None, "delete_url_name": None, "add_url_name": None, **kwargs}
        )


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_use_triage(request.user)


class TriageViewSetGroup(ModelViewSetGroup):
    menu_label = "Triage"
    menu_icon = "tasks"
    menu_order = 150
    items = (CaseViewSet,)

    def get_submenu_items(self):
        items = super().get_submenu_items()
        for order, (queue, label) in enumerate(Queue.choices, start=1):
            items.append(
                QueueMenuItem(
                    label,
                    reverse_lazy("cases:index") + f"?queue={queue}",
                    name=f"queue-{queue}",
                    icon_name="list-ul",
                    order=order + 100,
                )
            )
        return items


# --- Reference data -----------------------------------------------------------------------------


class UnitViewSet(ModelViewSet):
    url_prefix = "triage/units"
    name = "triage_units"
    copy_view_enabled = False
    model = Unit
    icon = "group"
    search_fields = ["name"]
    list_display = ["name"]
    form_fields = ["name"]


class TeamViewSet(ModelViewSet):
    url_prefix = "triage/teams"
    name = "triage_teams"
    copy_view_enabled = False
    model = Team
    icon = "group"
    search_fields = ["name"]
    list_display = ["name", "unit", "kind", "email"]
    list_filter = ["unit", "kind"]
    form_fields = ["unit", "name", "kind", "email"]


class AreaViewSet(ModelViewSet):
    url_prefix = "triage/areas"
    name = "triage_areas"
    copy_view_enabled = False
    model = Area
    icon = "site"
    search_fields = ["district", "name"]
    list_display = ["district", "name", "team", "disclosure_desk"]
    list_filter = ["team"]
    form_fields = ["district", "name", "team", "disclosure_desk"]


class StaffProfileViewSet(ModelViewSet):
    url_prefix = "triage/staff"
    name = "triage_staff"
    copy_view_enabled = False
    model = StaffProfile
    icon = "user"
    menu_label = "Staff"
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_display = ["user", "role", "team", "on_duty"]
    list_filter = ["role", "team", "on_duty"]
    form_fields = ["user", "role", "team", "on_duty"]


class NominalViewSet(ModelViewSet):
    """The register of nominals, need-to-know (access.nominals_visible_to): the list shows
    only what the user may see, each row opens the nominal's page, and every page of one
    nominal goes through access.nominal_for."""

    url_prefix = "triage/nominals"
    name = "triage_nominals"
    copy_view_enabled = False
    inspect_view_enabled = True
    model = Nominal
    index_view_class = nominal_views.NominalIndexView
    inspect_view_class = nominal_views.NominalInspectView
    add_view_class = nominal_views.NominalCreateView
    edit_view_class = nominal_views.NominalEditView
    delete_view_class = nominal_views.NominalDeleteView
    history_view_class = nominal_views.NominalHistoryView
    usage_view_class = nominal_views.NominalUsageView
    icon = "user"
    search_fields = ["force_reference", "given_name", "family_name"]
    list_display = [
        "force_reference",
        "family_name",
        "given_name",
        "category",
        "risk_level",
        "offender_manager",
        "next_home_visit_due",
    ]
    list_filter = ["category", "risk_level", "offender_manager", "next_home_visit_due"]
    list_per_page = 50
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("force_reference"),
                FieldPanel("given_name"),
                FieldPanel("family_name"),
                FieldPanel("date_of_birth"),
                FieldPanel("sex"),
            ],
            heading="Who",
        ),
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldPanel("risk_level"),
                FieldPanel("next_home_visit_due"),
                FieldPanel("court_order_conditions"),
                FieldPanel("offender_manager"),
            ],
            heading="Management",
        ),
        InlinePanel("names", heading="Names and aliases", label="Name"),
        InlinePanel("addresses", heading="Addresses", label="Address"),
        InlinePanel("identifiers", heading="Vehicles, phones and online identifiers"),
    ]


class RoutingRuleViewSet(ModelViewSet):
    url_prefix = "triage/routing-rules"
    name = "triage_routing_rules"
    copy_view_enabled = False
    model = RoutingRule
    icon = "redirect"
    list_display = ["order", "scheme", "condition", "target", "team", "is_active"]
    list_filter = ["scheme", "is_active"]
    form_fields = ["order", "scheme", "condition", "target", "team", "is_active"]
    ordering = ["order"]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        from .import_views import can_import

        return can_import(request.user)


class ReferenceDataViewSetGroup(ViewSetGroup):
    menu_label = "Reference data"
    menu_icon = "cogs"
    menu_order = 151

    def get_submenu_items(self):
        return [
            *super().get_submenu_items(),
            ImportMenuItem(
                "Import from CSV",
                reverse_lazy("triage_import"),
                name="triage-import",
                icon_name="upload",
                order=1000,
            ),
        ]

    items = (
        NominalViewSet,
        StaffProfileViewSet,
        AreaViewSet,
        TeamViewSet,
        UnitViewSet,
        RoutingRuleViewSet,
    )
