"""A whole concern report as a browser makes it: the start page, each question shown and
answered (POST, then the page it redirects to), check your answers, the send and the
confirmation, with the page's stylesheet and scripts fetched once, as a browser with an empty
cache does.

Measured on the bench's web server, with nothing else running:
- the web server's CPU for one whole journey, against its CPU for one bare view fetched by
  the same client, in the same round;
- reports completed a second by a few browsers at once, each going through journey after
  journey with no pause (the most this machine takes, its client included);
- the journey's latency when journeys are started at a steady rate, rate after rate, to show
  where it bends (each page's time, the 50th and 95th percentiles over every page).
"""

import re
import statistics
import threading
import time
from argparse import Namespace
from typing import Any
from urllib.parse import urljoin

import requests

from .journey import _SEND_KEY, _TOKEN, CONCERN_STEPS, SEND_PATH
from .processes import Server, cpu_seconds

HELLO_PATH = "/bench/hello/"
_ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"')
# Browsers at once, for the throughput; journeys a second, for the latency curve.
BROWSERS = 4
SMOKE_RATES = (1, 2)
RATES = (1, 2, 3, 4, 6, 8)


class JourneyFailed(Exception):
    pass


def concern_start_path() -> str:
    from cms.models import StartPage

    start = StartPage.objects.live().filter(journey="concern").first()
    if start is None:
        raise SystemExit("No concern report start page: load the starter content")
    return start.get_url()


class Browser:
    """One person's browser: cookies kept, each page's time recorded."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()
        self.page_times: list[float] = []
        self.requests = 0

    def _timed(self, method: str, path: str, **kwargs) -> requests.Response:
        started = time.perf_counter()
        reply = self.http.request(
            method, urljoin(self.base_url, path), allow_redirects=False, timeout=60, **kwargs
        )
        self.page_times.append(time.perf_counter() - started)
        self.requests += 1
        return reply

    def get(self, path: str, *, expect: int = 200) -> requests.Response:
        reply = self._timed("GET", path)
        if reply.status_code != expect:
            raise JourneyFailed(f"GET {path} answered {reply.status_code}")
        return reply

    def post_then_follow(self, path: str, data: dict) -> requests.Response:
        reply = self._timed("POST", path, data=data)
        if reply.status_code != 302:
            raise JourneyFailed(f"POST {path} answered {reply.status_code}")
        return self.get(reply.headers["Location"])

    def concern_report(self, start_path: str, *, assets: bool) -> None:
        start = self.get(start_path)
        if assets:
            for asset in dict.fromkeys(_ASSET.findall(start.text)):
                self.get(asset)
        page = self.get(CONCERN_STEPS[0][0])
        for path, answer in CONCERN_STEPS:
            token = _TOKEN.search(page.text)
            if token is None:
                raise JourneyFailed(f"No form on {path}")
            page = self.post_then_follow(path, {**answer, "csrfmiddlewaretoken": token.group(1)})
        if not page.url.endswith(SEND_PATH):
            page = self.get(SEND_PATH)
        token, send_key = _TOKEN.search(page.text), _SEND_KEY.search(page.text)
        if token is None or send_key is None:
            raise JourneyFailed("No send form on check your answers")
        confirmation = self.post_then_follow(
            SEND_PATH,
            {
                "csrfmiddlewaretoken": token.group(1),
                "website": "",
                "declaration": "yes",
                "send_key": send_key.group(1),
            },
        )
        if "reference" not in confirmation.text.lower():
            raise JourneyFailed("The confirmation shows no reference")


def _server_cpu_ms(web: Server, action) -> float:
    before = cpu_seconds(web.pids)
    action()
    return 1000 * (cpu_seconds(web.pids) - before)


def cpu_per_journey(*, base_url: str, web: Server, journeys: int, start_path: str) -> dict:
    """The web server's CPU for one whole journey and for one bare view, the same client."""
    hellos = journeys * 20
    browser = Browser(base_url)
    browser.get(HELLO_PATH)
    hello_ms = _server_cpu_ms(web, lambda: [browser.get(HELLO_PATH) for _ in range(hellos)])
    counted: list[int] = []

    def run() -> None:
        for number in range(journeys):
            one = Browser(base_url)
            one.concern_report(start_path, assets=number == 0)
            counted.append(one.requests)

    journey_ms = _server_cpu_ms(web, run)
    per_hello = hello_ms / hellos
    per_journey = journey_ms / journeys
    return {
        "journeys": journeys,
        "requests_per_journey": statistics.median(counted),
        "journey_cpu_ms": per_journey,
        "hello_cpu_ms": per_hello,
        "ratio": per_journey / max(per_hello, 1e-9),
    }


