from django.urls import path

from . import views
from .clares_law import CLARES_LAW
from .concern_report import CONCERN_REPORT
from .journeys import Journey
from .sarahs_law import SARAHS_LAW

app_name = "intake"

JOURNEYS = (CONCERN_REPORT, SARAHS_LAW, CLARES_LAW)


def journey_urls(journey: Journey, prefix: str) -> list:
    """The pages of one journey under one URL prefix, named `<journey>_<page>`.

    No URL ever carries an answer: only step names and the number of an item in a list.
    """

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
        # One file a post, from the page of files; its own URL, as larger bodies are let in
        # here than on any other public page (UPLOAD_PATH_PATTERN, core/body_limit.py).
        path(
            f"{prefix}/<slug:step>/upload/",
            bind(views.JourneyUploadView),
            name=f"{name}_upload",
        ),
        path(
            f"{prefix}/<slug:step>/<int:item>/",
            bind(views.JourneyItemView),
            name=f"{name}_item",
        ),
        path(
            f"{prefix}/<slug:step>/<int:item>/remove/",
            bind(views.JourneyItemRemoveView),
            name=f"{name}_item_remove",
        ),
    ]


urlpatterns = [
    *journey_urls(CONCERN_REPORT, "report"),
    *journey_urls(SARAHS_LAW, "apply/sarahs-law"),
    *journey_urls(CLARES_LAW, "apply/clares-law"),
    path("check/", views.CheckView.as_view(), name="check"),
    path("check/upload/", views.CheckUploadView.as_view(), name="check_upload"),
    path("check/finish/", views.CheckSignOutView.as_view(), name="check_finish"),
]
