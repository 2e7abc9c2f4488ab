"""Nothing leaked at rest: the raw database column holds no plaintext."""

import pytest
from django.db import connection

from intake.constants import Scheme
from intake.models import FollowUp, Submission
from intake.services import follow_up_create, submission_create

pytestmark = pytest.mark.django_db


def test_the_raw_answers_column_holds_no_plaintext():
    receipt = submission_create(
        scheme=Scheme.CLARES_LAW,
        answers={
            "about-you": {"full_name": "Jane Unmistakable", "postcode": "LS2 7AB"},
            "person": {"full_name": "Mark Peculiarname", "relationship": "Partner"},
        },
    )
    submission = Submission.objects.get(reference=receipt.reference)
    follow_up_create(submission=submission, text="He drives a Zephyrmobile")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT answers, receipt_code_hash FROM {Submission._meta.db_table} WHERE id = %s",  # noqa: S608
            [submission.pk.hex if connection.vendor == "sqlite" else submission.pk],
        )
        answers, code_hash = cursor.fetchone()
        cursor.execute(f"SELECT text FROM {FollowUp._meta.db_table}")  # noqa: S608
        (follow_up_text,) = cursor.fetchone()
    for plaintext in ["Unmistakable", "Peculiarname", "LS2 7AB", "Partner", "subject"]:
        assert plaintext not in answers
    assert "Zephyrmobile" not in follow_up_text
    assert receipt.receipt_code.replace("-", "") not in code_hash
    assert answers.startswith("gAAAAA")  # a Fernet token
    # And it reads back, with the summary for triage.
    submission.refresh_from_db()
    assert submission.answers["subject"]["names"] == ["Mark Peculiarname"]
