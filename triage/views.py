from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from wagtail.admin.views import generic

from . import access, services
from .models import Case


class CaseIndexView(generic.IndexView):
    def get_base_queryset(self):
        return access.cases_visible_to(self.request.user)


class CaseInspectView(generic.InspectView):
    """The case page. Every look at a case is recorded, and so is every refusal."""

    template_name = "triage/case_inspect.html"

    def get_object(self, queryset=None):
        case = get_object_or_404(Case, pk=self.pk)
        if not access.can_view_case(self.request.user, case):
            services.case_record_refused(case=case, acting_user=self.request.user, action="view")
            raise PermissionDenied
        return case

    def get(self, request, *args, **kwargs):
        services.case_record_view(case=self.object, acting_user=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object.submission
        context["answers"] = submission.answers if submission else {}
        context["follow_ups"] = submission.follow_ups.all() if submission else []
        context["events"] = self.object.events.select_related("actor")
        return context
