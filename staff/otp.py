"""Staff sign-in: a one-time password on every admin URL, and a 30-minute idle timeout.

Wagtail's own login checks the password (django-axes locks a username out at an address after
repeated failures, and this middleware locks out an address that fails on many usernames:
password spraying); this middleware then sends a signed-in member of staff who has not yet given a
one-time password this session to /admin/otp/verify/, or to /admin/otp/setup/ if they have
no authenticator yet. Backup codes (django-otp's static device) work wherever a code does.
"""

from base64 import b32encode
from io import BytesIO
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from axes.helpers import get_lockout_response
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.generic import FormView, TemplateView
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.core import get_usage
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.constants import ADMIN_PREFIX

# Reachable before the one-time password: signing in and out, the OTP pages themselves, and
# the icons and translations every admin page fetches (public in Wagtail, no data in them).
EXEMPT_PREFIXES = tuple(
    ADMIN_PREFIX + path
    for path in ("login/", "logout/", "otp/", "password_reset/", "sprite", "jsi18n/")
)
SIGN_IN_PATH = ADMIN_PREFIX + "login/"
SIGN_IN_FAILURE_GROUP = "staff.sign_in_failure"
BACKUP_CODES = 10
BACKUP_DEVICE_NAME = "backup"


class StaffSecurityMiddleware:
    """Put after django_otp.middleware.OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == SIGN_IN_PATH:
            return self.sign_in(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.path.startswith(ADMIN_PREFIX):
            # Staff sessions end after 30 minutes idle (public journeys keep their 2 hours).
            # Set once: setting it again would mark the session changed on every page.
            if request.session.get("_session_expiry") != settings.STAFF_IDLE_TIMEOUT_SECONDS:
                request.session.set_expiry(settings.STAFF_IDLE_TIMEOUT_SECONDS)
            if (
                settings.STAFF_OTP_REQUIRED
                and not user.is_verified()
                and not request.path.startswith(EXEMPT_PREFIXES)
            ):
                target = "staff_otp_verify" if _has_device(user) else "staff_otp_setup"
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)

    def sign_in(self, request):
        """Refuse an address that has failed too often, on any usernames; count failures.

        django-axes counts failures per username and address (AXES_FAILURE_LIMIT), so on its
        own one address could try a few passwords on every account (password spraying). This
        counts every failed sign-in from an address, whatever the username, and refuses that
        address once STAFF_SIGN_IN_FAILURES_PER_ADDRESS is reached, with django-axes' own
        lockout page. Counted in the default cache on REMOTE_ADDR, as the public rate limits.
        """
        usage = _sign_in_failures(request, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            return get_lockout_response(request)
        response = self.get_response(request)
        if not request.user.is_authenticated:
            _sign_in_failures(request, increment=True)
        return response


def _sign_in_failures(request, *, increment: bool):
    return get_usage(
        request,
        group=SIGN_IN_FAILURE_GROUP,
        key="ip",
        rate=settings.STAFF_SIGN_IN_FAILURES_PER_ADDRESS,
        method="POST",
        increment=increment,
    )


def _has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and target.startswith(ADMIN_PREFIX):
        return target
    return reverse("wagtailadmin_home")


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _verify(user, token: str):
    """The device that accepts the token, or None. Devices throttle repeated failures."""
    token = "".join(token.split())
    with transaction.atomic():
        for device in django_otp.devices_for_user(user, for_verify=True):
            allowed, _ = device.verify_is_allowed()
            if allowed and device.verify_token(token):
                return device
    return None


def backup_codes_replace(*, user) -> list[str]:
    """New backup codes, shown once; the old ones stop working."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


class VerifyView(WagtailAdminTemplateMixin, FormView):
    template_name = "staff/otp_verify.html"
    page_title = "Enter your code"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        if not _has_device(request.user):
            return redirect(
                f"{reverse('staff_otp_setup')}?{urlencode({'next': _next_url(request)})}"
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": _next_url(self.request)}

    def form_valid(self, form):
        device = _verify(self.request.user, form.cleaned_data["otp_token"])
        if device is None:
            form.add_error("otp_token", "That code is not right, or has expired. Try again.")
            return self.form_invalid(form)
        django_otp.login(self.request, device)
        # A new session key once the second factor is given, so that a key learned before
        # (fixation, or a key seen while only the password was in) opens nothing.
        self.request.session.cycle_key()
        return redirect(_next_url(self.request))


class SetupView(WagtailAdminTemplateMixin, FormView):
    """New staff: scan the QR code, type a code to prove it works, then get backup codes."""

    template_name = "staff/otp_setup.html"
    page_title = "Set up your authenticator"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        if _has_device(request.user) and not request.user.is_verified():
            return redirect(
                f"{reverse('staff_otp_verify')}?{urlencode({'next': _next_url(request)})}"
            )
        return super().dispatch(request, *args, **kwargs)

    def device(self) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(
            user=self.request.user, name="authenticator", confirmed=False
        )

    def get_context_data(self, **kwargs):
        device = self.device()
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
        svg = BytesIO()
        image.save(svg)
        return {
            **super().get_context_data(**kwargs),
            "qr_svg": mark_safe(svg.getvalue().decode()),  # noqa: S308 - made here, no input
            "secret": b32encode(device.bin_key).decode(),
            "next": _next_url(self.request),
        }

    def form_valid(self, form):
        device = self.device()
        if not device.verify_token("".join(form.cleaned_data["otp_token"].split())):
            form.add_error("otp_token", "That code is not right. Check the time on your phone.")
            return self.form_invalid(form)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=self.request.user, confirmed=False).delete()
        django_otp.login(self.request, device)
        self.request.session.cycle_key()
        codes = backup_codes_replace(user=self.request.user)
        return BackupCodesView.render_codes(self.request, codes, _next_url(self.request))


class BackupCodesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "staff/otp_backup_codes.html"
    page_title = "Backup codes"

    @classmethod
    def render_codes(cls, request, codes, next_url):
        view = cls()
        view.setup(request)
        return view.render_to_response(
            view.get_context_data(codes=codes, next=next_url, new_codes=True)
        )

    def post(self, request, *args, **kwargs):
        if not request.user.is_verified():
            return redirect("staff_otp_verify")
        codes = backup_codes_replace(user=request.user)
        messages.success(request, "New backup codes made; the old ones no longer work.")
        return self.render_to_response(
            self.get_context_data(codes=codes, next=_next_url(request), new_codes=True)
        )


urlpatterns = [
    path("otp/verify/", VerifyView.as_view(), name="staff_otp_verify"),
    path("otp/setup/", SetupView.as_view(), name="staff_otp_setup"),
    path("otp/backup-codes/", BackupCodesView.as_view(), name="staff_otp_backup_codes"),
]
