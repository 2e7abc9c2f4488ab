"""Admin hooks for the statutory return and the dashboard's charts (loaded by
triage/wagtail_hooks.py, as Wagtail reads only modules of that name)."""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import access, charts, returns

# The charts' figures are kept this long in the shared cache, per reader's scope: they move
# by the week and the month, and at a whole force's scale the administrators' figures read
# a year of every case.
CHARTS_CACHE_SECONDS = 300


@hooks.register("register_admin_urls")
def register_return_urls():
    from .returns_views import ReturnView

    return [path("triage/returns/", ReturnView.as_view(), name="triage_returns")]


class ReturnMenuItem(MenuItem):
    def is_shown(self, request):
        return returns.can_see_returns(request.user)


@hooks.register("register_reports_menu_item")
def register_return_menu_item():
    return ReturnMenuItem(
        "Statutory return",
        reverse("triage_returns"),
        name="statutory-return",
        icon_name="table",
        order=50,
    )


def scope_key(user) -> str:
    """Whose cases the charts count: everyone's for an administrator, else the user's own
    (a supervisor's team's cases and any assigned to them)."""
    return "all" if user.is_superuser else f"user:{user.pk}"


def charts_cache_key(user, now=None) -> str:
    now = now or timezone.now()
    return f"triage:charts:{scope_key(user)}:{timezone.localdate(now).isoformat()}"


def on_time_cache_key(user) -> str:
    return f"triage:on-time:{scope_key(user)}"


def dashboard_cache_keys(user) -> list[str]:
    """Every key under which the dashboard keeps a reader's figures, the charts' first."""
    return [charts_cache_key(user), on_time_cache_key(user)]


def charts_context(*, user, now=None) -> dict:
    now = now or timezone.now()
    key = charts_cache_key(user, now)
    series = cache.get(key)
    if series is None:
        series = returns.dashboard_series(cases=access.cases_visible_to(user), now=now)
        cache.set(key, series, CHARTS_CACHE_SECONDS)
    schemes = []
    for item in series:
        schemes.append(
            {
                "series": item,
                "weekly_svg": charts.weekly_received_svg(
                    chart_id=f"chart-{item.scheme}-weekly",
                    scheme_label=item.label,
                    weekly=item.weekly,
                ),
                "monthly_svg": charts.monthly_on_time_svg(
                    chart_id=f"chart-{item.scheme}-monthly",
                    scheme_label=item.label,
                    monthly=item.monthly,
                ),
                "monthly_rows": [
                    (month, closed, on_time, charts.on_time_rate(closed, on_time))
                    for month, closed, on_time in item.monthly
                ],
                "weekly_total": sum(count for _week, count in item.weekly),
            }
        )
    return {"schemes": schemes, "everyone": user.is_superuser}


class ChartsPanel(Component):
    """Dashboard: per scheme, cases received per week and the share closed on time by month."""

    name = "triage_charts"
    order = 60

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        return render_to_string(
            "triage/dashboard_charts.html",
            charts_context(user=self.request.user),
            request=self.request,
        )


@hooks.register("construct_homepage_panels")
def add_charts_panel(request, panels):
    if returns.can_see_returns(request.user):
        panels.append(ChartsPanel(request))
