"""Files sent as evidence, opened by staff: a thumbnail of an image, or a download of any
kept file. Both go through access.case_for (the case's own rule) and are recorded as
CaseEvents. Every answer carries `X-Content-Type-Options: nosniff` and a sandboxing
Content-Security-Policy, and a download is always an attachment: a file sent by the public
is never rendered by the browser as a page, and a PDF is never shown inline.

Registered from wagtail_hooks.py (Wagtail reads hooks only from modules of that name).
"""

from django.http import HttpResponse, StreamingHttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.views.generic import View
from wagtail import hooks

from intake.evidence import download_name

from . import access
from .services import evidence
from .views import Refuse403Mixin

# Nothing may run, load or be framed in what these answers hold.
SANDBOX_POLICY = "default-src 'none'; img-src 'self'; sandbox"


def _harden(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["Cache-Control"] = "no-store, private"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


class EvidenceThumbnailView(Refuse403Mixin, View):
    http_method_names = ["get"]

    def get(self, request, pk, file_id):
        case = access.case_for(request.user, pk, access.CaseAction.OPEN_EVIDENCE)
        image = evidence.case_evidence_thumbnail(
            case=case, file_id=file_id, acting_user=request.user
        )
        response = HttpResponse(image, content_type="image/jpeg")
        response["Content-Disposition"] = 'inline; filename="thumbnail.jpg"'
        return _harden(response)


class EvidenceDownloadView(Refuse403Mixin, View):
    http_method_names = ["get"]

    def get(self, request, pk, file_id):
        case = access.case_for(request.user, pk, access.CaseAction.OPEN_EVIDENCE)
        found, chunks = evidence.case_evidence_download(
            case=case, file_id=file_id, acting_user=request.user
        )
        response = StreamingHttpResponse(chunks, content_type=found.content_type)
        response["Content-Length"] = str(found.size)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=download_name(found)
        )
        return _harden(response)


@hooks.register("register_admin_urls")
def register_evidence_urls():
    return [
        path(
            "triage/evidence/<str:pk>/<str:file_id>/thumbnail/",
            EvidenceThumbnailView.as_view(),
            name="triage_evidence_thumbnail",
        ),
        path(
            "triage/evidence/<str:pk>/<str:file_id>/download/",
            EvidenceDownloadView.as_view(),
            name="triage_evidence_download",
        ),
    ]
