from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import services
from .journeys import Journey, JourneyState

RECEIPT_SESSION_KEY = "intake:receipt"


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class JourneyView(View):
    """Base for every page of a journey. Subclasses are bound to one journey in urls.py."""

    journey: Journey | None = None

    def url(self, page: str, **kwargs) -> str:
        return reverse(f"intake:{self.journey.name}_{page}", kwargs=kwargs or None)

    def step_url(self, slug: str) -> str:
        return self.url("step", step=slug)

    def load_state(self, request: HttpRequest) -> JourneyState:
        return self.journey.load(request.session)

    def render_page(self, request, template: str, context: dict, status: int = 200):
        context = {"journey": self.journey, **context}
        return render(request, template, context, status=status)


class JourneyStartView(JourneyView):
    def get(self, request: HttpRequest) -> HttpResponse:
        state = self.load_state(request)
        first = self.journey.first_unanswered(state.answers)
        if first is None:
            return redirect(self.url("check"))
        return redirect(self.step_url(first.slug))


class JourneyStepView(JourneyView):
    def get_step(self, slug: str):
        step = self.journey.step(slug)
        if step is None:
            raise Http404("No such question")
        return step

    def context(self, state: JourneyState, step, form) -> dict:
        previous = self.journey.previous_step(step, state.answers)
        return {
            "step": step,
            "form": form,
            "back_url": self.step_url(previous.slug) if previous else None,
        }

    def get(self, request: HttpRequest, step: str) -> HttpResponse:
        current = self.get_step(step)
        state = self.load_state(request)
        if state.timed_out:
            return redirect(self.url("timed_out"))
        if not current.applies(state.answers):
            return redirect(self.url("start"))
        stored = state.answers.get(current.slug)
        form = current.form_class(data=stored) if stored is not None else current.form_class()
        self.journey.touch(request.session, state)
        return self.render_page(request, "intake/step.html", self.context(state, current, form))

    def post(self, request: HttpRequest, step: str) -> HttpResponse:
        current = self.get_step(step)
        state = self.load_state(request)
        if state.timed_out or (not state.answers and current != self.journey.steps[0]):
            return redirect(self.url("timed_out"))
        form = current.form_class(data=request.POST)
        if not form.is_valid():
            return self.render_page(
                request, "intake/step.html", self.context(state, current, form), status=200
            )
        self.journey.save_step(request.session, state, current, form)
        if current.interrupt and (page := current.interrupt(form.cleaned_data)):
            return redirect(self.url("interrupt", kind=page))
        return redirect(self.after(current, state, changing=request.GET.get("change") == "1"))

    def after(self, current, state: JourneyState, *, changing: bool) -> str:
        if changing and self.journey.is_complete(state.answers):
            return self.url("check")
        following = self.journey.next_step(current, state.answers)
        if following is None or (following.slug in state.answers and changing):
            unanswered = self.journey.first_unanswered(state.answers)
            return self.step_url(unanswered.slug) if unanswered else self.url("check")
        return self.step_url(following.slug)


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
    def get(self, request: HttpRequest) -> HttpResponse:
        state = self.load_state(request)
        if state.timed_out or not state.answers:
            return redirect(self.url("timed_out"))
        unanswered = self.journey.first_unanswered(state.answers)
        if unanswered is not None:
            return redirect(self.step_url(unanswered.slug))
        self.journey.touch(request.session, state)
        sections = [
            {
                "step": step,
                "form": form,
                "change_url": self.step_url(step.slug) + "?change=1",
            }
            for step, form in self.journey.bound_forms(state.answers)
        ]
        return self.render_page(request, "intake/check_answers.html", {"sections": sections})

    def post(self, request: HttpRequest) -> HttpResponse:
        state = self.load_state(request)
        if state.timed_out or not state.answers:
            return redirect(self.url("timed_out"))
        unanswered = self.journey.first_unanswered(state.answers)
        if unanswered is not None:
            return redirect(self.step_url(unanswered.slug))
        receipt = services.submission_create(
            scheme=self.journey.scheme,
            answers=self.journey.cleaned_answers(state.answers),
            immediate_danger=self.journey.is_immediate_danger(state.answers),
            is_anonymous=self.journey.is_anonymous(state.answers),
        )
        self.journey.clear(request.session)
        request.session[RECEIPT_SESSION_KEY] = {
            "reference": receipt.reference,
            "receipt_code": receipt.receipt_code,
        }
        return redirect(self.url("confirmation"))


class JourneyConfirmationView(JourneyView):
    def get(self, request: HttpRequest) -> HttpResponse:
        # The receipt code is shown once only: it is never stored anywhere it could be read.
        receipt = request.session.pop(RECEIPT_SESSION_KEY, None)
        return self.render_page(request, "intake/confirmation.html", {"receipt": receipt})


class JourneyTimedOutView(JourneyView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request, "intake/timed_out.html", {"start_url": self.url("start")})
