"""Reads for the public pages. The status page sees only what the public may be told."""

from django.utils.translation import gettext_lazy as _

from . import codes
from .constants import PublicStatus, Scheme
from .models import Submission

REFERENCE_MAX = 20


def normalise_reference(reference: str) -> str:
    """As stored (CL-4F7K-9Q2M), however it was typed: any case, with or without dashes.

    The scheme letters are kept as they are (CL must not become C1); the random part is read
    with Crockford's rules, so O is 0 and I or L is 1.
    """
    compact = "".join(reference[: REFERENCE_MAX * 2].upper().split()).replace("-", "")
    if len(compact) != 10:
        return reference.strip().upper()[:REFERENCE_MAX]
    rest = codes.normalise_code(compact[2:])
    return f"{compact[:2]}-{rest[:4]}-{rest[4:]}"


def submission_for_send_key(*, send_key_hash: str) -> Submission | None:
    """The submission made by the send with this key (`codes.hash_send_key`), if any."""
    return (
        Submission.objects.filter(send_key_hash=send_key_hash)
        .only("id", "reference", "scheme")
        .first()
    )


def submission_for_receipt(*, reference: str, receipt_code: str) -> Submission | None:
    """The submission these two codes open, or None. Compares hashes in constant time."""
    submission = (
        Submission.objects.filter(reference=normalise_reference(reference))
        .only("id", "reference", "scheme", "public_status", "receipt_code_hash", "submitted_at")
        .first()
    )
    if submission is None:
        # Spend the same work on a miss, so timing does not tell whether a reference exists.
        codes.receipt_code_matches(receipt_code, "0" * 64)
        return None
    if not codes.receipt_code_matches(receipt_code, submission.receipt_code_hash):
        return None
    return submission


def public_status_text(*, submission: Submission, third_party: bool) -> dict[str, str]:
    """The status in plain words. Never says whether a disclosure was made."""
    status = PublicStatus(submission.public_status)
    words = {
        PublicStatus.RECEIVED: (
            _("Received"),
            _("We have received your request. Nobody has started looking at it yet."),
        ),
        PublicStatus.IN_PROGRESS: (
            _("Being looked at"),
            _("Someone in the public protection team is looking at your request."),
        ),
        PublicStatus.COMPLETED: (
            _("Completed"),
            _("We have finished looking at your request."),
        ),
    }
    title, body = words[status]
    note = ""
    if submission.scheme == Scheme.CLARES_LAW and third_party:
        # The same words as the confirmation page and the starter guidance.
        note = _(
            "If you applied about someone else's safety, you may not be told whether we "
            "shared any information. If we do share information, we tell the person at risk, "
            "or whoever is best placed to protect them."
        )
    return {"title": title, "body": body, "note": note}


def is_third_party_clares_law(*, submission: Submission) -> bool:
    if submission.scheme != Scheme.CLARES_LAW:
        return False
    applicant = submission.answers.get("applicant") or {}
    return applicant.get("role") == "third_party"


def submission_opened(*, submission_id: str) -> Submission | None:
    """The submission a visitor opened on /check/ earlier in this session, if it still exists."""
    return Submission.objects.filter(pk=submission_id).first()
