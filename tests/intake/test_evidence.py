"""Evidence files on the concern report and /check/: what is accepted, what is refused and
how, what is kept (re-encoded, no metadata, encrypted), the scan, and the clean-up."""

import io
import logging
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from core.file_encryption import decrypt_chunks
from intake import evidence
from intake.constants import ScanStatus
from intake.models import EvidenceFile, Submission
from tests import evidence_samples as samples
from tests.clamav import CUSTOM_MARKER, EICAR
from tests.intake.journey_data import CONCERN, declared

pytestmark = pytest.mark.django_db

UPLOAD = "/report/evidence/upload/"
STEP = "/report/evidence/"


def start_journey(client) -> None:
    """Far enough into a concern report to add files (a journey starts with its first page)."""
    path, data = CONCERN[0]
    client.post(path, data)


def upload(client, name: str, content: bytes, url: str = UPLOAD, **fields):
    body, content_type = samples.multipart(file_name=name, content=content, **fields)
    return client.post(url, data=body, content_type=content_type)


def stored_names() -> set[str]:
    storage = storages["evidence"]
    folders, _files = storage.listdir("")
    return {f"{folder}/{name}" for folder in folders for name in storage.listdir(folder)[1]}


def kept_bytes(item: EvidenceFile) -> bytes:
    """What staff would open: an image as the worker re-encodes it before its scan."""
    item.refresh_from_db()
    item = evidence.evidence_clean(evidence=item)
    with storages["evidence"].open(item.storage_name, "rb") as stored:
        return b"".join(decrypt_chunks(stored, key=item.data_key))


@pytest.fixture
def journey(client, home_page):
    start_journey(client)
    return client


# --- The page ----------------------------------------------------------------------------------


def test_the_page_says_location_data_is_removed_before_anything_is_uploaded(journey):
    page = journey.get(STEP).content.decode()
    assert 'data-testid="location-removed"' in page
    assert "We remove location data" in page
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert "JPG, PNG, HEIC, PDF or TXT" in page and "10MB" in page


def test_a_photo_is_added_listed_by_name_and_can_be_removed(journey, caplog):
    caplog.set_level(logging.DEBUG)
    response = upload(journey, "IMG_0042.jpg", samples.photo_with_gps())
    assert response.status_code == 302
    assert response["Location"] == STEP
    page = journey.get(STEP).content.decode()
    assert "IMG_0042.jpg" in page and "Uploaded" in page
    item = EvidenceFile.objects.get()
    # Remove posts the id in the body: no file, name or id in any URL.
    response = journey.post(STEP, {"remove": str(item.pk)})
    assert response.status_code == 302 and str(item.pk) not in response["Location"]
    assert not EvidenceFile.objects.exists()
    assert "IMG_0042" not in caplog.text


def test_up_to_five_files(journey):
    for number in range(5):
        assert upload(journey, f"note{number}.txt", samples.text_note()).status_code == 302
    page = journey.get(STEP).content.decode()
    assert 'data-testid="evidence-full"' in page and 'type="file"' not in page
    response = upload(journey, "six.txt", samples.text_note())
    assert "You can add up to 5 files" in response.content.decode()
    assert EvidenceFile.objects.count() == 5


def test_sending_the_report_attaches_the_files_and_keeps_no_answer_about_them(journey):
    upload(journey, "photo.jpg", samples.photo_with_gps())
    upload(journey, "letter.pdf", samples.pdf_document())
    for path, data in CONCERN[1:]:
        journey.post(path, data)
    check = journey.get("/report/check-your-answers/").content.decode()
    assert "photo.jpg, letter.pdf" in check
    response = journey.post("/report/check-your-answers/", declared(journey))
    assert response.status_code == 302
    submission = Submission.objects.get()
    files = list(submission.evidence.all())
    assert [item.name for item in files] == ["photo.jpg", "letter.pdf"]
    assert all(item.attached_at and not item.session_key for item in files)
    assert "evidence" not in submission.answers


# --- What is kept ------------------------------------------------------------------------------


