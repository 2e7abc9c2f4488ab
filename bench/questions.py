"""A question page of a journey as someone part-way through it gets it: a session holding the
answers so far, the page drawn with their form (GET), and their answer taken (POST, which saves
it in the session and redirects to the next question).

The concern report's first question is answered over HTTP, exactly as a browser would; its
session is then copied into fresh sessions (as the sends are, journey.py), so that every
request of a run has a session of its own at the same question.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from django.conf import settings

from . import journey

FIRST_PATH, FIRST_ANSWER = journey.CONCERN_STEPS[0]
# The question measured: the second page of the concern report, and where its answer leads.
QUESTION_PATH, QUESTION_ANSWER = journey.CONCERN_STEPS[1]
NEXT_PATH = journey.CONCERN_STEPS[2][0]


@dataclass(frozen=True)
class QuestionTemplate:
    session_data: dict
    csrf_cookie: str
    csrf_token: str


def _token(html: str, what: str) -> str:
    found = journey._TOKEN.search(html)
    if found is None:
        raise SystemExit(f"No form on {what}: the bench's question page is stale")
    return found.group(1)


def question_reach(base_url: str) -> QuestionTemplate:
    """Answer the first question over HTTP and stop at the second."""
    http = requests.Session()
    page = http.get(base_url + FIRST_PATH, timeout=30)
    reply = http.post(
        base_url + FIRST_PATH,
        data={**FIRST_ANSWER, "csrfmiddlewaretoken": _token(page.text, FIRST_PATH)},
        allow_redirects=False,
        timeout=30,
    )
    if reply.status_code != 302 or not reply.headers["Location"].endswith(QUESTION_PATH):
        raise SystemExit(f"{FIRST_PATH} answered {reply.status_code}, not on to {QUESTION_PATH}")
    page = http.get(base_url + QUESTION_PATH, timeout=30)
    if page.status_code != 200:
        raise SystemExit(f"{QUESTION_PATH} answered {page.status_code}")
    store = journey._session_store()(session_key=http.cookies[settings.SESSION_COOKIE_NAME])
    return QuestionTemplate(
        session_data=dict(store.load()),
        csrf_cookie=http.cookies[settings.CSRF_COOKIE_NAME],
        csrf_token=_token(page.text, QUESTION_PATH),
    )


def _cookies(template: QuestionTemplate, count: int) -> list[str]:
    return journey.send_cookies(
        journey.SendTemplate(
            session_data=template.session_data,
            csrf_cookie=template.csrf_cookie,
            csrf_token=template.csrf_token,
        ),
        count,
    )


def question_get_lines(template: QuestionTemplate, count: int) -> list[str]:
    """wrk lines: the question page drawn for `count` sessions, each at that question."""
    return [f"GET\t{QUESTION_PATH}\t{cookie}\t" for cookie in _cookies(template, count)]


# A second answer to the question, leading to the same next page: each session is sent both
# in turn, so every POST changes what is stored and the session is written, as it is for
# someone answering for the first time (an answer sent again unchanged writes nothing).
OTHER_ANSWER = {**QUESTION_ANSWER, "topic": "suspected_offender"}


def question_post_lines(template: QuestionTemplate, count: int) -> list[str]:
    """wrk lines: the question answered in `count` sessions, each session once with each of two
    answers, so that every POST changes the session."""
    lines = []
    for cookie in _cookies(template, count):
        for answer in (QUESTION_ANSWER, OTHER_ANSWER):
            body = urlencode({**answer, "csrfmiddlewaretoken": template.csrf_token, "website": ""})
            lines.append(f"POST\t{QUESTION_PATH}\t{cookie}\t{body}")
    return lines
