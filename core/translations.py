"""Welsh catalogues compiled from their .po files with polib, so that a machine with only
Python (no GNU gettext) can build them: `manage.py compile_translations`, run by `make
install` and before the tests. The .mo files are built, never committed."""

from pathlib import Path

import polib
from django.conf import settings


def catalogues() -> list[Path]:
    """Every .po file under LOCALE_PATHS."""
    found: list[Path] = []
    for root in settings.LOCALE_PATHS:
        found.extend(sorted(Path(root).glob("*/LC_MESSAGES/*.po")))
    return found


def compile_catalogues(*, force: bool = False) -> list[Path]:
    """Write each catalogue's .mo beside its .po when older or missing; the .mo files written.

    Fuzzy entries are left out, as msgfmt does: an unchecked translation is never shown."""
    written: list[Path] = []
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalogue = polib.pofile(str(po_path))
        for entry in catalogue.fuzzy_entries():
            catalogue.remove(entry)
        catalogue.save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written
