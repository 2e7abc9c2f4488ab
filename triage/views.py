"""Admin views for the queue and the case page. Thin: access.py decides, services change."""

from collections.abc import Callable
from datetime import datetime
from math import ceil
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.spreadsheets import spreadsheet_text

from . import access, forms, search, selectors
from .constants import (
    NEXT_STATUSES,
    CaseStatus,
    DecisionForum,
    DisclosureDecision,
    DisclosureMethod,
    DisclosureRecipient,
    LetterChannel,
    LetterKind,
    MatchStatus,
    NoDisclosureReason,
    Priority,
    Undertaking,
)
from .models import Case, CaseLetter, CaseMatch
from .services import (
    assignment,
    casework,
    clocks,
    disclosure,
    letters,
    lifecycle,
    looks,
    matches,
    opening,
)


class Refuse403Mixin:
    """Answer a refusal with a 403 page in the admin's style, not Wagtail's redirect to the
    dashboard, so that a refusal is visible as one (and the role-by-URL test can tell it from
    a way in). Wagtail's object views fetch their object in setup(), before dispatch()."""

    refused = False

    def setup(self, request, *args, **kwargs):
        try:
            super().setup(request, *args, **kwargs)
        except PermissionDenied:
            self.refused = True

    def dispatch(self, request, *args, **kwargs):
        if self.refused:
            return self.refusal(request)
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return self.refusal(request)

    @staticmethod
    def refusal(request):
        return TemplateResponse(request, "triage/403.html", status=403)


def _csv_datetime(value: datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="minutes")


class SearchPaginator(WagtailPaginator):
    """A search's results counted only up to a point. A broad search (a common surname, a
    whole district) can match thousands of cases, and counting them all costs more than
    listing the first page; past a thousand the number no longer helps anyone, a narrower
    search does.

    One query finds the ids of the first thousand (and one) in the queue's order: its length
    is the count and its slices are the pages, so the matches are joined and sorted once, and
    only the page's cases are then read whole. A count and a page read separately would each
    look up every match."""

    most = 1000

    def __init__(self, *args, find: Callable[[int], list] | None = None, **kwargs):
        # `find(most)`: the first ids in the queue's order by a quicker road than the
        # object list (search.case_ids_found); the page is still read from the object list.
        super().__init__(*args, **kwargs)
        self.find = find

    @cached_property
    def found_ids(self) -> list:
        if self.find is not None:
            return self.find(self.most + 1)
        return list(self.object_list.values_list("pk", flat=True)[: self.most + 1])

    @cached_property
    def count(self) -> int:
        return len(self.found_ids)

    @cached_property
    def more_than_most(self) -> bool:
        return self.count > self.most

    @cached_property
    def num_pages(self) -> int:
        listed = min(self.count, self.most)
        if listed == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, ceil(max(1, listed - self.orphans) / self.per_page))

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.most, self.count)
        ids = self.found_ids[bottom:top]
        by_id = self.object_list.order_by().in_bulk(ids)
        return self._get_page([by_id[pk] for pk in ids if pk in by_id], number, self)

    @cached_property
    def items_count_label(self) -> str:
        if self.more_than_most:
            return f"More than {self.most:,} cases: the first {self.most:,} are listed"
        return super().items_count_label


