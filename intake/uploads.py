"""Reading one uploaded file from a request, streamed, never held whole in memory.

The public upload pages take one file, in the field `file`. The file streams to a temporary
file on disk as it arrives; once it passes EVIDENCE_MAX_FILE_BYTES the rest is read and
dropped, so the page can say the file is too large rather than fail. The name is kept as
the browser sent it (Django would quietly cut it to its last part and 255 characters), so a
name with folders in it or of 300 characters can be refused with a clear message.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParser, MultiPartParserError

FILE_FIELD = "file"


class EvidenceUploadHandler(TemporaryFileUploadHandler):
    """Streams the one file of field `file` to disk; skips it once it is too large."""

    def __init__(self, request: HttpRequest | None = None):
        super().__init__(request)
        self.raw_name: str | None = None
        self.too_large = False
        self.files = 0

    def new_file(self, field_name, file_name, *args, **kwargs):
        self.files += 1
        if field_name != FILE_FIELD or self.files > 1:
            raise SkipFile
        super().new_file(field_name, file_name, *args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.EVIDENCE_MAX_FILE_BYTES:
            self.too_large = True
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)


class EvidenceMultiPartParser(MultiPartParser):
    def sanitize_file_name(self, file_name):
        for handler in self._upload_handlers:
            if isinstance(handler, EvidenceUploadHandler) and handler.raw_name is None:
                handler.raw_name = file_name
        return super().sanitize_file_name(file_name)


@dataclass(frozen=True)
class Upload:
    file: UploadedFile | None
    raw_name: str | None
    too_large: bool
    unreadable: bool = False


def prepare(request: HttpRequest) -> EvidenceUploadHandler:
    """Make the request read its body with the evidence handler. Call before anything
    reads request.POST (the view is csrf_exempt and checks the token itself after this)."""
    handler = EvidenceUploadHandler(request)
    request.upload_handlers = [handler]

    def parse(meta, post_data):
        parser = EvidenceMultiPartParser(meta, post_data, request.upload_handlers, request.encoding)
        return parser.parse()

    request.parse_file_upload = parse
    return handler


def read_upload(request: HttpRequest, handler: EvidenceUploadHandler) -> Upload:
    """The file posted, with what was learned of it while it streamed in."""
    try:
        uploaded = request.FILES.get(FILE_FIELD)
    except (MultiPartParserError, OSError):
        return Upload(file=None, raw_name=None, too_large=False, unreadable=True)
    raw_name = handler.raw_name
    if raw_name is not None:
        raw_name = raw_name.strip()
    return Upload(file=uploaded, raw_name=raw_name or None, too_large=handler.too_large)
