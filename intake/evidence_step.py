"""The journey step where the person may add photos, screenshots or documents.

Not a form of answers like the other steps: the files live in EvidenceFile rows owned by
the session (intake/evidence.py), and the step's stored answer only says the person has
been past the page ({"finished": True}). Nothing of it goes into the submission's answers:
the files are attached to the submission when it is sent.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .forms import JourneyForm
from .journeys import Row, Step

EVIDENCE_SLUG = "evidence"
EVIDENCE_TITLE = _("Photos, screenshots or documents")


class EvidenceContinueForm(JourneyForm):
    """The step's own question is the page of files itself; nothing is typed."""


@dataclass(frozen=True)
class EvidenceStep(Step):
    is_evidence = True

    def is_answered(self, raw: Any) -> bool:
        return isinstance(raw, dict) and raw.get("finished") is True

    def is_valid(self, raw: Any) -> bool:
        return self.is_answered(raw)

    def cleaned(self, raw: Any) -> dict[str, Any]:
        if not self.is_answered(raw):
            raise ValueError(f"Step {self.slug} is not complete")
        return {}

    def rows(self, raw: Any) -> list[Row]:
        # The names are filled in by the check-answers page from the session's files.
        return [Row(key=_("Files"), form=None, field_name=None, change_path="")]


def evidence_step() -> EvidenceStep:
    return EvidenceStep(EVIDENCE_SLUG, EvidenceContinueForm, EVIDENCE_TITLE)
