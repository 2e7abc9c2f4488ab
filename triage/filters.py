import django_filters
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput

from intake.constants import Language, Scheme
from staff.models import Team

from . import selectors
from .constants import CaseStatus, Priority
from .forms import OnePassSelect
from .models import Case


class CaseFilterSet(WagtailFilterSet):
    # Each list drawn in one pass (OnePassSelect): the filters are on every queue page, and
    # Django's template for each option was a tenth of the page's time.
    queue = django_filters.ChoiceFilter(
        choices=selectors.Queue.choices, method="filter_queue", label="Queue", widget=OnePassSelect
    )
    scheme = django_filters.ChoiceFilter(choices=Scheme.choices, widget=OnePassSelect)
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, widget=OnePassSelect)
    priority = django_filters.ChoiceFilter(choices=Priority.choices, widget=OnePassSelect)
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.all(), widget=OnePassSelect)
    # Requests sent from the Welsh pages, to be answered in Welsh (Welsh Language Standards).
    language = django_filters.ChoiceFilter(
        field_name="submission__language",
        choices=Language.choices,
        label="Sent in",
        widget=OnePassSelect,
    )
    due_by = django_filters.DateFilter(
        field_name="due_at", lookup_expr="date__lte", label="Due by", widget=AdminDateInput
    )

    class Meta:
        model = Case
        fields = ["queue", "scheme", "status", "priority", "team", "language", "due_by"]

    def filter_queue(self, queryset, name, value):
        # Narrow the already visible cases; access.py has decided what is visible.
        return queryset.filter(
            pk__in=selectors.case_queue_for(user=self.request.user, queue=value).values("pk")
        )
