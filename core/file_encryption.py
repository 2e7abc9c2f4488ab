"""Files encrypted at rest, a chunk at a time, each under a key of its own.

Each file gets a random 256-bit data key. The key is kept in the database wrapped by the
field keys (an `EncryptedTextField`, so `manage.py rotate_field_encryption` re-wraps it under
the newest field key without touching the file); the file itself is AES-256-GCM in chunks
(the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár), so a 10 MB file is
encrypted and decrypted without ever being held whole in memory:

    header   MAGIC (5 bytes) + nonce prefix (7 random bytes)
    chunks   AES-GCM(data key, nonce = prefix + chunk number (4 bytes) + last flag (1 byte),
                     chunk of CHUNK_SIZE bytes, associated data = header) + 16-byte tag

The chunk number stops chunks being reordered, the last flag stops the file being cut short,
and the header in every tag stops it being swapped for another file's. A file that was
tampered with, or a wrong key, raises `FileDecryptionError`.
"""

import base64
import os
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"PPEF1"
NONCE_PREFIX_BYTES = 7
HEADER_BYTES = len(MAGIC) + NONCE_PREFIX_BYTES
CHUNK_SIZE = 64 * 1024
TAG_BYTES = 16
MAX_CHUNKS = 2**32


class FileDecryptionError(Exception):
    """The stored file is not one this key encrypted, or it was changed or cut short."""


def new_file_key() -> str:
    """A fresh data key, as text for an EncryptedTextField."""
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()


def _cipher(key: str) -> AESGCM:
    return AESGCM(base64.urlsafe_b64decode(key.encode()))


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    if number >= MAX_CHUNKS:
        raise ValueError("File too large to encrypt")
    return prefix + number.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def _read_full(source: BinaryIO, size: int) -> bytes:
    """Exactly `size` bytes, or fewer only at the end of the stream."""
    parts, wanted = [], size
    while wanted:
        part = source.read(wanted)
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


def encrypt_chunks(source: BinaryIO, *, key: str) -> Iterator[bytes]:
    """The encrypted file, piece by piece: the header, then each sealed chunk."""
    cipher = _cipher(key)
    header = MAGIC + os.urandom(NONCE_PREFIX_BYTES)
    prefix = header[len(MAGIC) :]
    yield header
    number = 0
    chunk = _read_full(source, CHUNK_SIZE)
    while True:
        following = _read_full(source, CHUNK_SIZE) if len(chunk) == CHUNK_SIZE else b""
        last = not following
        yield cipher.encrypt(_nonce(prefix, number, last), chunk, header)
        if last:
            return
        chunk, number = following, number + 1


def encrypt_to(source: BinaryIO, sink: BinaryIO, *, key: str) -> int:
    """Encrypt `source` into `sink`; returns the number of plaintext bytes."""
    total = 0
    for index, piece in enumerate(encrypt_chunks(source, key=key)):
        sink.write(piece)
        if index:
            total += len(piece) - TAG_BYTES
    return total


def decrypt_chunks(source: BinaryIO, *, key: str) -> Iterator[bytes]:
    """The plaintext, chunk by chunk. Raises FileDecryptionError on any tampering."""
    cipher = _cipher(key)
    header = _read_full(source, HEADER_BYTES)
    if len(header) != HEADER_BYTES or not header.startswith(MAGIC):
        raise FileDecryptionError("Not an encrypted evidence file")
    prefix = header[len(MAGIC) :]
    sealed_size = CHUNK_SIZE + TAG_BYTES
    number = 0
    sealed = _read_full(source, sealed_size)
    while True:
        following = _read_full(source, sealed_size) if len(sealed) == sealed_size else b""
        last = not following
        try:
            yield cipher.decrypt(_nonce(prefix, number, last), sealed, header)
        except InvalidTag as error:
            raise FileDecryptionError("The file was changed, cut short or not ours") from error
        if last:
            return
        sealed, number = following, number + 1


class DecryptingReader:
    """A read-only file object over `decrypt_chunks`, for code that wants `.read(n)` (the
    virus scanner's client, Pillow)."""

    def __init__(self, source: BinaryIO, *, key: str):
        self._chunks = decrypt_chunks(source, key=key)
        self._buffer = b""
        self._done = False

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            try:
                self._buffer += next(self._chunks)
            except StopIteration:
                self._done = True
        if size < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data
