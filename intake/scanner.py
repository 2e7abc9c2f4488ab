"""The virus scanner: clamd (ClamAV's daemon), asked over its socket with INSTREAM.

The file is streamed to clamd in chunks (it never touches clamd's disk or ours in the
clear); the answer is clean, infected (with the signature's name), or nothing at all when
clamd cannot be reached or gives up, in which case the file stays waiting for scan and is
tried again (intake.rescan_pending_evidence). The client is clamdpy (MIT licensed; the
better-known clamav-client is GPL).
"""

from dataclasses import dataclass
from typing import BinaryIO

import clamdpy
from clamdpy.exceptions import ClamdException
from django.conf import settings

STREAM_CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd could not be reached, or could not give an answer about this file."""


@dataclass(frozen=True)
class ScanVerdict:
    infected: bool
    signature: str = ""


def _client() -> clamdpy.ClamdNetworkSocket:
    timeout = settings.CLAMD_TIMEOUT_SECONDS
    if settings.CLAMD_HOST:
        return clamdpy.ClamdNetworkSocket(
            host=settings.CLAMD_HOST,
            port=settings.CLAMD_PORT,
            timeout=timeout,
            max_chunk_size=STREAM_CHUNK,
        )
    return clamdpy.ClamdUnixSocket(
        path=settings.CLAMD_SOCKET, timeout=timeout, max_chunk_size=STREAM_CHUNK
    )


def scan_stream(stream: BinaryIO) -> ScanVerdict:
    """Send the stream to clamd; raises ScannerUnavailable when there is no verdict."""
    try:
        result = _client().instream(stream)
    except (ClamdException, OSError) as error:
        raise ScannerUnavailable(type(error).__name__) from error
    if result.status == "FOUND":
        return ScanVerdict(infected=True, signature=(result.reason or "unknown")[:200])
    if result.status == "OK":
        return ScanVerdict(infected=False)
    # ERROR: clamd's limits (size, time), or it could not read the stream.
    raise ScannerUnavailable("clamd answered ERROR")


def scanner_answers() -> bool:
    try:
        return _client().ping() == "PONG"
    except (ClamdException, OSError):
        return False
