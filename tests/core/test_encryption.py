import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from intake.constants import Scheme
from intake.models import Submission
from intake.services import submission_create

pytestmark = pytest.mark.django_db

SECRET = "He waits outside the school on Thursdays"


def _raw_answers(submission_id) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT answers FROM intake_submission WHERE id = %s",
            [submission_id.hex if connection.vendor == "sqlite" else submission_id],
        )
        return cursor.fetchone()[0]


def test_answers_are_unreadable_in_the_database_and_readable_through_the_model():
    receipt = submission_create(scheme=Scheme.CONCERN, answers={"what": {"text": SECRET}})
    submission = Submission.objects.get(reference=receipt.reference)
    raw = _raw_answers(submission.pk)
    assert SECRET not in raw
    assert "Thursdays" not in raw
    assert submission.answers["what"] == {"text": SECRET}


def test_rotation_re_encrypts_under_the_new_key_and_the_old_key_can_then_go(settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    receipt = submission_create(scheme=Scheme.CONCERN, answers={"what": {"text": SECRET}})
    submission = Submission.objects.get(reference=receipt.reference)
    before = _raw_answers(submission.pk)

    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_field_encryption", stdout=io.StringIO())
    after = _raw_answers(submission.pk)
    assert after != before

    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert Submission.objects.get(pk=submission.pk).answers["what"] == {"text": SECRET}
