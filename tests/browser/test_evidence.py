"""Evidence end to end in Debian's Chromium: a member of the public sends a photo with GPS
data and a PDF with a concern report; the files are scanned by the tests' clamd; a triage
officer sees the photo's thumbnail on the case page and downloads the PDF."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from intake.constants import ScanStatus
from intake.models import EvidenceFile
from tests import evidence_samples as samples
from tests.browser.test_intake_journeys import accessible, go_on
from tests.conftest import totp_token
from triage.constants import EventKind
from triage.models import Case, CaseEvent

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def download_bytes(download) -> bytes:
    with open(download.path(), "rb") as downloaded:
        return downloaded.read()


def test_a_photo_and_a_pdf_sent_with_a_report_are_opened_safely_by_staff(
    page, live_server, starter_content, triage_officer, clamd, tmp_path
):
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(samples.photo_with_gps(size=(800, 600)))
    pdf = tmp_path / "messages.pdf"
    pdf_bytes = samples.pdf_document()
    pdf.write_bytes(pdf_bytes)

    page.goto(live_server.url + "/report/")
    page.get_by_label("No").check()
    go_on(page)
    page.get_by_label("The behaviour of someone I know is a registered sex offender").check()
    go_on(page)
    page.get_by_label("Usernames or profiles they use online").fill("dave_b on a chat app")
    go_on(page)
    go_on(page)  # how they look: optional
    page.get_by_label("What happened?").fill("He sent messages to a girl in my street.")
    page.get_by_label("Where did it happen?").fill("Online")
    go_on(page)
    page.get_by_label("Yes", exact=True).check()
    go_on(page)
    page.get_by_label("How do you know this?").fill("She showed me.")
    go_on(page)

    # The page of files says what happens to location data before anything is sent.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Photos, screenshots or documents")
    expect(page.get_by_test_id("location-removed")).to_contain_text("We remove location data")
    accessible(page)
    page.get_by_label("Upload a file").set_input_files(str(photo))
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_test_id("evidence-files")).to_contain_text("IMG_2041.jpg")
    page.get_by_label("Add another file").set_input_files(str(pdf))
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_test_id("evidence-files")).to_contain_text("messages.pdf")
    # No file name, nor any id, in the address.
    assert "IMG_2041" not in page.url and "messages" not in page.url
    go_on(page)

    page.get_by_label("Yes").check()  # anonymous
    go_on(page)
    expect(page.locator("main")).to_contain_text("IMG_2041.jpg, messages.pdf")
    accessible(page)
    page.get_by_label("I understand how my answers will be used").check()
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Concern report sent")

    # Scanned in the worker (in-process here) once each upload was committed.
    files = list(EvidenceFile.objects.order_by("uploaded_at"))
    assert [item.scan_status for item in files] == [ScanStatus.CLEAN, ScanStatus.CLEAN]
    case = Case.objects.get()

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(totp_token(triage_officer))
    page.get_by_role("button", name="Continue").click()
    page.goto(f"{live_server.url}/admin/triage/cases/inspect/{case.pk}/")

    # Loaded lazily: only a thumbnail that comes into view is fetched, and recorded.
    thumbnail = page.get_by_test_id("evidence-thumbnail")
    thumbnail.scroll_into_view_if_needed()
    expect(thumbnail).to_be_visible()
    expect(thumbnail).to_have_attribute("alt", "Thumbnail of IMG_2041.jpg")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=evidence-thumbnail]').naturalWidth > 0"
    )
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download messages.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "messages.pdf"
    assert download_bytes(download) == pdf_bytes

    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {EventKind.EVIDENCE_VIEWED, EventKind.EVIDENCE_DOWNLOADED} <= kinds
    # What staff open of the photo has no location in it.
    with page.expect_download() as photo_download:
        page.get_by_role("link", name="Download IMG_2041.jpg").click()
    kept = Image.open(io.BytesIO(download_bytes(photo_download.value)))
    assert dict(kept.getexif()) == {}
    assert re.fullmatch(r"IMG_2041\.jpg", photo_download.value.suggested_filename)