class CaseIndexView(Refuse403Mixin, generic.IndexView):
    results_template_name = "triage/case_index_results.html"
    custom_value_preprocess = {
        **generic.IndexView.custom_value_preprocess,
        datetime: {
            **generic.IndexView.custom_value_preprocess[datetime],
            "csv": _csv_datetime,
        },
    }

    def preprocess_field_value(self, field, value, export_format):
        # Every text cell of a CSV, whatever made it (a team's name, a username), is kept from
        # running as a formula; XLSX cells are typed as text by Wagtail already.
        cell = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(cell, str):
            return spreadsheet_text(cell)
        return cell

    # Turns the search box on; what a search finds is decided by search.cases_matching.
    search_fields = ["reference"]

    def get_base_queryset(self):
        return access.cases_visible_to(self.request.user).select_related("team", "assigned_to")

    def get_list_buttons(self, instance):
        # The reference is the link into the case; a menu holding only that same link, on
        # every row, would be one more stop for a keyboard and a fifth of the page's time.
        return []

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search.cases_matching(queryset, self.search_query)

    def get_paginator(self, *args, **kwargs):
        if self.is_searching and not self.is_export:
            return SearchPaginator(*args, find=self._search_finder(), **kwargs)
        return super().get_paginator(*args, **kwargs)

    def _search_finder(self) -> Callable[[int], list] | None:
        """A search of the whole queue in its own order is answered from the search entries
        alone (search.case_ids_found); with a filter or another order, from the cases."""
        if self.is_filtering or self.ordering != self.default_ordering:
            return None
        entries = access.search_entries_visible_to(self.request.user)
        query = self.search_query
        return lambda most: search.case_ids_found(entries, query, most=most)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = context.get("paginator")
        context["more_than_most"] = getattr(paginator, "more_than_most", False)
        context["most"] = SearchPaginator.most
        if self.is_searching and not self.is_export:
            # Every case a search lists has been looked at.
            looks.case_record_search(
                case_ids=[case.pk for case in context["object_list"]],
                acting_user=self.request.user,
                query=self.search_query,
            )
        return context

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # An export is a look at every case in it: each gets its own audit line.
        looks.case_record_export(
            case_ids=list(queryset.values_list("pk", flat=True)),
            acting_user=self.request.user,
            fmt=spreadsheet_format,
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)

    @cached_property
    def header_more_buttons(self):
        from wagtail.admin.widgets.button import Button

        buttons = list(super().header_more_buttons)
        if access.can_assign(self.request.user):
            buttons.append(
                Button("Bulk assign", url=reverse("cases:bulk_assign"), icon_name="group")
            )
        if access.can_open_right_to_know(self.request.user):
            buttons.append(
                Button(
                    "Open a Right to Know case",
                    url=reverse("cases:right_to_know"),
                    icon_name="plus",
                )
            )
        return buttons


class CaseInspectView(Refuse403Mixin, generic.InspectView):
    """The case page. Every look at a case is recorded, and so is every refusal."""

    template_name = "triage/case_inspect.html"

    def get_object(self, queryset=None):
        return access.case_for(self.request.user, self.pk, access.CaseAction.VIEW)

    def get(self, request, *args, **kwargs):
        looks.case_record_view(case=self.object, acting_user=request.user)
        return super().get(request, *args, **kwargs)

    def get_fields(self):
        return ["reference", "scheme", "status", "priority", "team", "assigned_to", "due_at"]

    def get_team_display_value(self):
        return self.object.team.name if self.object.team_id else "No team yet"

    def get_assigned_to_display_value(self):
        user = self.object.assigned_to
        return (user.get_full_name() or user.get_username()) if user else "Nobody"

    def get_due_at_display_value(self):
        due = self.object.due_at
        return timezone.localtime(due).strftime("%-d %B %Y %H:%M") if due else "No deadline"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        context.update(selectors.case_page_data(case=case))
        context["now"] = timezone.now()
        context["next_statuses"] = NEXT_STATUSES[CaseStatus(case.status)]
        # The case is already open to the user (access.case_for): only the role decides.
        context["can_assign"] = access.can_assign(self.request.user)
        context["forms"] = {
            "assign": forms.AssignForm(initial={"assignee": case.assigned_to_id}),
            "priority": forms.PriorityForm(initial={"priority": case.priority}),
            "note": forms.NoteForm(),
            "duplicate": forms.DuplicateForm(),
            "pause": forms.PauseForm(),
            "contact": forms.ContactForm(),
            "forum": forms.ForumForm(),
            "decision": forms.DecisionForm(),
            "close": forms.CloseForm(),
            "ratify": forms.RatifyForm(),
            "disclosure": forms.DisclosureForm(),
            "undertaking": forms.UndertakingForm(),
            "safety_plan": forms.SafetyPlanForm(),
            "letter": forms.LetterForm(),
        }
        context["MatchStatus"] = MatchStatus
        context["CaseStatus"] = CaseStatus
        context["DisclosureDecision"] = DisclosureDecision
        context["is_disclosure_case"] = case.scheme in disclosure.DISCLOSURE_SCHEMES
        if context["is_disclosure_case"]:
            context["disclosure_record"] = disclosure_record_rows(case)
            context["disclosure_missing"] = _missing_for_closing(case)
            context["needs_ratification"] = (
                case.forum == DecisionForum.IMMEDIATE and not case.ratified_on
            )
        context["letters"] = list(
            CaseLetter.objects.filter(case=case).select_related("produced_by")
        )
        context["LetterChannel"] = LetterChannel
        context["email_safe"] = bool(letters.email_address_if_safe(case))
        return context


