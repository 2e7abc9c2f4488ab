"""What a file sent as evidence is, and whether it is safe to keep: no database, no storage.

- The type is read from the content by libmagic (python-magic over Debian's libmagic1), never
  from the name or the browser's word. JPEG, PNG, HEIC, PDF and plain text are accepted; a
  name whose extension says something else is refused, so nobody is misled later.
- An image is decoded by Pillow (HEIC through pillow-heif) and encoded again, turned the
  right way up and with all its metadata left behind: location (EXIF GPS) above all, camera,
  times, comments, XMP, colour profiles. An image of more pixels than EVIDENCE_MAX_IMAGE_PIXELS
  is refused before it is decoded (a decompression bomb).
- A PDF is kept as sent, but refused if it carries JavaScript or a launch action, or is
  locked with a password.
- Any image or PDF with web page code in it (an HTML or SVG polyglot) is refused.

Each refusal is an `EvidenceRefused` whose message is the GOV.UK error shown on the page.
"""

import codecs
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import BinaryIO

import magic
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from .constants import EvidenceKind

try:  # HEIC and HEIF, as iPhones take photos
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - a dependency; without it HEIC is refused below
    register_heif_opener = None

WRONG_TYPE = _("The selected file must be a JPG, PNG, HEIC, PDF or TXT")
NAME_MAX = 200
READ_SIZE = 64 * 1024


class EvidenceRefused(Exception):
    """Why a file cannot be accepted, in the words the page shows."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FileType:
    kind: EvidenceKind
    # Pillow's name for the format, for images
    image_format: str
    # What the person would call it, in messages
    label: str
    extensions: tuple[str, ...]


# By the MIME type libmagic reads from the content.
FILE_TYPES = {
    "image/jpeg": FileType(EvidenceKind.IMAGE, "JPEG", "JPG", (".jpg", ".jpeg", ".jpe", ".jfif")),
    "image/png": FileType(EvidenceKind.IMAGE, "PNG", "PNG", (".png",)),
    "image/heic": FileType(EvidenceKind.IMAGE, "HEIF", "HEIC", (".heic", ".heif", ".hif")),
    "image/heif": FileType(EvidenceKind.IMAGE, "HEIF", "HEIC", (".heic", ".heif", ".hif")),
    "application/pdf": FileType(EvidenceKind.PDF, "", "PDF", (".pdf",)),
    "text/plain": FileType(EvidenceKind.TEXT, "", _("text file"), (".txt", ".text", ".log")),
}
# What a re-encoded image is kept as, by the format it was sent in.
KEPT_IMAGE_FORMAT = {"JPEG": "JPEG", "PNG": "PNG", "HEIF": "JPEG"}
KEPT_IMAGE_TYPE = {"JPEG": "image/jpeg", "PNG": "image/png"}
KEPT_EXTENSION = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}

# Web page code has no business inside a photo or a PDF: a browser that sniffed such a file
# as HTML would run it. A tag must be followed by a space, ">" or "/", so that the chance of
# finding one by accident in 10 MB of compressed picture data stays below one in a thousand.
HTML_MARKERS = re.compile(
    rb"<(html|script|body|iframe|svg|object|embed|meta|link)[\s>/]|<!doctype\s+html|<\?php",
    re.IGNORECASE,
)
# PDF names that run code or other programs (compared after #xx escapes are decoded).
PDF_ACTIVE_NAMES = {"JavaScript", "JS", "Launch"}
# A PDF name, or the keywords around a stream's data.
PDF_TOKEN = re.compile(rb"endstream|stream\r?\n|/[A-Za-z0-9#]{2,40}")
# A file name's extension: a dot and one to five letters or digits, at least one a letter.
EXTENSION = re.compile(r"(\.[A-Za-z0-9]{0,4}[A-Za-z][A-Za-z0-9]{0,4})$")


# --- Names -----------------------------------------------------------------------------------


def checked_name(raw_name: str | None) -> str:
    """The file name as sent, if it may be kept: no folders, not too long."""
    name = (raw_name or "").strip()
    if "/" in name or "\\" in name:
        raise EvidenceRefused(
            gettext("The file name must not include a / or \\. Rename the file and try again")
        )
    if len(name) > NAME_MAX:
        raise EvidenceRefused(
            gettext(
                "The file name must be %(limit)s characters or fewer. Rename the file and try again"
            )
            % {"limit": NAME_MAX}
        )
    if not name or name in {".", ".."} or any(not char.isprintable() for char in name):
        raise EvidenceRefused(
            gettext("The file name cannot be used. Rename the file and try again")
        )
    return name


def extension_of(name: str) -> str:
    match = EXTENSION.search(name)
    return match.group(1).lower() if match else ""


def kept_name(name: str, content_type: str) -> str:
    """The name to download a kept file under: an image sent as HEIC is kept as a JPEG."""
    wanted = KEPT_EXTENSION.get(content_type.split(";")[0])
    extension = extension_of(name)
    if not wanted or extension == wanted or (wanted == ".jpg" and extension == ".jpeg"):
        return name
    return (name[: -len(extension)] if extension else name) + wanted


# --- Reading the content ---------------------------------------------------------------------


def _chunks(source: BinaryIO, overlap: int = 32) -> Iterator[bytes]:
    """The file in pieces that overlap by `overlap` bytes, so nothing is missed at a seam."""
    source.seek(0)
    tail = b""
    while piece := source.read(READ_SIZE):
        yield tail + piece
        tail = piece[-overlap:]
    source.seek(0)


def detected_type(source: BinaryIO) -> str:
    """The MIME type libmagic reads from the start of the content."""
    source.seek(0)
    head = source.read(READ_SIZE)
    source.seek(0)
    if not head:
        return "application/x-empty"
    return magic.from_buffer(head, mime=True)


@lru_cache(maxsize=1)
def _encoding_reader() -> magic.Magic:
    # libmagic loads its whole database for each reader: one a process.
    return magic.Magic(mime_encoding=True)


def _text_encoding(source: BinaryIO) -> str:
    source.seek(0)
    head = source.read(READ_SIZE)
    source.seek(0)
    encoding = _encoding_reader().from_buffer(head)
    return "utf-8" if encoding in ("us-ascii", "utf-8", "binary", "unknown-8bit") else encoding


def file_type(source: BinaryIO, *, name: str) -> tuple[str, FileType]:
    """The file's MIME type and what we make of it; refuses any other type, and a name
    whose extension says something else."""
    mime = detected_type(source)
    found = FILE_TYPES.get(mime)
    if found is None or (found.image_format == "HEIF" and register_heif_opener is None):
        raise EvidenceRefused(str(WRONG_TYPE))
    extension = extension_of(name)
    if extension and extension not in found.extensions:
        raise EvidenceRefused(
            gettext(
                "The selected file is a %(kind)s but its name ends in %(extension)s. "
                "Rename it to end in %(expected)s, or choose another file"
            )
            % {"kind": found.label, "extension": extension, "expected": found.extensions[0]}
        )
    return mime, found


def refuse_web_code(source: BinaryIO) -> None:
    """Refuse a picture or PDF that is also a web page (a polyglot)."""
    for chunk in _chunks(source):
        if HTML_MARKERS.search(chunk):
            raise EvidenceRefused(
                gettext(
                    "The selected file contains hidden web page code, so we cannot accept it. "
                    "Take a screenshot of it instead, or choose another file"
                )
            )


def refuse_undecodable_text(source: BinaryIO) -> str:
    """The text's encoding, if every byte of it reads as text in that encoding."""
    encoding = _text_encoding(source)
    try:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        for chunk in _chunks(source, overlap=0):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except (LookupError, UnicodeDecodeError) as error:
        raise EvidenceRefused(str(WRONG_TYPE)) from error
    return encoding