def test_a_photo_loses_its_location_and_every_other_detail(journey):
    upload(journey, "photo.jpg", samples.photo_with_gps(size=(640, 480)))
    item = EvidenceFile.objects.get()
    kept = kept_bytes(item)
    image = Image.open(io.BytesIO(kept))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info and "comment" not in image.info
    assert b"PhoneMaker" not in kept and b"outside number 12" not in kept
    # Turned the right way up before the orientation was dropped.
    assert image.size == (480, 640)
    assert (item.width, item.height) == (480, 640)
    assert item.sent_type == "image/jpeg" and item.content_type == "image/jpeg"


def test_a_png_loses_its_text_and_a_heic_photo_is_kept_as_a_jpeg(journey):
    upload(journey, "screen.png", samples.png_screenshot())
    upload(journey, "IMG_0001.HEIC", samples.heic_photo())
    png, heic = EvidenceFile.objects.order_by("uploaded_at")
    assert b"Jane Jones" not in kept_bytes(png)
    assert Image.open(io.BytesIO(kept_bytes(png))).format == "PNG"
    heic = evidence.evidence_clean(evidence=heic)
    assert heic.sent_type == "image/heic" and heic.content_type == "image/jpeg"
    assert Image.open(io.BytesIO(kept_bytes(heic))).format == "JPEG"
    assert evidence.download_name(heic) == "IMG_0001.jpg"


def test_a_pdf_and_a_text_file_are_kept_as_sent(journey):
    pdf, text = samples.pdf_document(), samples.text_note()
    upload(journey, "letter.pdf", pdf)
    upload(journey, "notes.txt", text)
    stored_pdf, stored_text = EvidenceFile.objects.order_by("uploaded_at")
    assert kept_bytes(stored_pdf) == pdf
    assert kept_bytes(stored_text) == text
    assert stored_text.content_type.startswith("text/plain")


def test_files_are_encrypted_at_rest(journey):
    photo = samples.photo_with_gps()
    upload(journey, "photo.jpg", photo)
    item = evidence.evidence_clean(evidence=EvidenceFile.objects.get())
    with storages["evidence"].open(item.storage_name, "rb") as stored:
        raw = stored.read()
    assert not raw.startswith(b"\xff\xd8")
    assert b"JFIF" not in raw and b"Exif" not in raw
    assert kept_bytes(item)[:2] == b"\xff\xd8"
    # The name is encrypted too, and so is the file's key.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, data_key FROM intake_evidencefile WHERE id = %s",
            [item.pk.hex] if connection.vendor == "sqlite" else [item.pk],
        )
        name, key = cursor.fetchone()
    assert "photo" not in name and name.startswith("gAAAAA") and key.startswith("gAAAAA")