def _missing_for_closing(case: Case) -> list[str]:
    outcome = "disclosed" if case.decision == DisclosureDecision.DISCLOSE else "not_disclosed"
    try:
        return disclosure.record_missing(case=case, outcome=outcome)
    except ValidationError as error:
        return error.messages


def _when(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
        return f"{value.day} {value:%B %Y %H:%M}"
    return f"{value.day} {value:%B %Y}"


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else ""


def disclosure_record_rows(case: Case) -> list[tuple[str, str]]:
    """The disclosure record in words, as the case page shows it. What is not recorded yet
    says so."""
    personal = disclosure.disclosure_details(case)
    not_yet = "Not recorded yet"
    if case.forum == DecisionForum.IMMEDIATE:
        forum = "Immediate risk: the police decided at once, without the forum"
        if case.ratified_on:
            forum += (
                f"; ratified by {_label(DecisionForum, case.ratified_by_forum)} "
                f"({case.forum_reference}) on {_when(case.ratified_on)}"
            )
        else:
            forum += "; not yet ratified by the forum"
    elif case.forum:
        forum = f"{_label(DecisionForum, case.forum)}, reference {case.forum_reference}"
        forum += f", meeting on {_when(case.forum_date)}" if case.forum_date else ", date not given"
    else:
        forum = not_yet
    rows = [("Forum", forum)]
    if case.decision:
        decision = _label(DisclosureDecision, case.decision)
        if case.no_disclosure_reason:
            decision += f": {_label(NoDisclosureReason, case.no_disclosure_reason)}"
        rows.append(("Decision", f"{decision}, on {_when(case.decided_at)}"))
    else:
        rows.append(("Decision", not_yet))
    if case.decision == DisclosureDecision.DISCLOSE:
        if case.disclosed_at:
            how = _label(DisclosureMethod, case.disclosure_method)
            if personal.get("phone_reason"):
                how += f" (why not in person: {personal['phone_reason']})"
            rows += [
                (
                    "Disclosed to",
                    f"{personal.get('recipient_name', '')}, "
                    f"{_label(DisclosureRecipient, case.disclosed_to_kind).lower()}",
                ),
                ("When and how", f"{_when(case.disclosed_at)}, {how.lower()}"),
                ("Words disclosed", personal.get("words", "")),
            ]
        else:
            rows.append(("Disclosure made", not_yet))
        if case.undertaking:
            undertaking = (
                f"{_label(Undertaking, case.undertaking)}, on {_when(case.undertaking_on)}"
            )
            if case.undertaking == Undertaking.REFUSED and personal.get("undertaking_effect"):
                undertaking += f". Effect: {personal['undertaking_effect']}"
            rows.append(("Confidentiality undertaking", undertaking))
        else:
            rows.append(("Confidentiality undertaking", not_yet))
    if case.safety_plan_at:
        rows += [
            ("Safety plan", personal.get("safety_plan", "")),
            ("Referred to", personal.get("referrals") or "No referral recorded"),
        ]
    elif case.decision:
        rows.append(("Safety plan and referrals", not_yet))
    return rows


# Each action on the case page: the form that asks it (or None) and the service that does
# it, called as service(case_id=..., acting_user=..., **the form's cleaned data). A service
# may answer with the words to tell the officer; otherwise "Done.".
def _assign(*, case_id, acting_user, assignee):
    return assignment.case_assign(case_id=case_id, acting_user=acting_user, assignee=assignee)


def _take(*, case_id, acting_user):
    return assignment.case_assign(case_id=case_id, acting_user=acting_user, assignee=acting_user)


def _duplicate(*, case_id, acting_user, reference):
    original = access.cases_visible_to(acting_user).filter(reference=reference.strip()).first()
    if original is None:
        raise ValidationError("No case you can see has that reference.")
    return casework.case_link_duplicate(
        case_id=case_id, acting_user=acting_user, duplicate_of=original
    )


def _produce_letter(*, case_id, acting_user, **details):
    letter = letters.case_produce_letter(case_id=case_id, acting_user=acting_user, **details)
    if letter.channel == LetterChannel.EMAIL:
        done = "Letter sent by e-mail, to the address marked safe, and kept with the case."
    else:
        done = "Letter kept with the case: download it, print it and hand it over in person."
    return f"{done} {letter.staff_note}".strip()


ACTIONS = {
    "assign": (forms.AssignForm, _assign),
    "take": (None, _take),
    "priority": (forms.PriorityForm, assignment.case_change_priority),
    "note": (forms.NoteForm, casework.case_add_note),
    "duplicate": (forms.DuplicateForm, _duplicate),
    "pause": (forms.PauseForm, clocks.case_pause_clock),
    "resume": (None, clocks.case_resume_clock),
    "triage": (None, lifecycle.case_triage),
    "checks": (None, lifecycle.case_start_checks),
    "contact": (forms.ContactForm, lifecycle.case_record_contact),
    "forum": (forms.ForumForm, lifecycle.case_refer_to_forum),
    "decision": (forms.DecisionForm, lifecycle.case_record_decision),
    "close": (forms.CloseForm, lifecycle.case_close),
    "ratify": (forms.RatifyForm, disclosure.case_ratify_decision),
    "record_disclosure": (forms.DisclosureForm, disclosure.case_record_disclosure),
    "record_undertaking": (forms.UndertakingForm, disclosure.case_record_undertaking),
    "record_safety_plan": (forms.SafetyPlanForm, disclosure.case_record_safety_plan),
    "produce_letter": (forms.LetterForm, _produce_letter),
}


class CaseActionView(Refuse403Mixin, View):
    """One POST per action on the case page."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        if action not in ACTIONS:
            raise Http404
        case = access.case_for(request.user, pk, action)
        form_class, service = ACTIONS[action]
        data = {}
        if form_class is not None:
            form = form_class(request.POST)
            if not form.is_valid():
                for field, errors in form.errors.items():
                    messages.error(request, f"{field}: {' '.join(errors)}")
                return redirect("cases:inspect", case.pk)
            data = form.cleaned_data
        try:
            result = service(case_id=case.pk, acting_user=request.user, **data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, result if isinstance(result, str) else "Done.")
        return redirect("cases:inspect", case.pk)


class CaseHistoryView(Refuse403Mixin, WagtailAdminTemplateMixin, TemplateView):
    """The case's whole audit trail, every look included, a hundred lines a page. Reading it
    is a look at the case like any other, and is recorded."""

    template_name = "triage/case_history.html"

    def get(self, request, *args, **kwargs):
        self.case = access.case_for(request.user, kwargs["pk"], access.CaseAction.VIEW)
        looks.case_record_view(case=self.case, acting_user=request.user)
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return f"History of case {self.case.reference}"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("cases:index"), "label": "Cases"},
            {"url": reverse("cases:inspect", args=[self.case.pk]), "label": self.case.reference},
            {"url": "", "label": f"History of {self.case.reference}"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["case"] = self.case
        page = selectors.case_history_page(case=self.case, page_number=self.request.GET.get("p"))
        context["page_obj"] = page
        context["elided_page_range"] = page.paginator.get_elided_page_range(page.number)
        return context


class CaseLetterView(Refuse403Mixin, View):
    """A letter of the case as a PDF, made again from the text kept; every download is a
    CaseEvent, every refusal too (access.case_for)."""

    http_method_names = ["get"]

    def get(self, request, pk, letter_id):
        case = access.case_for(request.user, pk, access.CaseAction.DOWNLOAD_LETTER)
        letter = get_object_or_404(CaseLetter, pk=letter_id, case=case)
        pdf = letters.case_letter_pdf(letter_id=letter.pk, acting_user=request.user)
        response = HttpResponse(pdf, content_type="application/pdf")
        kind = LetterKind(letter.kind).value.replace("_", "-")
        response["Content-Disposition"] = (
            f'attachment; filename="{case.reference}-{kind}-{letter.pk}.pdf"'
        )
        response["Cache-Control"] = "no-store"
        return response


class MatchActionView(Refuse403Mixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, match_id, decision):
        if decision not in ("confirm", "reject"):
            raise Http404
        case = access.case_for(request.user, pk, f"match_{decision}")
        match = get_object_or_404(CaseMatch, pk=match_id, case=case)
        if decision == "confirm":
            matches.case_match_confirm(match_id=match.pk, acting_user=request.user)
        else:
            matches.case_match_reject(match_id=match.pk, acting_user=request.user)
        messages.success(request, f"Match {decision}ed.")
        return redirect("cases:inspect", case.pk)


class BulkAssignView(Refuse403Mixin, WagtailAdminTemplateMixin, FormView):
    template_name = "triage/bulk_assign.html"
    page_title = "Bulk assign"
    form_class = forms.BulkAssignForm

    def dispatch(self, request, *args, **kwargs):
        if not access.can_assign(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_cases(self):
        return (
            selectors.case_queue_for(user=self.request.user, queue=selectors.Queue.UNASSIGNED)
            .select_related(None)
            .order_by("due_at")
            .only("pk", "reference", "scheme", "priority", "due_at")[:200]
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["case_choices"] = [(str(c.pk), c.reference) for c in self.get_cases()]
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cases": self.get_cases()}

    def form_valid(self, form):
        cases = [
            access.case_for(self.request.user, pk, access.CaseAction.ASSIGN)
            for pk in form.cleaned_data["cases"]
        ]
        count = assignment.case_bulk_assign(
            case_ids=[case.pk for case in cases],
            acting_user=self.request.user,
            assignee=form.cleaned_data["assignee"],
        )
        messages.success(self.request, f"{count} cases assigned.")
        return redirect("cases:index")


class RightToKnowView(Refuse403Mixin, WagtailAdminTemplateMixin, FormView):
    template_name = "triage/right_to_know.html"
    page_title = "Open a Clare's Law Right to Know case"
    form_class = forms.RightToKnowForm

    def dispatch(self, request, *args, **kwargs):
        if not access.can_open_right_to_know(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        case = opening.case_open_right_to_know(
            acting_user=self.request.user,
            details=form.details(),
            priority=Priority.URGENT if form.cleaned_data["urgent"] else Priority.NORMAL,
        )
        messages.success(self.request, f"Right to Know case {case.reference} opened.")
        if access.can_view_case(self.request.user, case):
            return redirect("cases:inspect", case.pk)
        return redirect("cases:index")
