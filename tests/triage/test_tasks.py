import pytest

from triage.models import Case
from triage.tasks import route_submission

pytestmark = pytest.mark.django_db


def test_a_message_that_no_longer_exists_is_ignored():
    route_submission(outbox_message_id=987654)
    assert not Case.objects.exists()
