"""Concern reports sent as a browser sends them, each marked so the database can tell them apart.

One report is answered over HTTP (bench/journey.py) and its session copied, one copy per send,
with a marker of its own added to "what happened". A send is what a person does on the last
page: open check your answers, tick the declaration and press Send, then read the confirmation
page. A person who gets an error page tries once more, as people do: after a failed Send they
press it again (the browser posts the same form again); after a failed confirmation page they
reload it. What they finally saw is recorded: a reference, or an error.
"""

import dataclasses
import re
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import requests
from django.conf import settings

from bench import journey

MARKER_PREFIX = "faultmark"
TRY_AGAIN_AFTER = 2.0  # seconds a person waits before pressing Send again or reloading
TIMEOUT = 30  # seconds a browser waits for an answer, here
_WHAT_HAPPENED = dict(journey.CONCERN_STEPS)["/report/what-happened/"]["what_happened"]


@dataclass
class Seen:
    """What one person saw, from opening check your answers to the end."""

    marker: str
    scenario: str
    offset_s: float = 0.0  # when the send began, from the scenario's start
    reference: str = ""
    error: str = ""  # the last error page, if the person never saw a reference
    sends: int = 0  # posts of the form: 2 when Send was pressed again
    steps: list[str] = field(default_factory=list)


def marker_new(scenario: str, index: int) -> str:
    return f"{MARKER_PREFIX}-{scenario}-{index:04d}-{secrets.token_hex(4)}"


def _marked(value: Any, marker: str) -> Any:
    """The session's answers with the marker added wherever "what happened" is held."""
    if isinstance(value, dict):
        return {key: _marked(item, marker) for key, item in value.items()}
    if isinstance(value, list):
        return [_marked(item, marker) for item in value]
    if value == _WHAT_HAPPENED:
        return f"{value} ({marker})"
    return value


def sessions_prepare(template: journey.SendTemplate, markers: list[str]) -> list[str]:
    """A session key per marker, each holding the answered report with its marker."""
    keys = []
    for marker in markers:
        data = _marked(template.session_data, marker)
        if data == template.session_data:
            raise SystemExit("The marker found no 'what happened' answer in the session")
        copy = dataclasses.replace(template, session_data=data)
        keys.extend(journey.send_session_keys(copy, 1))
    return keys


class _SendForm(HTMLParser):
    """Every field of the check answers page's send form, as a browser would post it with
    the declaration ticked: hidden fields (the CSRF token, any one-time key) as given, the
    honeypot left empty."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("id") == "send":
            self.inside = True
        elif tag == "input" and self.inside and attributes.get("name"):
            if attributes.get("type") == "checkbox":
                if attributes["name"] == "declaration":
                    self.fields["declaration"] = attributes.get("value") or "yes"
            else:
                self.fields[attributes["name"]] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def send_form_fields(html: str) -> dict[str, str]:
    parser = _SendForm()
    parser.feed(html)
    return parser.fields


_REFERENCE = re.compile(r'data-testid="reference">([^<]+)<')


def _request(http: requests.Session, method: str, url: str, **options) -> tuple[str, Any]:
    """("ok", reply) or (what went wrong, None): a browser's error page for a dead socket."""
    try:
        reply = http.request(method, url, timeout=TIMEOUT, allow_redirects=False, **options)
    except requests.Timeout:
        return "timed out", None
    except requests.ConnectionError:
        return "no connection", None
    return "ok", reply


def send_once(base_url: str, session_key: str, csrf_cookie: str, seen: Seen) -> None:
    http = requests.Session()
    http.cookies.set(settings.SESSION_COOKIE_NAME, session_key)
    http.cookies.set(settings.CSRF_COOKIE_NAME, csrf_cookie)
    check_url = base_url + journey.SEND_PATH

    fields: dict[str, str] = {}
    for attempt in range(2):
        if attempt:
            time.sleep(TRY_AGAIN_AFTER)
        outcome, reply = _request(http, "GET", check_url)
        if reply is not None and reply.status_code == 200:
            fields = send_form_fields(reply.text)
            if "csrfmiddlewaretoken" in fields:
                break
            outcome = "check page without its form"
        seen.error = f"check page: {outcome if reply is None else reply.status_code}"
        seen.steps.append(seen.error)
    else:
        return

    confirmation = None
    for attempt in range(2):
        if attempt:
            time.sleep(TRY_AGAIN_AFTER)
        seen.sends += 1
        outcome, reply = _request(http, "POST", check_url, data=fields)
        location = reply.headers.get("Location", "") if reply is not None else ""
        if reply is not None and reply.status_code == 302 and journey.CONFIRMATION_PATH in location:
            confirmation = base_url + journey.CONFIRMATION_PATH
            break
        if reply is not None and reply.status_code == 302:
            seen.error = f"send: redirected to {location.split('?')[0]}"
        else:
            seen.error = f"send: {outcome if reply is None else reply.status_code}"
        seen.steps.append(seen.error)
    if confirmation is None:
        return

    for attempt in range(2):
        if attempt:
            time.sleep(TRY_AGAIN_AFTER)
        outcome, reply = _request(http, "GET", confirmation)
        if reply is not None and reply.status_code == 200:
            found = _REFERENCE.search(reply.text)
            if found:
                seen.reference = found.group(1).strip()
                seen.error = ""
                return
            outcome = "confirmation without a reference"
        seen.error = f"confirmation: {outcome if reply is None else reply.status_code}"
        seen.steps.append(seen.error)


def send_steadily(
    *,
    base_url: str,
    template: journey.SendTemplate,
    scenario: str,
    session_keys: list[str],
    markers: list[str],
    rate: float,
    during: list[tuple[float, Any]],
) -> list[Seen]:
    """Start one send every 1/rate seconds while another thread calls each `during` action at
    its offset (seconds from the first send). Returns what each
    person saw, once every send has ended."""
    seens = [Seen(marker=marker, scenario=scenario) for marker in markers]
    lock = threading.Lock()
    failures: list[BaseException] = []

    def send(index: int, origin: float) -> None:
        seen = seens[index]
        seen.offset_s = round(time.monotonic() - origin, 2)
        try:
            send_once(base_url, session_keys[index], template.csrf_cookie, seen)
        except Exception as error:  # the harness's own failure, reported as such
            with lock:
                failures.append(error)

    def timeline(origin: float) -> None:
        for offset, action in sorted(during, key=lambda item: item[0]):
            _at(origin + offset)
            try:
                action()
            except BaseException as error:
                with lock:
                    failures.append(error)
                return

    with ThreadPoolExecutor(max_workers=32) as pool:
        origin = time.monotonic()
        faults = threading.Thread(target=timeline, args=(origin,), name="faults")
        faults.start()
        for index in range(len(seens)):
            _at(origin + index / rate)
            pool.submit(send, index, origin)
        faults.join()
    if failures:
        raise failures[0]
    return seens


def _at(moment: float) -> None:
    delay = moment - time.monotonic()
    if delay > 0:
        time.sleep(delay)
