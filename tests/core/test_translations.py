"""The Welsh catalogue: every message translated, nothing fuzzy, the same placeholders as the
English, and compiled without GNU gettext."""

import re

import polib
import pytest
from django.conf import settings
from django.utils import translation

from core.translations import catalogues, compile_catalogues

PLACEHOLDER = re.compile(r"%\(\w+\)s|<[^>]+>")


def _welsh() -> polib.POFile:
    path = settings.BASE_DIR / "locale" / "cy" / "LC_MESSAGES" / "django.po"
    return polib.pofile(str(path))


def test_every_message_has_a_welsh_translation_and_none_is_fuzzy():
    catalogue = _welsh()
    assert len(catalogue) > 50
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata["Language"] == "cy"
    for entry in catalogue:
        assert not entry.obsolete, entry.msgid
        assert "fuzzy" not in entry.flags, entry.msgid
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == 4, entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid
        else:
            assert entry.msgstr.strip(), entry.msgid
            assert entry.msgstr != entry.msgid or entry.msgid in {"Error:"}, entry.msgid


def test_translations_keep_the_placeholders_and_markup_of_the_english():
    for entry in _welsh():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translated in translations:
            assert sorted(PLACEHOLDER.findall(translated)) == sorted(
                PLACEHOLDER.findall(entry.msgid)
            ), entry.msgid


def test_the_catalogue_is_compiled_with_polib_and_used(tmp_path, settings):
    source = _welsh()
    folder = tmp_path / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    source.save(str(folder / "django.po"))
    settings.LOCALE_PATHS = [tmp_path]

    assert catalogues() == [folder / "django.po"]
    assert compile_catalogues() == [folder / "django.mo"]
    assert compile_catalogues() == []  # up to date
    compiled = polib.mofile(str(folder / "django.mo"))
    assert compiled.find("Exit this page").msgstr == "Gadael y dudalen hon"


@pytest.mark.parametrize(
    ("english", "welsh"),
    [
        ("Exit this page", "Gadael y dudalen hon"),
        ("Page not found", "Heb ddod o hyd i\u2019r dudalen"),
    ],
)
def test_django_reads_the_welsh_catalogue(english, welsh):
    with translation.override("cy"):
        assert translation.gettext(english) == welsh
    with translation.override("en-gb"):
        assert translation.gettext(english) == english
