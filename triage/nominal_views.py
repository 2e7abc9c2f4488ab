"""Admin views for the register of nominals. Need-to-know is decided in access.py; every look
at a nominal and every refusal is written to Wagtail's log, so it shows in the nominal's
History and in the site history report.

The log names a nominal by its reference only (`access.nominal_log_title`): the site history
lists entries to all staff who may use the register, whether or not they may see the nominal.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import View
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import log

from . import access
from .constants import IdentifierKind, MatchStatus
from .models import Case, CaseMatch, Nominal
from .views import Refuse403Mixin


def nominal_record_view(*, nominal: Nominal, user, page: str) -> None:
    """One line in the nominal's history per look at it: who, when and which page."""
    log(
        instance=nominal,
        action=access.NOMINAL_VIEWED,
        user=user,
        title=access.nominal_log_title(nominal),
        data={"page": page},
    )


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class NominalIndexView(Refuse403Mixin, generic.IndexView):
    """The register: only the nominals the user may see, each linking to its page."""

    def get_base_queryset(self):
        return access.nominals_visible_to(self.request.user).select_related("offender_manager")

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # The row opens the nominal's page, not its edit form (Edit stays in the row's menu).
        return self._get_custom_column(
            field_name,
            self._get_title_column_class(column_class),
            get_url=self.get_inspect_url,
            **kwargs,
        )


