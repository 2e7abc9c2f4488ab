"""Letters: the named placeholders a template may use, filling them in, and the accessible PDF.

A template's wording is plain text with placeholders in braces, e.g. {applicant_name}. Only
the names below are known; anything else in braces is refused when the template is saved
(`placeholder_problem`), so a typing slip never reaches a person as "{aplicant_name}".
Filling is a plain substitution of those names, never `str.format` (which would let a
template reach attributes of its values).

There is deliberately no placeholder for what was disclosed: the words disclosed are said in
person, and never enter a letter or an e-mail.

A letter for a request sent in Welsh is written from the template's Welsh wording when it
has one (LetterTemplate.wording); its date, its PDF's language and the PDF's own few words
(the reference line) are then Welsh too.

The PDF is tagged PDF/UA-1 (structure tree, marked content, a title and the language, en-GB
or cy), made by WeasyPrint with Debian's fonts; it fetches nothing: only data: URLs are
allowed, so a letter can never make a network request.
"""

import re
from datetime import date

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from .constants import LetterKind

PLACEHOLDERS = {
    "reference": "The case reference",
    "applicant_name": "The name of the person the letter is for",
    "force_name": "The force's name (site settings)",
    "unit_name": "The unit's name (site settings)",
    "non_emergency_number": "The non-emergency number (site settings)",
    "officer_name": "The name of the officer producing the letter",
    "today": "Today's date, e.g. 3 March 2026",
}
MEETING_PLACEHOLDERS = {
    "meeting_date": "The date and time of the meeting",
    "meeting_place": "Where the meeting is",
}
# Example values for a template's preview in the admin: fictional, plainly so.
EXAMPLE_VALUES = {
    "reference": "CL-EXAM-PLE1",
    "applicant_name": "Sam Example",
    "force_name": "Example Police",
    "unit_name": "Public Protection Unit",
    "non_emergency_number": "101",
    "officer_name": "DC Alex Example",
    "today": "3 March 2026",
    "meeting_date": "Tuesday 10 March 2026 at 2pm",
    "meeting_place": "Norwich police station, Bethel Street",
}

BRACED = re.compile(r"\{([^{}]*)\}")

WELSH = "cy"
# The letter's own words around the template's, in each language it is written in: a
# letter's fixed wording, not the site's (never shown on a page).
_LETTER_WORDS = {
    "en": {"lang": "en-GB", "our_reference": "Our reference"},
    WELSH: {"lang": "cy", "our_reference": "Ein cyfeirnod"},
}
# For staff, when a request sent in Welsh gets a letter in English.
NO_WELSH_TEMPLATE_NOTE = (
    "This request was sent in Welsh, but this letter has no Welsh version yet, so it was "
    "written in English. A supervisor can add the Welsh to the letter template in the admin."
)


def placeholders_for(kind: str) -> dict[str, str]:
    if kind == LetterKind.INVITATION:
        return {**PLACEHOLDERS, **MEETING_PLACEHOLDERS}
    return dict(PLACEHOLDERS)


def placeholder_problem(text: str, *, kind: str) -> str:
    """What is wrong with the placeholders of a template's text, in words, or ""."""
    known = placeholders_for(kind)
    unknown = []
    for name in BRACED.findall(text):
        if name not in known and f"{{{name}}}" not in unknown:
            unknown.append(f"{{{name}}}")
    if unknown:
        names = ", ".join(unknown)
        which = "placeholder" if len(unknown) == 1 else "placeholders"
        kind_words = LetterKind(kind).label.lower() if kind in LetterKind.values else "this"
        return (
            f"Unknown {which} {names}: a {kind_words} letter may use "
            + ", ".join(f"{{{name}}}" for name in known)
            + "."
        )
    if "{" in BRACED.sub("", text) or "}" in BRACED.sub("", text):
        return "A brace { or } without its pair: placeholders are a name in braces."
    return ""


def fill(text: str, values: dict[str, str]) -> str:
    """The text with each known placeholder replaced by its value; unknown ones (which a
    saved template cannot hold) are left as they are."""
    return BRACED.sub(lambda match: str(values.get(match[1], match[0])), text)


def example_values(*, kind: str) -> dict[str, str]:
    return {name: EXAMPLE_VALUES[name] for name in placeholders_for(kind)}


def long_date(value: date, language: str = "en") -> str:
    """3 March 2026, or 3 Mawrth 2026 in Welsh (Django's month names)."""
    if language == WELSH:
        with translation.override(WELSH):
            return date_format(value, "j F Y")
    return f"{value.day} {value:%B %Y}"


def placeholder_help_html() -> SafeString:
    item = "<li><code>{{{}}}</code>: {}</li>"
    rows = format_html_join("", item, PLACEHOLDERS.items())
    meeting = format_html_join("", item, MEETING_PLACEHOLDERS.items())
    return mark_safe(  # noqa: S308 (the rows are escaped by format_html_join; the rest is ours)
        "<p>Write the letter in plain words. These placeholders are filled in for each case; "
        "anything else in braces is refused when you save.</p>"
        f"<ul>{rows}</ul><p>The invitation to a meeting may also use:</p><ul>{meeting}</ul>"
        "<p>There is no placeholder for what was disclosed: a disclosure is made in person, "
        "never in a letter or an e-mail.</p>"
    )


def letter_context(
    *,
    subject: str,
    text: str,
    reference: str,
    force_name: str,
    preview: bool = False,
    language: str = "en",
) -> dict:
    """What templates/triage/letters/letter.html needs: paragraphs split on blank lines."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]
    return {
        **_LETTER_WORDS.get(language, _LETTER_WORDS["en"]),
        "title": f"{subject} ({reference})",
        "subject": subject,
        "paragraphs": paragraphs,
        "reference": reference,
        "force_name": force_name,
        "preview": preview,
    }


def letter_html(context: dict) -> str:
    return render_to_string("triage/letters/letter.html", context)


def letter_pdf(context: dict) -> bytes:
    """The letter as tagged PDF/UA-1 bytes. Imported late: WeasyPrint loads Pango."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # data: URLs only: a letter never reaches the network or the file system.
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=letter_html(context), url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")
