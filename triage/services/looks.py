"""Every look at a case, and every refusal: viewed, listed by a search, exported, refused."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .. import events, search
from ..constants import EventKind
from ..models import Case, CaseEvent


def case_record_view(*, case: Case, acting_user: AbstractBaseUser) -> None:
    events.case_event_record(case=case, kind=EventKind.VIEWED, acting_user=acting_user)


def case_record_refused(*, case: Case, acting_user: AbstractBaseUser, action: str) -> None:
    events.case_event_record(
        case=case, kind=EventKind.ACCESS_REFUSED, acting_user=acting_user, detail={"action": action}
    )


def case_record_search(*, case_ids: list[Any], acting_user: AbstractBaseUser, query: str) -> None:
    """Cases listed by a search: a look at each, recorded with a keyed fingerprint of the query
    (the same search can be recognised, its words are never kept)."""
    fingerprint = search.query_fingerprint(query)
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case_id=case_id,
            kind=EventKind.SEARCHED,
            actor=acting_user,
            detail={"query": fingerprint},
        )
        for case_id in case_ids
    )


def case_record_export(*, case_ids: list[Any], acting_user: AbstractBaseUser, fmt: str) -> None:
    with transaction.atomic():
        for case in Case.objects.filter(pk__in=case_ids):
            events.case_event_record(
                case=case, kind=EventKind.EXPORTED, acting_user=acting_user, detail={"format": fmt}
            )
