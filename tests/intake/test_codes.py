import re

import pytest
from django.db import IntegrityError, transaction

from intake import codes
from intake.constants import Scheme
from intake.models import Submission


def test_references_are_readable_and_carry_the_scheme():
    reference = codes.new_reference("CL")
    assert re.fullmatch(r"CL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", reference)


def test_receipt_codes_are_stored_only_as_a_keyed_hash_and_forgive_typing():
    code = codes.new_receipt_code()
    stored = codes.hash_receipt_code(code)
    assert code.replace("-", "") not in stored
    assert codes.receipt_code_matches(code.lower().replace("-", " "), stored)
    assert not codes.receipt_code_matches("AAAA-BBBB-CCCC", stored)


def test_letters_that_look_like_digits_are_read_as_digits():
    assert codes.normalise_code("o1l-i") == "0111"


@pytest.mark.django_db
def test_a_reference_already_taken_is_replaced_and_the_failed_attempt_left_no_trace(
    monkeypatch, django_capture_on_commit_callbacks
):
    taken = Submission.objects.create(
        reference="CL-AAAA-AAAA", scheme=Scheme.CLARES_LAW, answers={}, receipt_code_hash="x"
    )
    offered = iter(["CL-AAAA-AAAA", "CL-AAAA-AAAA", "CL-BBBB-BBBB"])
    monkeypatch.setattr(codes, "new_reference", lambda prefix: next(offered))
    tried = []

    def create(reference: str) -> Submission:
        tried.append(reference)
        transaction.on_commit(lambda: None)
        return Submission.objects.create(
            reference=reference, scheme=Scheme.CLARES_LAW, answers={}, receipt_code_hash="x"
        )

    with django_capture_on_commit_callbacks() as callbacks:
        created = codes.with_new_reference(prefix="CL", create=create)

    assert tried == ["CL-AAAA-AAAA", "CL-AAAA-AAAA", "CL-BBBB-BBBB"]
    assert created.reference == "CL-BBBB-BBBB"
    assert set(Submission.objects.values_list("reference", flat=True)) == {
        taken.reference,
        created.reference,
    }
    # Only the attempt that was kept queues anything for after the commit.
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_a_clash_on_every_attempt_is_raised():
    tried = []

    def create(reference: str) -> None:
        tried.append(reference)
        raise IntegrityError("duplicate key")

    with pytest.raises(IntegrityError):
        codes.with_new_reference(prefix="SL", create=create, attempts=3)
    assert len(tried) == 3
    assert all(reference.startswith("SL-") for reference in tried)
