import pytest

from intake import codes
from intake.constants import REFERENCE_PREFIX, Scheme
from intake.models import Submission


@pytest.fixture
def demo(db):
    """Teams, areas and one demo user per role; returns the users by username."""
    from django.contrib.auth import get_user_model

    from triage.demo import demo_staff_ensure

    demo_staff_ensure()
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def case(db):
    """A concern report opened as a case, with no reference data to route it by."""
    from intake.services import submission_create
    from triage.services.opening import case_open_for_submission

    receipt = submission_create(scheme=Scheme.CONCERN, answers={"what": {"text": "He lied"}})
    return case_open_for_submission(
        submission_id=Submission.objects.get(reference=receipt.reference).pk
    )


@pytest.fixture
def nominals(demo):
    from triage.demo import demo_nominals_ensure
    from triage.models import Nominal

    demo_nominals_ensure(count=30)
    return Nominal.objects.get(force_reference="N-0001")


def summary(**subject) -> dict:
    """The scheme-independent summary intake puts in answers (docs/intake.md)."""
    place_postcode = subject.pop("place_postcode", None)
    return {
        "schema": 1,
        "subject": {
            "names": [],
            "aliases": [],
            "date_of_birth": None,
            "age": None,
            "addresses": [],
            "postcode": None,
            "vehicles": [],
            "phones": [],
            "usernames": [],
            **subject,
        },
        "place": {"postcode": place_postcode, "town": None, "text": None},
        "what": {"text": "He has been seen outside the school every day this week."},
    }


def submit(scheme=Scheme.CONCERN, answers=None, **kwargs) -> Submission:
    """A stored submission with the summary given. Made directly, not through intake's
    journeys, so these tests pin triage's side of the contract in docs/intake.md only."""
    return Submission.objects.create(
        reference=codes.new_reference(REFERENCE_PREFIX[scheme]),
        scheme=scheme,
        answers=answers or summary(),
        receipt_code_hash="0" * 64,
        **kwargs,
    )
