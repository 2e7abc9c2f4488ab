"""Thin views for the public journeys: each reads the session, validates one form, and
calls a service. Every page is no-store; every POST is rate limited by client address."""

from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from core.languages import language_code

from . import codes, evidence, protection, selectors, services, uploads
from .constants import EVIDENCE_FOLLOW_UP, ScanStatus
from .evidence_step import EvidenceStep
from .forms import DeclarationForm, FollowUpForm, ReceiptLookupForm
from .journeys import (
    AddAnotherForm,
    Journey,
    JourneyState,
    RepeatStep,
    Step,
    is_changing,
    raw_data,
    with_change_flag,
)
from .models import Submission
from .summary import declaration_record

RECEIPT_SESSION_KEY = "intake:receipt"
ROBOT_ERROR = _("Confirm that you are not a robot")
# The hidden field of the check-answers form that carries the journey's one-time send key.
SEND_KEY_FIELD = "send_key"
SEND_KEY_MAX = 64
SEND_KEY_ERROR = _("Your answers have not been sent yet. Check them, then select Send again")
CHECK_SESSION_KEY = "intake:check"


def too_many_requests(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/too_many_requests.html", status=429)


def robot_refused(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/problem.html", status=400)


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class PublicFormView(View):
    """Every public intake page: never cached; every POST counted and checked for robots."""

    rate_kind = "step"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            if protection.rate_limited(request, kind=self.rate_kind):
                return too_many_requests(request)
            if protection.honeypot_filled(request):
                return robot_refused(request)
        return super().dispatch(request, *args, **kwargs)


class JourneyView(PublicFormView):
    """Base for every page of a journey. Subclasses are bound to one journey in urls.py."""

    journey: Journey | None = None

    def url(self, page: str, **kwargs) -> str:
        return reverse(f"intake:{self.journey.name}_{page}", kwargs=kwargs or None)

    def step_url(self, slug: str) -> str:
        return self.url("step", step=slug)

    def item_url(self, slug: str, item: int) -> str:
        return self.url("item", step=slug, item=item)

    def load_state(self, request: HttpRequest) -> JourneyState:
        return self.journey.load(request.session)

    def render_page(self, request, template: str, context: dict, status: int = 200):
        context = {"journey": self.journey, **context}
        return render(request, template, context, status=status)

    def get_step(self, slug: str) -> Step:
        step = self.journey.step(slug)
        if step is None:
            raise Http404("No such question")
        return step

    def back_url(self, state: JourneyState, step: Step) -> str | None:
        previous = self.journey.previous_step(step, state.answers)
        return self.step_url(previous.slug) if previous else None

    def after(self, current: Step, state: JourneyState, *, changing: bool) -> str:
        """Where to go once a step is answered: on, or back to check answers when changing."""
        if changing and self.journey.is_complete(state.answers):
            return self.url("check")
        following = self.journey.next_step(current, state.answers)
        if following is None or (
            changing and following.is_valid(state.answers.get(following.slug))
        ):
            unanswered = self.journey.first_unanswered(state.answers)
            return self.step_url(unanswered.slug) if unanswered else self.url("check")
        return self.step_url(following.slug)

    def may_answer(self, state: JourneyState, step: Step) -> bool:
        """Only the first step starts a journey; later ones need answers already given."""
        return bool(state.answers) or step == self.journey.steps[0]


class JourneyStartView(JourneyView):
    def get(self, request: HttpRequest) -> HttpResponse:
        state = self.load_state(request)
        first = self.journey.first_unanswered(state.answers)
        if first is None:
            return redirect(self.url("check"))
        return redirect(self.step_url(first.slug))


class JourneyStepView(JourneyView):
    def context(self, state: JourneyState, step: Step, form, **extra) -> dict:
        form.caption = self.journey.caption
        return {"step": step, "form": form, "back_url": self.back_url(state, step), **extra}

    def get(self, request: HttpRequest, step: str) -> HttpResponse:
        current = self.get_step(step)
        state = self.load_state(request)
        if state.timed_out:
            return redirect(self.url("timed_out"))
        if not current.applies(state.answers):
            return redirect(self.url("start"))
        if isinstance(current, RepeatStep):
            return self.repeat_summary(request, state, current)
        if isinstance(current, EvidenceStep):
            self.journey.touch(request.session, state)
            return self.evidence_page(request, state, current)
        stored = state.answers.get(current.slug)
        form = current.bound_form(stored)
        self.journey.touch(request.session, state)
        return self.render_page(request, "intake/step.html", self.context(state, current, form))

    def post(self, request: HttpRequest, step: str) -> HttpResponse:
        current = self.get_step(step)
        state = self.load_state(request)
        if state.timed_out or not self.may_answer(state, current):
            return redirect(self.url("timed_out"))
        if not current.applies(state.answers):
            return redirect(self.url("start"))
        changing = is_changing(request)
        if isinstance(current, RepeatStep):
            return self.repeat_answer(request, state, current, changing=changing)
        if isinstance(current, EvidenceStep):
            return self.evidence_answer(request, state, current, changing=changing)
        form = current.form_class(data=request.POST)
        if not form.is_valid():
            return self.render_page(request, "intake/step.html", self.context(state, current, form))
        self.journey.save_step(request.session, state, current, form)
        if current.interrupt and (page := current.interrupt(form.cleaned_data)):
            return redirect(self.url("interrupt", kind=page))
        return redirect(self.after(current, state, changing=changing))

    # --- The page of files (photos, screenshots, documents) -------------------------------

    def evidence_page(
        self, request, state: JourneyState, step: EvidenceStep, error: str = "", status=200
    ) -> HttpResponse:
        changing = is_changing(request)
        context = {
            "step": step,
            "back_url": self.back_url(state, step),
            "step_url": with_change_flag(self.step_url(step.slug), changing),
            "upload_url": with_change_flag(self.url("upload", step=step.slug), changing),
            **evidence_context(request, purpose=self.journey.name, error=error),
        }
        return self.render_page(request, "intake/evidence.html", context, status=status)

    def evidence_answer(
        self, request, state: JourneyState, step: EvidenceStep, *, changing: bool
    ) -> HttpResponse:
        if "remove" in request.POST:
            evidence.evidence_remove(
                session_key=request.session.session_key,
                purpose=self.journey.name,
                file_id=request.POST.get("remove", ""),
            )
            self.journey.touch(request.session, state)
            return redirect(with_change_flag(self.step_url(step.slug), changing))
        self.journey.save_raw(request.session, state, step, {"finished": True})
        return redirect(self.after(step, state, changing=changing))

    # --- The add-another summary page of a repeating step --------------------------------

    def repeat_context(self, state: JourneyState, step: RepeatStep, form) -> dict:
        raw = state.answers.get(step.slug)
        # Keep the change flag on every link, so the loop ends back at check answers.
        changing = is_changing(self.request)
        items = [
            {
                "number": index + 1,
                "heading": step.words.item_heading(index + 1),
                "label": step.label(index, item),
                "change_url": with_change_flag(self.item_url(step.slug, index + 1), changing),
                "remove_url": with_change_flag(
                    self.url("item_remove", step=step.slug, item=index + 1), changing
                ),
            }
            for index, item in enumerate(step.items(raw))
        ]
        return {
            "step": step,
            "form": form,
            "items": items,
            "added": step.words.numbered(step.words.added, len(items)),
            "can_add": len(items) < step.max_items,
            "back_url": self.back_url(state, step),
        }

    def repeat_summary(self, request, state: JourneyState, step: RepeatStep) -> HttpResponse:
        raw = state.answers.get(step.slug)
        items = step.items(raw)
        if not items and step.min_items > 0:
            return redirect(self.item_url(step.slug, 1))
        self.journey.touch(request.session, state)
        form = AddAnotherForm(step=step, has_items=bool(items))
        return self.render_page(
            request, "intake/add_another.html", self.repeat_context(state, step, form)
        )

    def repeat_answer(
        self, request, state: JourneyState, step: RepeatStep, *, changing: bool
    ) -> HttpResponse:
        raw = state.answers.get(step.slug) or {"items": [], "finished": False}
        items = step.items(raw)
        form = AddAnotherForm(data=request.POST, step=step, has_items=bool(items))
        if form.is_valid() and form.cleaned_data["add_another"] == "yes":
            if len(items) >= step.max_items:
                form.add_error(
                    "add_another", step.words.numbered(step.words.too_many, step.max_items)
                )
            else:
                # Keep the change flag through the loop, so "No" goes back to check answers.
                return redirect(
                    with_change_flag(self.item_url(step.slug, len(items) + 1), changing)
                )
        if form.is_valid() and len(items) < step.min_items:
            form.add_error("add_another", step.words.numbered(step.words.too_few, step.min_items))
        if not form.is_valid():
            return self.render_page(
                request, "intake/add_another.html", self.repeat_context(state, step, form)
            )
        self.journey.save_raw(request.session, state, step, {"items": items, "finished": True})
        return redirect(self.after(step, state, changing=changing))


def evidence_context(request: HttpRequest, *, purpose: str, error: str = "") -> dict:
    """The files a visitor has added so far, for the page that lists them."""
    files = evidence.pending_files(session_key=request.session.session_key, purpose=purpose)
    return {
        "evidence_files": [
            {
                "id": str(item.pk),
                "name": item.name,
                "refused": item.scan_status in (ScanStatus.INFECTED, ScanStatus.UNREADABLE),
                "unreadable": item.scan_status == ScanStatus.UNREADABLE,
            }
            for item in files
        ],
        "evidence_max_files": settings.EVIDENCE_MAX_FILES,
        "evidence_max_megabytes": settings.EVIDENCE_MAX_FILE_BYTES // (1024 * 1024),
        "evidence_can_add": len(files) < settings.EVIDENCE_MAX_FILES,
        "evidence_error": error,
    }


def add_evidence_from(request: HttpRequest, handler, *, purpose: str) -> str:
    """Store the file posted, if it may be kept; the error to show, or ""."""
    upload = uploads.read_upload(request, handler)
    if upload.unreadable:
        return gettext("The selected file could not be uploaded. Try again")
    if request.session.session_key is None:
        request.session.save()
    try:
        evidence.evidence_add(
            session_key=request.session.session_key,
            purpose=purpose,
            upload=upload.file,
            raw_name=upload.raw_name,
            too_large=upload.too_large,
        )
    except evidence.EvidenceRefused as refusal:
        return refusal.message
    return ""


class UploadMixin:
    """An upload page: the request body is read by the evidence upload handler (streamed to
    disk, one file), which must be in place before anything reads the body, so the CSRF
    check runs here, just after, rather than in the middleware."""

    upload_handler = None

    @method_decorator(csrf_exempt)
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            self.upload_handler = uploads.prepare(request)
        return csrf_protect(super().dispatch)(request, *args, **kwargs)


class JourneyUploadView(UploadMixin, JourneyStepView):
    """One file posted from the page of files of a journey."""

    def get(self, request: HttpRequest, step: str) -> HttpResponse:
        return redirect(self.step_url(step))

    def post(self, request: HttpRequest, step: str) -> HttpResponse:
        current = self.get_step(step)
        if not isinstance(current, EvidenceStep):
            raise Http404("No such page")
        state = self.load_state(request)
        if state.timed_out or not self.may_answer(state, current):
            return redirect(self.url("timed_out"))
        if not current.applies(state.answers):
            return redirect(self.url("start"))
        error = add_evidence_from(request, self.upload_handler, purpose=self.journey.name)
        self.journey.touch(request.session, state)
        if error:
            return self.evidence_page(request, state, current, error=error)
        return redirect(with_change_flag(self.step_url(current.slug), is_changing(request)))


class JourneyItemView(JourneyView):
    """One item of a repeating step: a child, an address. `item` counts from 1."""

    def resolve(self, request, slug: str, item: int):
        step = self.get_step(slug)
        if not isinstance(step, RepeatStep):
            raise Http404("No such question")
        state = self.load_state(request)
        raw = state.answers.get(step.slug) or {"items": [], "finished": False}
        items = step.items(raw)
        if not state.timed_out and (item < 1 or item > min(len(items) + 1, step.max_items)):
            raise Http404("No such item")
        return step, state, raw, items

    def context(self, step: RepeatStep, state, form, items, item: int) -> dict:
        back = self.step_url(step.slug) if items else self.back_url(state, step)
        return {
            "step": step,
            "form": form,
            "back_url": back,
            "item_heading": step.words.item_heading(item),
        }

    def get(self, request: HttpRequest, step: str, item: int) -> HttpResponse:
        current, state, _raw, items = self.resolve(request, step, item)
        if state.timed_out:
            return redirect(self.url("timed_out"))
        if not current.applies(state.answers) or not self.may_answer(state, current):
            return redirect(self.url("start"))
        form = current.item_form(items[item - 1] if item <= len(items) else None)
        self.journey.touch(request.session, state)
        return self.render_page(
            request, "intake/step.html", self.context(current, state, form, items, item)
        )

    def post(self, request: HttpRequest, step: str, item: int) -> HttpResponse:
        current, state, raw, items = self.resolve(request, step, item)
        if state.timed_out or not self.may_answer(state, current):
            return redirect(self.url("timed_out"))
        if not current.applies(state.answers):
            return redirect(self.url("start"))
        form = current.form_class(data=request.POST)
        if not form.is_valid():
            return self.render_page(
                request, "intake/step.html", self.context(current, state, form, items, item)
            )
        adding = item > len(items)
        if adding:
            items.append(raw_data(form))
        else:
            items[item - 1] = raw_data(form)
        finished = bool(raw.get("finished")) and not adding
        self.journey.save_raw(
            request.session, state, current, {"items": items, "finished": finished}
        )
        changing = is_changing(request)
        if changing and self.journey.is_complete(state.answers):
            return redirect(self.url("check"))
        return redirect(with_change_flag(self.step_url(current.slug), changing))


class JourneyItemRemoveView(JourneyItemView):
    """Removing an item is a POST from the summary page's Remove button."""

    def get(self, request: HttpRequest, step: str, item: int) -> HttpResponse:
        return redirect(self.step_url(step))

    def post(self, request: HttpRequest, step: str, item: int) -> HttpResponse:
        current, state, _raw, items = self.resolve(request, step, item)
        if state.timed_out or not state.answers:
            return redirect(self.url("timed_out"))
        if item <= len(items):
            del items[item - 1]
        self.journey.save_raw(request.session, state, current, {"items": items, "finished": False})
        return redirect(with_change_flag(self.step_url(current.slug), is_changing(request)))


class JourneyInterruptView(JourneyView):
    """A page that stops the journey to say something urgent, with a way to carry on."""

    templates = {"immediate_danger": "intake/immediate_danger.html"}

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        template = self.templates.get(kind)
        if template is None:
            raise Http404("No such page")
        state = self.load_state(request)
        unanswered = self.journey.first_unanswered(state.answers)
        continue_url = self.step_url(unanswered.slug) if unanswered else self.url("check")
        return self.render_page(request, template, {"continue_url": continue_url})


class JourneyCheckAnswersView(JourneyView):
    rate_kind = "send"

    def sections(self, state: JourneyState) -> list[dict]:
        sections = []
        for step, rows in self.journey.check_sections(state.answers):
            base = self.step_url(step.slug)
            if isinstance(step, EvidenceStep):
                rows = [replace(row, value=self.evidence_names()) for row in rows]
            sections.append(
                {
                    "step": step,
                    "rows": [
                        {
                            "row": row,
                            "change_url": with_change_flag(base + row.change_path),
                        }
                        for row in rows
                    ],
                }
            )
        return sections

    def evidence_names(self) -> str:
        files = evidence.pending_files(
            session_key=self.request.session.session_key, purpose=self.journey.name
        )
        refused = (ScanStatus.INFECTED, ScanStatus.UNREADABLE)
        return ", ".join(
            gettext("%(name)s (not accepted)") % {"name": item.name}
            if item.scan_status in refused
            else item.name
            for item in files
        )

    def page(
        self,
        request,
        state: JourneyState,
        *,
        declaration: DeclarationForm | None = None,
        robot_error: str = "",
        send_error: str = "",
    ) -> HttpResponse:
        declaration = declaration or DeclarationForm()
        declaration_error = declaration.errors.get("declaration", [""])[0]
        errors = [
            {"anchor": anchor, "message": message}
            for anchor, message in (
                ("send", send_error),
                ("declaration", declaration_error),
                ("send", robot_error),
            )
            if message
        ]
        context = {
            "sections": self.sections(state),
            # Made once per journey and remembered with the answers: every Send of this
            # journey, however often it is pressed or posted again, carries the same key.
            "send_key": self.journey.ensure_send_key(request.session, state),
            "send_error": send_error,
            "recaptcha_site_key": settings.RECAPTCHA_PUBLIC_KEY
            if protection.recaptcha_enabled()
            else "",
            "errors": errors,
            "declaration_error": declaration_error,
            "declaration_ticked": declaration.data.get("declaration") == "yes",
            "declaration_text": DeclarationForm.base_fields["declaration"].label,
            "robot_error": robot_error,
        }
        response = self.render_page(request, "intake/check_answers.html", context)
        if protection.recaptcha_enabled():
            # Google's hosts are allowed on this page alone, never on guidance pages.
            response._csp_update = protection.RECAPTCHA_CSP
        return response

    def get(self, request: HttpRequest) -> HttpResponse:
        state = self.load_state(request)
        if state.timed_out or not state.answers:
            return redirect(self.url("timed_out"))
        if state.send_key and (sent := self.sent_with(request, state.send_key)) is not None:
            # Sent already, but the session never heard (the send failed after its commit).
            return self.confirm(request, sent.reference)
        unanswered = self.journey.first_unanswered(state.answers)
        if unanswered is not None:
            return redirect(self.step_url(unanswered.slug))
        return self.page(request, state)

    def post(self, request: HttpRequest) -> HttpResponse:
        state = self.load_state(request)
        posted = request.POST.get(SEND_KEY_FIELD, "")[:SEND_KEY_MAX]
        current = bool(posted and state.send_key) and constant_time_compare(posted, state.send_key)
        if posted and not current and (sent := self.sent_with(request, posted)) is not None:
            # The same Send again (a double click, a retry, a reload after an error) once the
            # first has cleared the journey: its confirmation, not a second report.
            return self.confirm(request, sent.reference)
        if state.timed_out or not state.answers:
            return redirect(self.url("timed_out"))
        unanswered, cleaned = self.journey.validated(state.answers)
        if unanswered is not None:
            return redirect(self.step_url(unanswered.slug))
        declaration = DeclarationForm(data=request.POST)
        declared = declaration.is_valid()
        robot_error = "" if protection.recaptcha_passed(request) else ROBOT_ERROR
        # A key missing or not this journey's (a page from before, or made up): nothing is
        # sent, the answers stay, and the page shown again carries the journey's key.
        send_error = "" if current else SEND_KEY_ERROR
        if not declared or robot_error or send_error:
            return self.page(
                request,
                state,
                declaration=declaration,
                robot_error=robot_error,
                send_error=send_error,
            )
        # The files added on the journey's page of files are attached to the submission,
        # not kept among its answers; in the same transaction, so the routing that follows
        # the commit finds them.
        evidence_steps = [
            step.slug for step in self.journey.steps if isinstance(step, EvidenceStep)
        ]
        for slug in evidence_steps:
            cleaned.pop(slug, None)
        with transaction.atomic():
            receipt = services.submission_create(
                scheme=self.journey.scheme,
                answers=cleaned,
                immediate_danger=self.journey.is_immediate_danger(state.answers),
                is_anonymous=self.journey.is_anonymous(state.answers),
                acknowledge=self.journey.safe_email(state.answers) is not None,
                declaration=declaration_record(timezone.now()),
                send_key_hash=send_key_hash(request, state.send_key),
                language=language_code(),
            )
            if receipt.created and evidence_steps:
                evidence.evidence_attach(
                    session_key=request.session.session_key,
                    purpose=self.journey.name,
                    submission_id=receipt.submission_id,
                )
        # The submission is committed. A failure from here on (the session's save, the
        # confirmation page) loses nothing: the same key finds it again.
        return self.confirm(request, receipt.reference, receipt.receipt_code)

    def sent_with(self, request: HttpRequest, send_key: str) -> Submission | None:
        if not request.session.session_key:
            return None
        return selectors.submission_for_send_key(send_key_hash=send_key_hash(request, send_key))

    def confirm(self, request: HttpRequest, reference: str, receipt_code: str = "") -> HttpResponse:
        self.journey.clear(request.session)
        remember_sent(request, self.journey, reference, receipt_code)
        return redirect(self.url("confirmation"))


def send_key_hash(request: HttpRequest, send_key: str) -> str:
    return codes.hash_send_key(send_key, session_key=request.session.session_key or "")


def remember_sent(
    request: HttpRequest, journey: Journey, reference: str, receipt_code: str = ""
) -> None:
    """Keep the reference for the confirmation page, for as long as the session lasts.

    The receipt code is kept only until the confirmation page has shown it once. A repeat
    of the same send, which has no code, keeps a code that is still waiting to be shown.
    """
    remembered = request.session.get(RECEIPT_SESSION_KEY) or {}
    if not receipt_code and remembered.get("reference") == reference:
        receipt_code = remembered.get("receipt_code", "")
    entry = {"journey": journey.name, "reference": reference}
    if receipt_code:
        entry["receipt_code"] = receipt_code
    request.session[RECEIPT_SESSION_KEY] = entry


class JourneyConfirmationView(JourneyView):
    """The reference, on every reload while the session lasts; the receipt code once only.

    The code is never stored in plain text outside the session, and leaves the session as
    this page is drawn. If drawing it fails (an error page instead), the session is not saved
    (Django saves no session on a 5xx), so a reload shows the code it never showed.
    """

    def get(self, request: HttpRequest) -> HttpResponse:
        remembered = request.session.get(RECEIPT_SESSION_KEY) or {}
        if remembered.get("journey", self.journey.name) != self.journey.name:
            remembered = {}
        if not remembered:
            remembered = self.recovered(request)
        receipt = None
        if remembered.get("reference"):
            receipt = {
                "reference": remembered["reference"],
                "receipt_code": remembered.get("receipt_code", ""),
            }
            request.session[RECEIPT_SESSION_KEY] = {
                "journey": self.journey.name,
                "reference": remembered["reference"],
            }
        return self.render_page(request, "intake/confirmation.html", {"receipt": receipt})

    def recovered(self, request: HttpRequest) -> dict:
        """A send that committed while the session never heard: the journey still holds
        its key, and that key made a submission."""
        state = self.load_state(request)
        if not state.send_key or not request.session.session_key:
            return {}
        sent = selectors.submission_for_send_key(
            send_key_hash=send_key_hash(request, state.send_key)
        )
        if sent is None:
            return {}
        self.journey.clear(request.session)
        return {"journey": self.journey.name, "reference": sent.reference}


class JourneyTimedOutView(JourneyView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request, "intake/timed_out.html", {"start_url": self.url("start")})


# --- Follow-up without an account: /check/ ---------------------------------------------------


class CheckView(PublicFormView):
    """Reference + receipt code open the status of one request, for two hours at most."""

    rate_kind = "check"

    def opened(self, request: HttpRequest) -> Submission | None:
        stored = request.session.get(CHECK_SESSION_KEY)
        if not stored:
            return None
        touched = parse_datetime(stored.get("touched", ""))
        idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
        if touched is None or timezone.now() - touched > idle:
            request.session.pop(CHECK_SESSION_KEY, None)
            return None
        return selectors.submission_opened(submission_id=stored.get("submission"))

    def remember(self, request: HttpRequest, submission: Submission) -> None:
        old_key = request.session.session_key
        request.session.cycle_key()
        # Files added but not yet sent stay with the session under its new key.
        evidence.evidence_session_moved(old_key=old_key, new_key=request.session.session_key)
        request.session[CHECK_SESSION_KEY] = {
            "submission": str(submission.pk),
            "touched": timezone.now().isoformat(),
        }

    def status_page(
        self, request, submission: Submission, form=None, added=False, evidence_error=""
    ):
        third_party = selectors.is_third_party_clares_law(submission=submission)
        return render(
            request,
            "intake/check_status.html",
            {
                "submission": submission,
                "status": selectors.public_status_text(
                    submission=submission, third_party=third_party
                ),
                "form": form or FollowUpForm(),
                "added": added,
                "upload_url": reverse("intake:check_upload"),
                "step_url": reverse("intake:check"),
                **evidence_context(request, purpose=EVIDENCE_FOLLOW_UP, error=evidence_error),
            },
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        submission = self.opened(request)
        if submission is not None:
            self.remember(request, submission)
            return self.status_page(request, submission, added=request.GET.get("added") == "1")
        return render(request, "intake/check_lookup.html", {"form": ReceiptLookupForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        if request.POST.get("action") == "add":
            return self.add_information(request)
        if "remove" in request.POST:
            return self.remove_file(request)
        form = ReceiptLookupForm(data=request.POST)
        if protection.limit_reached(request, kind="check_failure"):
            return too_many_requests(request)
        if not form.is_valid():
            return render(request, "intake/check_lookup.html", {"form": form})
        submission = selectors.submission_for_receipt(
            reference=form.cleaned_data["reference"],
            receipt_code=form.cleaned_data["receipt_code"],
        )
        if submission is None:
            # One message whichever was wrong, so nothing is learned. (The try was counted
            # before it was evaluated, by limit_reached above.)
            form.add_error("reference", ReceiptLookupForm.NOT_FOUND)
            return render(request, "intake/check_lookup.html", {"form": form})
        self.remember(request, submission)
        return redirect("intake:check")

    def add_information(self, request: HttpRequest) -> HttpResponse:
        submission = self.opened(request)
        if submission is None:
            return render(
                request,
                "intake/check_lookup.html",
                {"form": ReceiptLookupForm(), "expired": True},
            )
        files = evidence.pending_files(
            session_key=request.session.session_key, purpose=EVIDENCE_FOLLOW_UP
        )
        form = FollowUpForm(data=request.POST, has_files=bool(files))
        if not form.is_valid():
            return self.status_page(request, submission, form=form)
        with transaction.atomic():
            follow_up = services.follow_up_create(
                submission=submission, text=form.cleaned_data["text"]
            )
            evidence.evidence_attach(
                session_key=request.session.session_key,
                purpose=EVIDENCE_FOLLOW_UP,
                submission_id=submission.pk,
                follow_up_id=follow_up.pk,
            )
        self.remember(request, submission)
        return redirect(reverse("intake:check") + "?added=1")

    def remove_file(self, request: HttpRequest) -> HttpResponse:
        submission = self.opened(request)
        if submission is None:
            return redirect("intake:check")
        evidence.evidence_remove(
            session_key=request.session.session_key,
            purpose=EVIDENCE_FOLLOW_UP,
            file_id=request.POST.get("remove", ""),
        )
        return redirect("intake:check")


class CheckUploadView(UploadMixin, CheckView):
    """One file posted from /check/, to go with the information added next."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("intake:check")

    def post(self, request: HttpRequest) -> HttpResponse:
        submission = self.opened(request)
        if submission is None:
            return render(
                request,
                "intake/check_lookup.html",
                {"form": ReceiptLookupForm(), "expired": True},
            )
        error = add_evidence_from(request, self.upload_handler, purpose=EVIDENCE_FOLLOW_UP)
        if error:
            return self.status_page(request, submission, evidence_error=error)
        return redirect("intake:check")


class CheckSignOutView(PublicFormView):
    def post(self, request: HttpRequest) -> HttpResponse:
        request.session.pop(CHECK_SESSION_KEY, None)
        return redirect("intake:check")