class NominalObjectMixin(Refuse403Mixin):
    """Every page of one nominal: fetched through access.nominal_for before Wagtail's own
    permission checks, so a nominal that does not exist is 404 for everyone, and a refusal
    is recorded once and answered with the 403 page."""

    nominal_action = "view"

    def setup(self, request, *args, **kwargs):
        try:
            self.nominal = access.nominal_for(request.user, kwargs.get("pk"), self.nominal_action)
        except PermissionDenied:
            self.refused = True
            View.setup(self, request, *args, **kwargs)
            return
        super().setup(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return self.nominal


class NominalInspectView(NominalObjectMixin, generic.InspectView):
    """The nominal's page: who they are, where they live, how to recognise them, and the
    cases linked to them that the user may see."""

    template_name = "triage/nominal_inspect.html"
    page_title = "Nominal"

    def get_object(self, queryset=None):
        nominal = super().get_object(queryset)
        return (
            Nominal.objects.select_related("offender_manager__staff_profile__team")
            .prefetch_related("names", "addresses", "identifiers")
            .get(pk=nominal.pk)
        )

    def get(self, request, *args, **kwargs):
        nominal_record_view(nominal=self.object, user=request.user, page="inspect")
        return super().get(request, *args, **kwargs)

    def get_fields(self):
        return []

    @cached_property
    def can_edit(self) -> bool:
        return access.can_edit_nominal(self.request.user, self.object)

    def get_edit_url(self):
        if self.edit_url_name and self.can_edit:
            return reverse(self.edit_url_name, args=(self.object.pk,))

    def get_delete_url(self):
        if (
            self.delete_url_name
            and self.can_edit
            and self.request.user.has_perm("triage.delete_nominal")
        ):
            return reverse(self.delete_url_name, args=(self.object.pk,))

    @cached_property
    def header_buttons(self):
        if edit_url := self.get_edit_url():
            return [HeaderButton("Edit", url=edit_url, icon_name="edit")]
        return []

    @cached_property
    def header_more_buttons(self):
        buttons = []
        if self.can_edit:
            buttons.append(
                Button(
                    "History",
                    url=reverse("triage_nominals:history", args=(self.object.pk,)),
                    icon_name="history",
                    priority=10,
                )
            )
        if delete_url := self.get_delete_url():
            buttons.append(Button("Delete", url=delete_url, icon_name="bin", priority=20))
        return buttons

    def linked_cases(self) -> dict:
        """The cases whose confirmed nominal this is or that have a match to it: those the user
        may see, and how many others there are."""
        nominal = self.object
        linked = Q(nominal_id=nominal.pk) | Q(
            pk__in=CaseMatch.objects.filter(nominal_id=nominal.pk).values("case_id")
        )
        visible = list(
            access.cases_visible_to(self.request.user)
            .filter(linked)
            .select_related("team")
            .order_by("-opened_at")
        )
        matches = {
            match.case_id: match
            for match in CaseMatch.objects.filter(
                nominal_id=nominal.pk, case_id__in=[case.pk for case in visible]
            )
        }
        for case in visible:
            case.is_confirmed_nominal = case.nominal_id == nominal.pk
            case.nominal_match = matches.get(case.pk)
        hidden = Case.objects.filter(linked).count() - len(visible)
        decisions = list(
            CaseMatch.objects.filter(
                nominal_id=nominal.pk,
                status__in=[MatchStatus.CONFIRMED, MatchStatus.REJECTED],
            )
            .select_related("case", "decided_by")
            .order_by("-decided_at", "-id")
        )
        visible_ids = {case.pk for case in visible}
        for match in decisions:
            match.case_visible = match.case_id in visible_ids
        return {"linked_cases": visible, "hidden_cases": hidden, "match_decisions": decisions}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        nominal = self.object
        today = timezone.localdate()
        manager = nominal.offender_manager
        profile = getattr(manager, "staff_profile", None) if manager else None
        identifiers = list(nominal.identifiers.all())
        context.update(
            {
                "age": age_on(nominal.date_of_birth, today) if nominal.date_of_birth else None,
                "today": today,
                "manager": manager,
                "manager_team": profile.team if profile else None,
                "names": list(nominal.names.all()),
                "addresses": list(nominal.addresses.all()),
                "identifier_groups": [
                    (kind.label, [i for i in identifiers if i.kind == kind])
                    for kind in IdentifierKind
                ],
                "can_edit": self.can_edit,
                **self.linked_cases(),
            }
        )
        return context


class NominalCreateView(generic.CreateView):
    def save_instance(self):
        with transaction.atomic():
            self.action_class(
                self.form.instance,
                user=self.request.user,
                form=self.form,
                sort_order_field=self.sort_order_field,
                log_action=None,
            ).execute(skip_permission_checks=True)
            instance = self.form.instance
            log(
                instance=instance,
                action="wagtail.create",
                user=self.request.user,
                title=access.nominal_log_title(instance),
                content_changed=True,
            )
        return instance


class NominalEditView(NominalObjectMixin, generic.EditView):
    """The edit form: reference-data editors, for nominals they may see. Opening it is a look
    at the nominal like any other, and recorded as one."""

    nominal_action = "edit"

    def get(self, request, *args, **kwargs):
        # The form fetches the nominal (through access) as it is drawn: a refusal stops here.
        response = super().get(request, *args, **kwargs)
        nominal_record_view(nominal=self.object, user=request.user, page="edit")
        return response

    def save_instance(self):
        with transaction.atomic():
            self.action_class(
                self.form.instance,
                user=self.request.user,
                form=self.form,
                log_action=None,
            ).execute(skip_permission_checks=True)
            log(
                instance=self.form.instance,
                action="wagtail.edit",
                user=self.request.user,
                title=access.nominal_log_title(self.form.instance),
                content_changed=True,
            )
        return self.form.instance


class NominalDeleteView(NominalObjectMixin, generic.DeleteView):
    nominal_action = "delete"

    def delete_action(self):
        with transaction.atomic():
            log(
                instance=self.object,
                action="wagtail.delete",
                user=self.request.user,
                title=access.nominal_log_title(self.object),
                deleted=True,
            )
            self.action_class(self.object, user=self.request.user, log_action=None).execute(
                skip_permission_checks=True
            )


class NominalHistoryView(NominalObjectMixin, HistoryView):
    nominal_action = "history"


class NominalUsageView(NominalObjectMixin, UsageView):
    nominal_action = "usage"
