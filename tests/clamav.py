"""A clamd of the tests' own: a signature database built with sigtool (the EICAR test file
and one custom signature), a config file in a temporary folder, a unix socket there.

Offline there are no signature updates (freshclam), and none are needed: the tests only ask
whether clamd finds what these two signatures describe. When clamd or sigtool is missing the
tests that need it are skipped, unless REQUIRE_CLAMAV=1 (as .ci/run sets).

Registered for every test by tests/conftest.py (pytest_plugins); ask for `clamd`.
"""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
# Matched anywhere in a file by the custom body signature below.
CUSTOM_MARKER = b"PORTAL-EVIDENCE-TEST-SIGNATURE-7f3a"
CUSTOM_SIGNATURE = "Portal.Test.Custom"

CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
SIGTOOL = shutil.which("sigtool") or "/usr/bin/sigtool"


def _unavailable(why: str):
    if os.environ.get("REQUIRE_CLAMAV"):
        pytest.fail(f"ClamAV is required here (REQUIRE_CLAMAV=1): {why}")
    pytest.skip(why)


def build_signatures(folder: Path) -> None:
    """portal-test.hdb: the EICAR file's MD5; portal-test.ndb: a body signature for
    CUSTOM_MARKER. Both made with sigtool, as a force would make its own."""
    sample = folder / "eicar.com"
    sample.write_bytes(EICAR)
    md5 = subprocess.run(
        [SIGTOOL, "--md5", str(sample)], check=True, capture_output=True, text=True
    ).stdout.strip()
    digest, size, _name = md5.split(":")
    (folder / "portal-test.hdb").write_text(f"{digest}:{size}:Portal.Test.EICAR\n")
    hexed = (
        subprocess.run(
            [SIGTOOL, "--hex-dump"], input=CUSTOM_MARKER, check=True, capture_output=True
        )
        .stdout.decode()
        .strip()
    )
    (folder / "portal-test.ndb").write_text(f"{CUSTOM_SIGNATURE}:0:*:{hexed}\n")
    sample.unlink()


def _answers(path: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(1)
            client.connect(str(path))
            client.sendall(b"zPING\0")
            return client.recv(16).startswith(b"PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def clamd_socket(tmp_path_factory):
    """The socket path of a running clamd with the test signatures; stopped at the end."""
    if not (Path(CLAMD).exists() and Path(SIGTOOL).exists()):
        _unavailable("clamd or sigtool not installed (apt-get install clamav-daemon)")
    folder = tmp_path_factory.mktemp("clamd")
    database = folder / "db"
    database.mkdir()
    build_signatures(database)
    socket_path = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text(
        "\n".join(
            [
                "Foreground yes",
                f"LocalSocket {socket_path}",
                f"DatabaseDirectory {database}",
                f"TemporaryDirectory {folder}",
                f"LogFile {folder / 'clamd.log'}",
                "StreamMaxLength 20M",
                "MaxFileSize 20M",
                "MaxScanSize 50M",
                "",
            ]
        )
    )
    process = subprocess.Popen(
        [CLAMD, f"--config-file={config}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not _answers(socket_path):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log = (folder / "clamd.log").read_text() if (folder / "clamd.log").exists() else ""
            _unavailable(f"clamd did not start: {log[-2000:]}")
        time.sleep(0.1)
    yield str(socket_path)
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def clamd(clamd_socket, settings):
    """Point the portal at the tests' clamd for one test."""
    settings.CLAMD_SOCKET = clamd_socket
    settings.CLAMD_HOST = None
    return clamd_socket
