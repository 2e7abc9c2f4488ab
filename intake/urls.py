from django.urls import path

from . import views
from .concern_report import CONCERN_REPORT
from .journeys import Journey

app_name = "intake"


def journey_urls(journey: Journey, prefix: str) -> list:
    """The pages of one journey under one URL prefix, named `<journey>_<page>`."""

    def bind(view_class: type[views.JourneyView]):
        return view_class.as_view(journey=journey)

    name = journey.name
    return [
        path(f"{prefix}/", bind(views.JourneyStartView), name=f"{name}_start"),
        path(
            f"{prefix}/check-your-answers/",
            bind(views.JourneyCheckAnswersView),
            name=f"{name}_check",
        ),
        path(
            f"{prefix}/confirmation/",
            bind(views.JourneyConfirmationView),
            name=f"{name}_confirmation",
        ),
        path(f"{prefix}/timed-out/", bind(views.JourneyTimedOutView), name=f"{name}_timed_out"),
        path(
            f"{prefix}/stop/<slug:kind>/",
            bind(views.JourneyInterruptView),
            name=f"{name}_interrupt",
        ),
        path(f"{prefix}/<slug:step>/", bind(views.JourneyStepView), name=f"{name}_step"),
    ]


urlpatterns = [
    *journey_urls(CONCERN_REPORT, "report"),
]