def throughput(*, base_url: str, duration: float, start_path: str) -> dict:
    """Reports completed a second by BROWSERS browsers, each journey after journey."""
    done: list[float] = []
    failed: list[str] = []
    page_times: list[float] = []
    stop_at = time.monotonic() + duration
    lock = threading.Lock()

    def browse() -> None:
        while time.monotonic() < stop_at:
            browser = Browser(base_url)
            try:
                browser.concern_report(start_path, assets=False)
            except (JourneyFailed, requests.RequestException) as error:
                with lock:
                    failed.append(str(error))
                continue
            with lock:
                done.append(time.monotonic())
                page_times.extend(browser.page_times)

    started = time.monotonic()
    threads = [threading.Thread(target=browse) for _ in range(BROWSERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "browsers": BROWSERS,
        "reports_per_s": len(done) / elapsed,
        "completed": len(done),
        "failed": len(failed),
        "page_p95_ms": _percentile(page_times, 0.95) * 1000 if page_times else None,
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def latency_at_rate(*, base_url: str, rate: float, duration: float, start_path: str) -> dict:
    """Journeys started at `rate` a second for `duration` seconds, each in its own thread as
    a person would arrive whether or not the last one had finished; each page's time."""
    page_times: list[float] = []
    journey_times: list[float] = []
    failed: list[str] = []
    lock = threading.Lock()

    def one() -> None:
        browser = Browser(base_url)
        started = time.perf_counter()
        try:
            browser.concern_report(start_path, assets=False)
        except (JourneyFailed, requests.RequestException) as error:
            with lock:
                failed.append(str(error))
            return
        with lock:
            journey_times.append(time.perf_counter() - started)
            page_times.extend(browser.page_times)

    threads = []
    begin = time.monotonic()
    for number in range(max(1, int(rate * duration))):
        delay = begin + number / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(target=one)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    return {
        "rate": rate,
        "started": len(threads),
        "failed": len(failed),
        "page_p50_ms": _percentile(page_times, 0.5) * 1000 if page_times else None,
        "page_p95_ms": _percentile(page_times, 0.95) * 1000 if page_times else None,
        "journey_p95_s": _percentile(journey_times, 0.95) if journey_times else None,
    }


def whole_journeys(arguments: Namespace, *, base_url: str, web: Server) -> dict[str, Any]:
    start_path = concern_start_path()
    Browser(base_url).concern_report(start_path, assets=True)  # fails the bench if stale
    rounds = [
        cpu_per_journey(
            base_url=base_url,
            web=web,
            journeys=2 if arguments.smoke else 10,
            start_path=start_path,
        )
        for _ in range(arguments.rounds)
    ]
    result: dict[str, Any] = {
        key: statistics.median(found[key] for found in rounds) for key in rounds[0]
    }
    result["start_path"] = start_path
    result["throughput"] = throughput(
        base_url=base_url, duration=max(2, arguments.duration), start_path=start_path
    )
    result["by_rate"] = [
        latency_at_rate(
            base_url=base_url, rate=rate, duration=max(2, arguments.duration), start_path=start_path
        )
        for rate in (SMOKE_RATES if arguments.smoke else RATES)
    ]
    return result


JOURNEY_GOAL_RATIO = 40


def journey_rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """The report's lines for the whole journey (bench/report.py)."""
    found = results.get("journey")
    if not found:
        return []
    met = found["ratio"] <= JOURNEY_GOAL_RATIO
    throughput_found = found["throughput"]
    return [
        (
            f"Whole concern report ({found['requests_per_journey']:.0f} requests, start page "
            "to confirmation): CPU to hello's",
            f"x{found['ratio']:.0f} ({found['journey_cpu_ms']:.0f} ms against "
            f"{found['hello_cpu_ms']:.2f} ms a bare view)",
            f"<= {JOURNEY_GOAL_RATIO}x",
            "met" if met else "MISSED",
        ),
        (
            f"Whole concern reports completed a second ({throughput_found['browsers']} browsers "
            "on the same machine)",
            f"{throughput_found['reports_per_s']:.1f} /s ({throughput_found['failed']} failed); "
            f"page p95 {throughput_found['page_p95_ms']:.0f} ms",
            "reported",
            "",
        ),
    ]


def journey_notes(results: dict[str, Any]) -> str:
    found = results.get("journey")
    if not found:
        return ""
    points = "; ".join(
        f"{point['rate']}/s: page p50 {point['page_p50_ms']:.0f} ms, p95 "
        f"{point['page_p95_ms']:.0f} ms ({point['failed']} failed)"
        for point in found["by_rate"]
        if point["page_p95_ms"] is not None
    )
    return f"Whole journeys started at a steady rate: {points}.\n"