def test_rotating_the_field_keys_rewraps_file_keys_and_the_files_still_open(journey, settings):
    from cryptography.fernet import Fernet

    upload(journey, "notes.txt", samples.text_note())
    item = EvidenceFile.objects.get()
    old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *old_keys]
    call_command("rotate_field_encryption", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert kept_bytes(item) == samples.text_note()


# --- Bad input: a clear GOV.UK error on the page, nothing stored, never a 500 -------------------

REFUSED = [
    ("too-large.txt", b"a" * 2001, "The selected file must be smaller than"),
    ("setup.exe", b"MZ" + b"\0" * 500, "The selected file must be a JPG, PNG, HEIC, PDF or TXT"),
    ("empty.txt", b"", "The selected file is empty"),
    ("photo.jpg", samples.pdf_document(), "is a PDF but its name ends in .jpg"),
    ("holiday.jpg", samples.zip_bomb(), "must be a JPG, PNG, HEIC, PDF or TXT"),
    ("big.png", samples.decompression_bomb_png(), "The image is too big"),
    ("form.pdf", samples.pdf_document(javascript="app.alert('hi')"), "JavaScript"),
    ("form.pdf", samples.pdf_with_hidden_javascript(), "JavaScript"),
    ("locked.pdf", samples.pdf_document(password="secret"), "protected with a password"),
    ("photo.jpg", samples.polyglot_jpeg_html(), "hidden web page code"),
    ("page.txt", b"<!DOCTYPE html><html><body>hi</body></html>", "must be a JPG, PNG"),
    ("../../etc/passwd.txt", samples.text_note(), "must not include a / or \\"),
    ("..\\..\\windows\\notes.txt", samples.text_note(), "must not include a / or \\"),
    ("x" * 296 + ".txt", samples.text_note(), "200 characters or fewer"),
    ("broken.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 50, "could not be opened"),
    ("huge.png", samples.png_screenshot(size=(6000, 5000)), "25 megapixels or fewer"),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED, ids=[r[0][:20] for r in REFUSED])
def test_bad_files_are_refused_with_a_clear_error_and_nothing_stored(
    journey, settings, name, content, message
):
    settings.EVIDENCE_MAX_FILE_BYTES = 2000 if name == "too-large.txt" else 10 * 1024 * 1024
    before = stored_names()
    response = upload(journey, name, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and 'href="#file"' in page
    assert "govuk-file-upload--error" in page
    assert message in page.replace("&#x27;", "'").replace("&quot;", '"')
    assert page.count("<title>Error: ") == 1
    assert not EvidenceFile.objects.exists()
    assert stored_names() == before


def test_no_file_selected(journey):
    body, content_type = samples.multipart(file_name="", content=b"")
    response = journey.post(UPLOAD, data=body, content_type=content_type)
    assert "Select a file" in response.content.decode()


def test_a_body_too_large_to_read_is_refused_before_it_is_read(journey, settings):
    settings.UPLOAD_MAX_REQUEST_BODY_BYTES = 1000
    response = upload(journey, "notes.txt", b"a" * 2000)
    assert response.status_code == 413
    assert not EvidenceFile.objects.exists()


def test_uploads_need_the_csrf_token(home_page):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    start_journey(client)
    response = upload(client, "notes.txt", samples.text_note())
    assert response.status_code == 403
    assert not EvidenceFile.objects.exists()


def test_an_upload_without_a_journey_goes_to_the_timed_out_page(client, home_page):
    response = upload(client, "notes.txt", samples.text_note())
    assert response.status_code == 302 and response["Location"].endswith("/timed-out/")
    assert not EvidenceFile.objects.exists()


def test_files_of_another_session_cannot_be_removed(journey):
    from django.test import Client

    upload(journey, "notes.txt", samples.text_note())
    item = EvidenceFile.objects.get()
    other = Client()
    start_journey(other)
    other.post(STEP, {"remove": str(item.pk)})
    assert EvidenceFile.objects.filter(pk=item.pk).exists()
    assert "notes.txt" not in other.get(STEP).content.decode()


def test_an_image_that_cannot_be_decoded_is_refused_by_the_worker(journey, settings):
    # A JPEG whose header reads but whose picture is cut short.
    photo = samples.photo_with_gps(size=(800, 600))
    upload(journey, "cut.jpg", photo[: len(photo) // 3])
    item = EvidenceFile.objects.get()
    stored = item.storage_name
    assert evidence.evidence_scan(file_id=item.pk) == ScanStatus.UNREADABLE
    item.refresh_from_db()
    assert item.storage_name == "" and not item.cleaned
    page = journey.get(STEP).content.decode()
    assert "We could not open this image" in page
    assert stored


def test_the_photo_as_sent_is_replaced_by_the_clean_one(
    journey, django_capture_on_commit_callbacks
):
    upload(journey, "photo.jpg", samples.photo_with_gps())
    item = EvidenceFile.objects.get()
    sent_as = item.storage_name
    assert not item.cleaned
    with django_capture_on_commit_callbacks(execute=True):
        item = evidence.evidence_clean(evidence=item)
    assert item.cleaned and item.storage_name != sent_as
    assert not storages["evidence"].exists(sent_as)


# --- The scan ----------------------------------------------------------------------------------


def test_a_clean_file_passes_the_scan(journey, clamd):
    upload(journey, "notes.txt", samples.text_note())
    item = EvidenceFile.objects.get()
    assert item.scan_status == ScanStatus.PENDING
    assert evidence.evidence_scan(file_id=item.pk) == ScanStatus.CLEAN
    # Scanning again changes nothing.
    assert evidence.evidence_scan(file_id=item.pk) == ScanStatus.CLEAN


@pytest.mark.parametrize(
    ("name", "content", "signature"),
    [
        ("eicar.txt", EICAR, "Portal.Test.EICAR"),
        ("notes.txt", b"Meeting notes " + CUSTOM_MARKER + b"\n", "Portal.Test.Custom"),
    ],
)
def test_an_infected_file_is_refused_its_content_deleted_and_the_refusal_kept(
    journey, clamd, name, content, signature, caplog, django_capture_on_commit_callbacks
):
    upload(journey, name, content)
    item = EvidenceFile.objects.get()
    stored_as = item.storage_name
    with django_capture_on_commit_callbacks(execute=True):
        assert evidence.evidence_scan(file_id=item.pk) == ScanStatus.INFECTED
    item.refresh_from_db()
    assert item.scan_signature.startswith(signature)
    assert item.storage_name == "" and not storages["evidence"].exists(stored_as)
    assert signature in caplog.text and name not in caplog.text
    page = journey.get(STEP).content.decode()
    assert "Not accepted" in page and "virus checker found a problem" in page


def test_a_scanner_that_is_down_leaves_the_file_waiting_until_it_is_back(
    journey, settings, clamd_socket
):
    settings.CLAMD_SOCKET = "/nonexistent/clamd.sock"
    upload(journey, "notes.txt", samples.text_note())
    item = EvidenceFile.objects.get()
    assert evidence.evidence_scan(file_id=item.pk) == ScanStatus.PENDING
    item.refresh_from_db()
    assert item.scan_attempts == 1 and item.last_scan_try_at is not None
    assert evidence.evidence_file_of_submission(submission_id=None, file_id=item.pk) is None
    # Back up: the rescan queues it again (a minute after its last try), and it passes.
    settings.CLAMD_SOCKET = clamd_socket
    EvidenceFile.objects.filter(pk=item.pk).update(
        uploaded_at=timezone.now() - timedelta(minutes=5),
        last_scan_try_at=timezone.now() - timedelta(minutes=2),
    )
    assert evidence.evidence_rescan_pending() == 1  # tasks run in-process in the tests
    item.refresh_from_db()
    assert item.scan_status == ScanStatus.CLEAN and item.scan_attempts == 2


# --- Follow-up on /check/ ----------------------------------------------------------------------


def test_files_can_be_sent_later_from_check(journey, client):
    for path, data in CONCERN[1:]:
        journey.post(path, data)
    journey.post("/report/check-your-answers/", declared(journey))
    page = journey.get("/report/confirmation/").content.decode()
    import re

    reference = re.search(r'data-testid="reference">([^<]+)<', page).group(1).strip()
    code = re.search(r'data-testid="receipt-code">([^<]+)<', page).group(1).strip()
    journey.post("/check/", {"reference": reference, "receipt_code": code})
    response = upload(journey, "later.png", samples.png_screenshot(), url="/check/upload/")
    assert response.status_code == 302
    assert "later.png" in journey.get("/check/").content.decode()
    response = journey.post("/check/", {"action": "add", "text": ""})
    assert response.status_code == 302
    submission = Submission.objects.get()
    follow_up = submission.follow_ups.get()
    assert follow_up.text == ""
    assert [item.name for item in follow_up.evidence.all()] == ["later.png"]
    assert EvidenceFile.objects.get().submission_id == submission.pk


def test_check_asks_for_words_or_a_file(journey):
    for path, data in CONCERN[1:]:
        journey.post(path, data)
    journey.post("/report/check-your-answers/", declared(journey))
    submission = Submission.objects.get()
    session = journey.session
    session["intake:check"] = {
        "submission": str(submission.pk),
        "touched": timezone.now().isoformat(),
    }
    session.save()
    page = journey.post("/check/", {"action": "add", "text": ""}).content.decode()
    assert "Enter the information you want to add, or add a file" in page


# --- Clean-up ------------------------------------------------------------------------------------


def test_an_abandoned_journeys_files_go_when_its_session_expires(
    journey, django_capture_on_commit_callbacks
):
    upload(journey, "notes.txt", samples.text_note())
    item = EvidenceFile.objects.get()
    assert evidence.evidence_delete_abandoned() == 0
    Session.objects.filter(session_key=item.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert evidence.evidence_delete_abandoned() == 1
    assert not EvidenceFile.objects.exists()
    assert not storages["evidence"].exists(item.storage_name)


def test_sent_files_are_not_deleted_with_the_session(journey):
    upload(journey, "notes.txt", samples.text_note())
    for path, data in CONCERN[1:]:
        journey.post(path, data)
    journey.post("/report/check-your-answers/", declared(journey))
    Session.objects.all().delete()
    assert evidence.evidence_delete_abandoned() == 0
    assert EvidenceFile.objects.count() == 1
