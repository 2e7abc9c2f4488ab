"""{% case_evidence case %}: the files sent with a case, on its page."""

from django import template

from intake.constants import ScanStatus
from intake.evidence import evidence_for_submission

register = template.Library()


@register.inclusion_tag("triage/includes/case_evidence.html")
def case_evidence(case) -> dict:
    files = evidence_for_submission(submission_id=case.submission_id) if case.submission_id else []
    return {
        "case": case,
        "files": files,
        "ScanStatus": ScanStatus,
        "deleted": bool(case.personal_data_deleted_at),
    }
