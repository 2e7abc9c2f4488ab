"""Files a member of the public might send, good and bad, made here (nothing downloaded)."""

import io
import struct
import zipfile
import zlib

from PIL import ExifTags, Image

GPS_LATITUDE = (53.0, 48.0, 12.5)  # a made-up place in Leeds


def photo_with_gps(*, size=(640, 480), colour=(30, 120, 200)) -> bytes:
    """A JPEG as a phone takes it: GPS position, camera, time, orientation, in EXIF."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.DateTime] = "2026:11:01 21:14:00"
    exif[ExifTags.Base.Orientation] = 6  # taken on its side: turn 90 degrees
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (1.0, 32.0, 40.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90, comment=b"taken outside number 12")
    return out.getvalue()


def png_screenshot(*, size=(300, 200)) -> bytes:
    image = Image.new("RGBA", size, (255, 255, 255, 255))
    out = io.BytesIO()
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Jane Jones")
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def heic_photo(*, size=(320, 240)) -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, "HEIF")
    return out.getvalue()


def pdf_document(*, javascript: str | None = None, password: str | None = None) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if javascript:
        from pypdf.generic import DictionaryObject, NameObject, TextStringObject

        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(javascript),
            }
        )
        writer.root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_hidden_javascript() -> bytes:
    """JavaScript named with #xx escapes (/J#61vaScript), as malware hides it."""
    return pdf_document(javascript="app.alert('hello')").replace(b"/JavaScript", b"/J#61vaScript")


def text_note() -> bytes:
    return b"Tuesday 4 November: the blue car was outside the school again at 3pm.\n"


def zip_bomb() -> bytes:
    """20 MB of zeros in a few kilobytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("inside.txt", b"\0" * (20 * 1024 * 1024))
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def decompression_bomb_png(*, side: int = 60_000) -> bytes:
    """A PNG whose header claims side x side pixels (3.6 gigapixels) in a few bytes."""
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + _png_chunk(b"IEND", b"")
    )


def polyglot_jpeg_html() -> bytes:
    """A valid JPEG that is also a web page with a script."""
    return photo_with_gps(size=(64, 64)) + b"<html><body><script>alert(document.cookie)</script>"


def multipart(
    *, file_name: str, content: bytes, content_type: str = "application/octet-stream", **fields
) -> tuple[bytes, str]:
    """A multipart body as a browser (or someone crafting one) sends it, with the file name
    exactly as given: Django's test client would cut it to its last part."""
    boundary = "----portal-test-boundary-3f9a"
    parts = []
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{file_name}"\r\nContent-Type: {content_type}\r\n\r\n'
        ).encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
