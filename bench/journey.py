"""A concern report answered through the real forms, then copied into many sessions.

Answering every page for each of thousands of sends would measure the question pages, not
the send. So one report is answered over HTTP, exactly as a browser would, and its session is
copied into fresh sessions: each copy is a complete report waiting only for its send.
"""

import re
from dataclasses import dataclass
from importlib import import_module

import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY

SEND_PATH = "/report/check-your-answers/"
CONFIRMATION_PATH = "/report/confirmation/"

# About someone who looks like a bench nominal, so that the worker has matching to do.
CONCERN_STEPS = [
    ("/report/danger/", {"immediate_danger": "no"}),
    ("/report/about/", {"topic": "known_offender"}),
    (
        "/report/person/",
        {
            "full_name": "Daniel Thompson",
            "other_names": "Danny Thompson",
            "date_of_birth_0": "",
            "date_of_birth_1": "",
            "date_of_birth_2": "",
            "age": "45",
            "address": "12 Station Road\nBA1 4AB",
            "vehicle": "Blue Ford Focus",
            "phone": "",
            "usernames": "",
        },
    ),
    ("/report/appearance/", {}),
    (
        "/report/what-happened/",
        {
            "what_happened": "He has been seen waiting outside the primary school at home time.",
            "when": "Last week",
            "place": "BA1 4AB",
        },
    ),
    ("/report/children-involved/", {"children_involved": "yes", "children_details": "Pupils"}),
    ("/report/how-you-know/", {"how_known": "I live opposite the school."}),
    ("/report/evidence/", {}),
    ("/report/anonymous/", {"anonymous": "yes"}),
]

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_SEND_KEY = re.compile(r'name="send_key" value="([^"]+)"')


@dataclass(frozen=True)
class SendTemplate:
    session_data: dict
    csrf_cookie: str
    csrf_token: str
    # The check-answers page's one-time send key, held in the journey copied into each
    # session. The portal binds it to the session, so each copy is still its own report.
    send_key: str = ""


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def concern_report_answer(base_url: str) -> SendTemplate:
    """Answer every page of a concern report over HTTP and stop at check your answers."""
    http = requests.Session()
    page = http.get(f"{base_url}{CONCERN_STEPS[0][0]}", timeout=30)
    page.raise_for_status()
    for path, data in CONCERN_STEPS:
        token = _TOKEN.search(page.text)
        if token is None:
            raise SystemExit(f"No form on {path} (status {page.status_code})")
        reply = http.post(
            f"{base_url}{path}",
            data={**data, "csrfmiddlewaretoken": token.group(1)},
            allow_redirects=False,
            timeout=30,
        )
        if reply.status_code != 302:
            raise SystemExit(f"{path} answered {reply.status_code}: the bench's answers are stale")
        page = http.get(f"{base_url}{reply.headers['Location']}", timeout=30)
    check = http.get(f"{base_url}{SEND_PATH}", timeout=30)
    token = _TOKEN.search(check.text)
    send_key = _SEND_KEY.search(check.text)
    if check.status_code != 200 or token is None or send_key is None:
        raise SystemExit(f"Check your answers answered {check.status_code}")
    session_key = http.cookies[settings.SESSION_COOKIE_NAME]
    return SendTemplate(
        session_data=dict(_session_store()(session_key=session_key).load()),
        csrf_cookie=http.cookies[settings.CSRF_COOKIE_NAME],
        csrf_token=token.group(1),
        send_key=send_key.group(1),
    )


def send_session_keys(template: SendTemplate, count: int) -> list[str]:
    """`count` fresh sessions, each holding the answered report."""
    store_class = _session_store()
    keys = []
    for _ in range(count):
        store = store_class()
        store.update(template.session_data)
        store.create()
        keys.append(store.session_key)
    return keys


def send_cookies(template: SendTemplate, count: int) -> list[str]:
    """`count` Cookie headers, each for a fresh session holding the answered report."""
    return [
        f"{settings.SESSION_COOKIE_NAME}={key}; {settings.CSRF_COOKIE_NAME}={template.csrf_cookie}"
        for key in send_session_keys(template, count)
    ]


def send_body(template: SendTemplate) -> str:
    return (
        f"csrfmiddlewaretoken={template.csrf_token}&website=&declaration=yes"
        f"&send_key={template.send_key}"
    )


def staff_cookie(user) -> str:
    """A signed-in session that has given its one-time password, as after the sign-in pages."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    store = _session_store()()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.set_expiry(settings.STAFF_IDLE_TIMEOUT_SECONDS)
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
