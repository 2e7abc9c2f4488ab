"""Staff's decision on each nominal that matching suggested."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from .. import events, search
from ..constants import EventKind, MatchStatus
from ..models import CaseMatch
from .common import case_locked


@transaction.atomic
def case_match_confirm(*, match_id: int, acting_user: AbstractBaseUser) -> CaseMatch:
    match = CaseMatch.objects.select_for_update().select_related("case").get(pk=match_id)
    case = case_locked(match.case_id)
    match.status = MatchStatus.CONFIRMED
    match.decided_by = acting_user
    match.decided_at = timezone.now()
    match.save(update_fields=["status", "decided_by", "decided_at"])
    case.nominal_id = match.nominal_id
    case.save(update_fields=["nominal", "updated_at"])
    events.case_event_record(
        case=case,
        kind=EventKind.MATCH_CONFIRMED,
        acting_user=acting_user,
        detail={"nominal_id": match.nominal_id, "score": match.score},
    )
    # The nominal's own names now find the case too.
    search.case_index(case_id=case.pk)
    return match


@transaction.atomic
def case_match_reject(*, match_id: int, acting_user: AbstractBaseUser) -> CaseMatch:
    match = CaseMatch.objects.select_for_update().get(pk=match_id)
    case = case_locked(match.case_id)
    match.status = MatchStatus.REJECTED
    match.decided_by = acting_user
    match.decided_at = timezone.now()
    match.save(update_fields=["status", "decided_by", "decided_at"])
    if case.nominal_id == match.nominal_id:
        case.nominal = None
        case.save(update_fields=["nominal", "updated_at"])
        search.case_index(case_id=case.pk)
    events.case_event_record(
        case=case,
        kind=EventKind.MATCH_REJECTED,
        acting_user=acting_user,
        detail={"nominal_id": match.nominal_id, "score": match.score},
    )
    return match
