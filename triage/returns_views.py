"""The statutory return in the admin: for supervisors (their area) and administrators."""

from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import access, returns
from .forms_returns import ReturnForm
from .views import Refuse403Mixin

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ReturnView(Refuse403Mixin, WagtailAdminTemplateMixin, TemplateView):
    """A GET form, so a return can be bookmarked; figures only, no personal data."""

    template_name = "triage/returns/return.html"
    page_title = "Statutory return"
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not returns.can_see_returns(request.user):
            return self.refusal(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        bound = "scheme" in request.GET
        form = ReturnForm(request.GET if bound else None, user=request.user, today=today)
        report = None
        if bound and form.is_valid():
            data = form.cleaned_data
            report = returns.statutory_return(
                scheme=data["scheme_value"],
                period=data["period"],
                cases=access.cases_visible_to(request.user),
                area=data["area_choice"],
                scope=returns.scope_label(user=request.user),
            )
            if data["format"] in CONTENT_TYPES:
                return self.download(report, data["format"])
        context = self.get_context_data(form=form, report=report)
        if report is not None:
            context["table"] = returns.return_table(report)
            context["heading"] = returns.return_heading(report)
            query = request.GET.copy()
            links = {}
            for fmt in CONTENT_TYPES:
                query["format"] = fmt
                links[fmt] = "?" + query.urlencode()
            context["downloads"] = links
        return self.render_to_response(context, status=400 if bound and not report else 200)

    @staticmethod
    def download(report, fmt: str) -> HttpResponse:
        body = returns.return_csv(report) if fmt == "csv" else returns.return_xlsx(report)
        name = (
            f"statutory-return-{returns.slug_of(scheme=report.scheme)}-"
            f"{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}.{fmt}"
        )
        response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
