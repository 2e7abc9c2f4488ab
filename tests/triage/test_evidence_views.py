"""Staff open files sent as evidence: only through the case's access rule, only once the
virus scanner has passed them, every look a CaseEvent, and never as a page or inline PDF."""

import io

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from intake import evidence
from intake.constants import ScanStatus
from intake.models import EvidenceFile
from tests import evidence_samples as samples
from tests.triage.conftest import submit, summary
from triage.constants import EventKind
from triage.models import CaseEvent
from triage.retention import case_delete_personal_data
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db


def add_file(submission, name: str, content: bytes, status=ScanStatus.CLEAN) -> EvidenceFile:
    session_key = f"session-{submission.pk.hex[:20]}"
    item = evidence.evidence_add(
        session_key=session_key,
        purpose="concern",
        upload=SimpleUploadedFile(name, content),
        raw_name=name,
    )
    evidence.evidence_attach(
        session_key=session_key, purpose="concern", submission_id=submission.pk
    )
    item = evidence.evidence_clean(evidence=item)
    EvidenceFile.objects.filter(pk=item.pk).update(scan_status=status)
    item.refresh_from_db()
    return item


@pytest.fixture
def case_with_files(demo):
    submission = submit(answers=summary(names=["Darren Whitlock"], place_postcode="NR2 4PD"))
    files = {
        "photo": add_file(submission, "photo.jpg", samples.photo_with_gps()),
        "pdf": add_file(submission, "letter.pdf", samples.pdf_document()),
        "waiting": add_file(
            submission, "later.txt", samples.text_note(), status=ScanStatus.PENDING
        ),
        "refused": add_file(submission, "bad.txt", samples.text_note(), status=ScanStatus.INFECTED),
    }
    EvidenceFile.objects.filter(pk=files["refused"].pk).update(
        scan_signature="Portal.Test.EICAR.UNOFFICIAL"
    )
    case = case_open_for_submission(submission_id=submission.pk)
    return case, files


def url(case, item, what: str) -> str:
    return f"/admin/triage/evidence/{case.pk}/{item.pk}/{what}/"


def test_the_case_page_lists_the_files_with_what_can_be_opened(client, demo, case_with_files):
    case, files = case_with_files
    client.force_login(demo["admin"])
    page = client.get(f"/admin/triage/cases/inspect/{case.pk}/").content.decode()
    assert 'data-testid="evidence"' in page
    assert url(case, files["photo"], "thumbnail") in page
    assert url(case, files["pdf"], "download") in page
    assert "Waiting for scan" in page and url(case, files["waiting"], "download") not in page
    assert "Portal.Test.EICAR.UNOFFICIAL" in page
    assert url(case, files["refused"], "download") not in page


def test_a_thumbnail_is_a_small_clean_jpeg_and_a_recorded_look(client, demo, case_with_files):
    case, files = case_with_files
    client.force_login(demo["admin"])
    response = client.get(url(case, files["photo"], "thumbnail"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    image = Image.open(io.BytesIO(response.content))
    assert max(image.size) <= 320 and dict(image.getexif()) == {}
    event = CaseEvent.objects.get(case=case, kind=EventKind.EVIDENCE_VIEWED)
    assert event.actor == demo["admin"] and event.detail == {"evidence_id": str(files["photo"].pk)}


def test_a_download_is_an_attachment_and_a_recorded_look(client, demo, case_with_files):
    case, files = case_with_files
    client.force_login(demo["triage"])
    response = client.get(url(case, files["pdf"], "download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="letter.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == samples.pdf_document()[:0] + b"".join(
        evidence.evidence_chunks(evidence=files["pdf"])
    )
    assert CaseEvent.objects.filter(
        case=case, kind=EventKind.EVIDENCE_DOWNLOADED, actor=demo["triage"]
    ).exists()


def test_a_file_not_yet_scanned_or_refused_cannot_be_opened(client, demo, case_with_files):
    case, files = case_with_files
    client.force_login(demo["admin"])
    for name in ("waiting", "refused"):
        assert client.get(url(case, files[name], "download")).status_code == 404
        assert client.get(url(case, files[name], "thumbnail")).status_code == 404
    assert not CaseEvent.objects.filter(
        kind__in=[EventKind.EVIDENCE_VIEWED, EventKind.EVIDENCE_DOWNLOADED]
    ).exists()


def test_the_case_access_rule_decides_and_a_refusal_is_recorded(client, demo, case_with_files):
    case, files = case_with_files
    client.force_login(demo["om.south"])
    response = client.get(url(case, files["pdf"], "download"))
    assert response.status_code == 403
    assert b"letter.pdf" not in response.content
    refused = CaseEvent.objects.get(case=case, kind=EventKind.ACCESS_REFUSED)
    assert refused.detail == {"action": "open_evidence"}
    client.logout()
    assert client.get(url(case, files["pdf"], "download")).status_code == 302


def test_a_file_of_another_case_is_not_found(client, demo, case_with_files):
    _case, files = case_with_files
    other = case_open_for_submission(submission_id=submit(answers=summary()).pk)
    client.force_login(demo["admin"])
    assert client.get(url(other, files["pdf"], "download")).status_code == 404


def test_retention_deletes_the_files_with_the_personal_data(
    demo, case_with_files, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from triage.models import Case

    case, files = case_with_files
    stored = [item.storage_name for item in files.values() if item.storage_name]
    assert all(storages["evidence"].exists(name) for name in stored)
    Case.objects.filter(pk=case.pk).update(
        status="closed", retain_until=timezone.now() - timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert case_delete_personal_data(case_id=case.pk)
    assert not EvidenceFile.objects.exists()
    assert not any(storages["evidence"].exists(name) for name in stored)
    deleted = CaseEvent.objects.get(case=case, kind=EventKind.PERSONAL_DATA_DELETED)
    assert deleted.detail["evidence_files"] == 4


def test_the_timeline_says_which_file_was_opened_without_its_name(client, demo, case_with_files):
    case, files = case_with_files
    client.force_login(demo["admin"])
    client.get(url(case, files["pdf"], "download"))
    client.get(url(case, files["photo"], "thumbnail"))
    page = client.get(f"/admin/triage/cases/inspect/{case.pk}/").content.decode()
    trail = page[page.index('data-testid="timeline"') :]
    assert "File sent as evidence downloaded by" in trail and ": PDF sent " in trail
    assert ": Image sent " in trail
    assert "letter.pdf" not in trail and "photo.jpg" not in trail