def _pdf_name(raw: bytes) -> str:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode(
        "latin-1"
    )


PDF_CODE_REFUSAL = _(
    "The PDF contains JavaScript or opens other programs, so we cannot accept it. "
    "Print it to a new PDF, or take a screenshot of it instead"
)


def _pdf_names(source: BinaryIO) -> Iterator[str]:
    """The names of a PDF outside its streams, read in pieces.

    What lies between `stream` and `endstream` is data (often compressed images, in which
    "/JS" turns up by chance), so it is skipped. A token is read in the window that holds
    it whole: windows overlap by more than the longest token.
    """
    overlap = 64
    in_stream = False
    next_start = 0  # offset in the file of the first byte not yet read for tokens
    window_start = 0
    source.seek(0)
    tail = b""
    piece = source.read(READ_SIZE)
    while piece:
        following = source.read(READ_SIZE)
        window = tail + piece
        window_end = window_start + len(window)
        last = not following
        limit = window_end if last else window_end - overlap
        for token in PDF_TOKEN.finditer(window):
            start = window_start + token.start()
            if start < next_start or start >= limit:
                continue
            word = token.group()
            if word.startswith(b"endstream"):
                in_stream = False
            elif word.startswith(b"stream"):
                in_stream = True
            elif not in_stream:
                yield _pdf_name(word[1:])
        next_start = limit
        tail = window[-overlap:]
        window_start = window_end - len(tail)
        piece = following
    source.seek(0)


def refuse_active_pdf(source: BinaryIO) -> None:
    """Refuse a PDF with JavaScript or a launch action, or locked with a password.

    Names outside streams are read straight from the bytes; when the PDF packs objects
    into compressed object streams, or is encrypted, pypdf reads every object instead.
    """
    deeper = False
    for name in _pdf_names(source):
        if name in PDF_ACTIVE_NAMES:
            raise EvidenceRefused(str(PDF_CODE_REFUSAL))
        if name in ("ObjStm", "Encrypt"):
            deeper = True
    if deeper:
        _refuse_active_pdf_objects(source)


