"""The one place that decides who may see a case. Every view and export asks here."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from .models import Case

User = AbstractBaseUser | AnonymousUser


def can_use_triage(user: User) -> bool:
    return bool(user.is_active and user.has_perm("triage.view_case"))


def cases_visible_to(user: User) -> QuerySet[Case]:
    if not can_use_triage(user):
        return Case.objects.none()
    return Case.objects.all()


def can_view_case(user: User, case: Case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()
