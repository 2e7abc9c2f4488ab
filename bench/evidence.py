"""How fast a 10 MB evidence file is accepted, and what a web worker's memory does meanwhile.

    python -m bench.evidence            # about a minute; figures on stdout
    python -m bench.evidence --check    # exit 1 unless every upload < 1 s and peak <= 200 MiB

One gunicorn web process with one sync worker, on the bench settings (production's, on
loopback), a SQLite database and an evidence folder of its own under .bench/evidence, and
Redis db 10 for sessions and the cache. The Celery broker is in memory and nothing consumes
it: the virus scan is queued, never run, which is the point (it is off the request path).

For each kind of file, a fresh visitor starts a concern report and uploads five files of
just under 10 MiB, one a request, as the page's form posts them. Figures: each upload's time
as the client sees it, and the worker's resident memory (its high-water mark, VmHWM) before
and after each kind. On the request path a file is typed by libmagic, its name and content
checked (an image's header only: the worker decodes and re-encodes it before the scan),
hashed, encrypted and stored; the photo is 24 megapixels of noise, the largest the worker
decodes whole.
"""

import argparse
import io
import os
import re
import socket
import statistics
import subprocess
import sys
import time

import requests

from .processes import ROOT, gunicorn_start, peak_rss_mib

WORK = ROOT / ".bench" / "evidence"
FILES_PER_VISITOR = 5
LIMIT_SECONDS = 1.0
LIMIT_MIB = 200
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TARGET = 10 * 1024 * 1024 - 64 * 1024  # just under the 10 MiB limit


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def photo(target: int = TARGET) -> bytes:
    """A 6000 x 4000 JPEG of noise, about 9.5 MB."""
    from PIL import Image

    bands = [Image.effect_noise((6000, 4000), 15) for _ in range(3)]
    out = io.BytesIO()
    Image.merge("RGB", bands).save(out, "JPEG", quality=90)
    data = out.getvalue()
    assert len(data) < 10 * 1024 * 1024, len(data)
    return data


def screenshot() -> bytes:
    """A PNG of noise (nothing to compress), just under 10 MiB."""
    from PIL import Image

    side = 1820
    bands = [Image.effect_noise((side, side), 60) for _ in range(3)]
    out = io.BytesIO()
    Image.merge("RGB", bands).save(out, "PNG", compress_level=1)
    return out.getvalue()


def pdf(target: int = TARGET) -> bytes:
    """A one-page PDF carrying a large (random) embedded stream."""
    body = os.urandom(target - 2048)
    parts = [
        b"%PDF-1.7\n",
        b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n",
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n",
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>>endobj\n",
        b"4 0 obj<</Length %d>>stream\n" % len(body),
        body,
        b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    ]
    return b"".join(parts)


def text(target: int = TARGET) -> bytes:
    line = b"Tuesday: the blue car was parked outside the school again at 3pm.\n"
    return line * (target // len(line))


# In this order, so that each row's high-water mark is that kind's own (it only rises).
SAMPLES = {
    "notes.txt": ("text file", text),
    "document.pdf": ("PDF document", pdf),
    "screenshot.png": ("PNG screenshot", screenshot),
    "photo.jpg": ("JPEG photo, 24 megapixels", photo),
}


def _environment() -> dict[str, str]:
    WORK.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.bench",
        "DATABASE_URL": f"sqlite:///{WORK / 'db.sqlite3'}",
        "REDIS_URL": os.environ.get("EVIDENCE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/10"),
        "CACHE_KEY_PREFIX": "evidence-bench",
        "CELERY_BROKER_URL": "memory://",
        "EVIDENCE_ROOT": str(WORK / "files"),
        "STATIC_ROOT": str(ROOT / ".bench" / "static"),
        "PAGE_CACHE_ENABLED": "false",
    }


def _migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def _visitor(base: str) -> tuple[requests.Session, str]:
    """A new visitor part-way into a concern report, and the page's CSRF token."""
    session = requests.Session()
    page = session.get(f"{base}/report/danger/", timeout=30)
    token = _TOKEN.search(page.text).group(1)
    session.post(
        f"{base}/report/danger/",
        data={"immediate_danger": "no", "csrfmiddlewaretoken": token},
        timeout=30,
        allow_redirects=False,
    )
    page = session.get(f"{base}/report/evidence/", timeout=30)
    return session, _TOKEN.search(page.text).group(1)


def _upload(session: requests.Session, base: str, token: str, name: str, data: bytes) -> float:
    started = time.perf_counter()
    response = session.post(
        f"{base}/report/evidence/upload/",
        data={"csrfmiddlewaretoken": token},
        files={"file": (name, data, "application/octet-stream")},
        timeout=60,
        allow_redirects=False,
    )
    elapsed = time.perf_counter() - started
    if response.status_code != 302:
        raise SystemExit(f"{name}: answered {response.status_code}, not accepted")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail past 1 s or 200 MiB")
    arguments = parser.parse_args(argv)

    env = _environment()
    print("Preparing the database and the files...", flush=True)
    _migrate(env)
    samples = {name: (label, make()) for name, (label, make) in SAMPLES.items()}
    port = _free_port()
    log = WORK / "gunicorn.log"
    server = gunicorn_start(env=env, port=port, workers=1, log=log)
    base = f"http://127.0.0.1:{port}"
    try:
        (worker,) = server.workers()
        _visitor(base)  # warm up: the first request imports and connects everything
        baseline = peak_rss_mib(worker)
        rows, worst = [], 0.0
        for name, (label, data) in samples.items():
            session, token = _visitor(base)
            times = [_upload(session, base, token, name, data) for _ in range(FILES_PER_VISITOR)]
            worst = max(worst, *times)
            rows.append(
                (label, len(data), statistics.median(times), max(times), peak_rss_mib(worker))
            )
        peak = peak_rss_mib(worker)
    finally:
        server.stop()
    stored = sum(1 for _ in (WORK / "files").rglob("*.enc"))

    print()
    print(f"Evidence uploads: one gunicorn sync worker, {os.cpu_count()} cores")
    print(f"{'file':<28}{'size MB':>9}{'median s':>10}{'max s':>8}{'peak MiB':>10}")
    for label, size, median, most, high in rows:
        print(f"{label:<28}{size / 1e6:>9.1f}{median:>10.3f}{most:>8.3f}{high:>10.0f}")
    print(f"web worker resident memory: {baseline:.0f} MiB before, {peak:.0f} MiB peak")
    print(f"encrypted files stored: {stored}; virus scans queued, none run on the request path")
    ok = worst < LIMIT_SECONDS and peak <= LIMIT_MIB
    verdict = "met" if ok else "MISSED"
    print(f"limits (< {LIMIT_SECONDS:g} s an upload, <= {LIMIT_MIB} MiB): {verdict}")
    return 0 if ok or not arguments.check else 1


if __name__ == "__main__":
    sys.exit(main())