def _refuse_active_pdf_objects(source: BinaryIO) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import DictionaryObject, IndirectObject

    source.seek(0)
    try:
        reader = PdfReader(source)
        if reader.is_encrypted and not reader.decrypt(""):
            raise EvidenceRefused(
                gettext(
                    "The PDF is protected with a password. Save a copy without a password, "
                    "or take a screenshot of it instead"
                )
            )
        numbers = {number for table in reader.xref.values() for number in table}
        numbers.update(reader.xref_objStm)
        for number in sorted(numbers):
            found = reader.get_object(IndirectObject(number, 0, reader))
            if isinstance(found, DictionaryObject) and (
                any(str(key)[1:] in PDF_ACTIVE_NAMES for key in found)
                or str(found.get("/S", ""))[1:] in PDF_ACTIVE_NAMES
            ):
                raise EvidenceRefused(str(PDF_CODE_REFUSAL))
    except EvidenceRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        raise EvidenceRefused(
            gettext(
                "The PDF could not be read. It may be damaged: save it again, or choose "
                "another file"
            )
        ) from error
    finally:
        source.seek(0)


# --- Images ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanImage:
    content: io.BytesIO
    content_type: str
    width: int
    height: int


IMAGE_UNREADABLE = _(
    "The selected image could not be opened. It may be damaged: save it again, or choose "
    "another file"
)


def _too_big(limit: int) -> EvidenceRefused:
    megapixels = limit // 1_000_000
    return EvidenceRefused(
        gettext(
            "The image is too big: it must be %(megapixels)s megapixels or fewer. "
            "Take a screenshot of it, or send a smaller copy"
        )
        % {"megapixels": megapixels}
    )


def check_image(source: BinaryIO, *, image_format: str) -> tuple[int, int]:
    """Read the image's header only (no pixels are decoded): its size, if it is one the
    worker may decode. A decompression bomb is refused here, before anything is stored."""
    source.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(source, formats=[image_format])
            width, height = image.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _too_big(settings.EVIDENCE_MAX_IMAGE_PIXELS) from error
        except (OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError) as error:
            raise EvidenceRefused(str(IMAGE_UNREADABLE)) from error
        finally:
            source.seek(0)
    if width * height > settings.EVIDENCE_MAX_IMAGE_PIXELS:
        raise _too_big(settings.EVIDENCE_MAX_IMAGE_PIXELS)
    if width * height > settings.EVIDENCE_DECODE_MAX_PIXELS and image_format != "JPEG":
        raise _too_big(settings.EVIDENCE_DECODE_MAX_PIXELS)
    return width, height


def image_format_of(sent_type: str) -> str:
    return FILE_TYPES[sent_type].image_format


def reencoded_image(source: BinaryIO, *, image_format: str) -> CleanImage:
    """The image decoded and encoded again: the right way up, with no metadata at all."""
    source.seek(0)
    limit = settings.EVIDENCE_MAX_IMAGE_PIXELS
    decode_limit = settings.EVIDENCE_DECODE_MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(source, formats=[image_format])
            width, height = image.size
            if width * height > limit:
                raise _too_big(limit)
            if width * height > decode_limit:
                if image_format != "JPEG":
                    raise _too_big(decode_limit)
                # A JPEG can be decoded at a half, a quarter or an eighth of its size.
                scale = 2
                while (width // scale) * (height // scale) > decode_limit and scale < 8:
                    scale *= 2
                image.draft("RGB", (width // scale, height // scale))
            image.load()
            # Turned as the camera said, before that word is dropped with the rest (in place:
            # a copy of a 25-megapixel image is another 75 MB).
            ImageOps.exif_transpose(image, in_place=True)
            kept = KEPT_IMAGE_FORMAT[image_format]
            if kept == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            transparency = image.info.get("transparency") if kept == "PNG" else None
            # Nothing of what came with the image goes out with it.
            image.info = {"transparency": transparency} if transparency is not None else {}
            out = io.BytesIO()
            if kept == "JPEG":
                image.save(out, "JPEG", quality=92)
            else:
                image.save(out, "PNG", compress_level=3)
        except EvidenceRefused:
            raise
        except (
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ) as error:
            raise _too_big(limit) from error
        except (OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError) as error:
            raise EvidenceRefused(str(IMAGE_UNREADABLE)) from error
    width, height = image.size
    out.seek(0)
    return CleanImage(content=out, content_type=KEPT_IMAGE_TYPE[kept], width=width, height=height)


def thumbnail(source: BinaryIO, *, size: int = 320) -> bytes:
    """A small JPEG of a kept (already clean) image, for the case page."""
    image = Image.open(source, formats=["JPEG", "PNG"])
    image.draft("RGB", (size, size))
    image.thumbnail((size, size))
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()
