"""`python -m bench.profile TARGET [--requests N]`: where a request's time goes.

Runs N requests to one target in this process, through the whole middleware stack with
Django's test client, under pyinstrument, on the bench database that `make bench` loaded, and
prints the call tree. TARGET is one of: hello, home, section, guidance, start, search,
question (a journey's question page shown, with the session of someone part-way through),
question_post (the same question answered), send, my_team, overdue, case_page, or route: what
the Celery worker does for each submission (open, match, route). The test client skips the
CSRF check and the HTTP server; everything else is as served.

--uncached draws the pages with the page cache off, as `make bench` measures them (without it,
home and guidance are the page cache's copies after the first request); --after-publish
replaces the published generation before each request (cms/published.py), so that each one
is the first visit after a publish: the site snapshot built and the page drawn in full;
--timed runs the same requests without the profiler and prints the CPU (time.process_time)
and the SQL statements of each, to compare code before and after in turns.
"""

import argparse
import os
from urllib.parse import urlencode

FORM = "application/x-www-form-urlencoded"
PAGE_TARGETS = ("home", "section", "guidance", "start", "search")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument(
        "target",
        choices=[
            "hello",
            *PAGE_TARGETS,
            "question",
            "question_post",
            "send",
            "route",
            "my_team",
            "overdue",
            "case_page",
        ],
    )
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--smoke", action="store_true", help="profile on the smoke database")
    parser.add_argument("--uncached", action="store_true", help="the page cache off")
    parser.add_argument(
        "--after-publish", action="store_true", help="each request the first after a publish"
    )
    parser.add_argument(
        "--timed",
        action="store_true",
        help="no profiler: the CPU (time.process_time) and SQL statements of each request",
    )
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.bench")
    if arguments.smoke:
        os.environ.setdefault(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_smoke"
        )
    if arguments.uncached or arguments.after_publish:
        os.environ["PAGE_CACHE_ENABLED"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from pyinstrument import Profiler

    from cms.published import generation_bump

    from . import journey, questions
    from .dataset import dataset_describe, loaded_scale
    from .measures import uncached_targets

    client = Client(HTTP_HOST="127.0.0.1")
    cookie_name = settings.SESSION_COOKIE_NAME
    # method, path, session key, and for a POST its body
    requests: list[tuple[str, str, str | None, dict | None]] = []
    if arguments.target == "route":
        _route_profile(client, arguments.requests, timed=arguments.timed)
        return
    if arguments.target == "send":
        for path, data in journey.CONCERN_STEPS:
            response = client.post(path, data)
            if response.status_code != 302:
                raise SystemExit(f"{path} answered {response.status_code}")
        template = journey.SendTemplate(
            session_data=dict(client.session.items()), csrf_cookie="", csrf_token=""
        )
        keys = journey.send_session_keys(template, arguments.requests)
        requests = [("post", journey.SEND_PATH, key, None) for key in keys]
    elif arguments.target in ("question", "question_post"):
        response = client.post(questions.FIRST_PATH, questions.FIRST_ANSWER)
        if response.status_code != 302:
            raise SystemExit(f"{questions.FIRST_PATH} answered {response.status_code}")
        key = client.cookies[cookie_name].value
        if arguments.target == "question":
            requests = [("get", questions.QUESTION_PATH, key, None)] * arguments.requests
        else:
            # Two answers in turn, so that each POST changes the session, as in make bench.
            answers = [
                {**answer, "website": ""}
                for answer in (questions.QUESTION_ANSWER, questions.OTHER_ANSWER)
            ]
            requests = [
                ("post", questions.QUESTION_PATH, key, answers[number % 2])
                for number in range(arguments.requests)
            ]
    elif arguments.target in ("my_team", "overdue", "case_page"):
        scale = loaded_scale()
        if scale is None:
            raise SystemExit("No bench data here: run make bench first")
        dataset = dataset_describe(scale)
        user = get_user_model().objects.get(username=dataset.supervisor_username)
        key = journey.staff_cookie(user).split("=", 1)[1]
        path = {
            "my_team": "/admin/triage/cases/?queue=team",
            "overdue": "/admin/triage/cases/?queue=overdue",
            "case_page": f"/admin/triage/cases/inspect/{dataset.case_ids[0]}/",
        }[arguments.target]
        requests = [("get", path, key, None)] * arguments.requests
    else:
        path = uncached_targets()[arguments.target][0].split("\t")[1]
        requests = [("get", path, None, None)] * arguments.requests

    def send(method: str, path: str, key: str | None, body: dict | None):
        if key:
            client.cookies[cookie_name] = key
        else:
            client.cookies.pop(cookie_name, None)
        if body is not None:  # as a browser posts a form, not the test client's multipart
            return client.post(path, urlencode(body), content_type=FORM)
        return getattr(client, method)(path)

    def run_all() -> None:
        for request in requests[1:]:
            if arguments.after_publish:
                generation_bump()
            response = send(*request)
            if response.status_code not in (200, 302):
                raise SystemExit(f"{request[1]} answered {response.status_code}")

    send(*requests[0])  # warm: imports, template loading, connections
    if arguments.timed:
        _timed(run_all, len(requests) - 1, "a request")
        return
    profiler = Profiler(interval=0.0005)
    with profiler:
        run_all()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def _timed(action, count: int, each: str) -> None:
    """Run `action` (`count` requests or cases) without a profiler; print its CPU and its SQL
    statements (savepoints included) for each."""
    import time

    from .middleware import statements_counted

    with statements_counted() as counter:
        started = time.process_time()
        action()
        cpu = time.process_time() - started
    statements = counter.count
    print(
        f"{count} runs: CPU {cpu / count * 1000:.2f} ms {each}, "
        f"{statements / count:.1f} statements {each}"
    )


def _route_profile(client, count: int, *, timed: bool = False) -> None:
    """Send `count` reports through the forms (not profiled), then open and route each one as
    the worker's task does (the first not measured: it warms the process)."""
    from django.utils import timezone
    from pyinstrument import Profiler

    from intake.models import Submission
    from triage.services.opening import case_open_for_submission

    from . import journey

    since = timezone.now()
    for _ in range(count):
        for path, data in journey.CONCERN_STEPS:
            client.post(path, data)
        check = client.get(journey.SEND_PATH).content.decode()
        send_key = journey._SEND_KEY.search(check)
        if send_key is None:
            raise SystemExit("Check your answers has no send key: the bench's answers are stale")
        sent = client.post(
            journey.SEND_PATH,
            {"website": "", "declaration": "yes", "send_key": send_key.group(1)},
        )
        if sent.status_code != 302:
            raise SystemExit(f"The send answered {sent.status_code}")
    submission_ids = [
        str(pk)
        for pk in Submission.objects.filter(submitted_at__gte=since, case__isnull=True)
        .order_by("submitted_at")
        .values_list("pk", flat=True)
    ]
    case_open_for_submission(submission_id=submission_ids.pop())

    def open_all() -> None:
        for submission_id in submission_ids:
            case_open_for_submission(submission_id=submission_id)

    if timed:
        _timed(open_all, len(submission_ids), "a case")
        return
    profiler = Profiler(interval=0.0005)
    with profiler:
        open_all()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
