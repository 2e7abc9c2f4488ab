"""The stable, scheme-independent summary that triage matches and routes on.

`summarise(scheme=..., cleaned=...)` turns one journey's cleaned answers (keyed by step slug,
then field name) into the keys below, which `submission_create` stores next to them in
`Submission.answers`. docs/intake.md describes every key; in short:

    answers["schema"]         1
    answers["subject"]        {"names": [str], "aliases": [str],
                               "date_of_birth": "YYYY-MM-DD" | None, "age": int | None,
                               "age_range": [int, int] | None, "age_text": str | None,
                               "addresses": [str], "postcode": str | None,
                               "vehicles": [str], "phones": [str], "usernames": [str],
                               "relationship": str | None,
                               "contact_with_children": str | None,
                               "sex": "male" | "female" | None,
                               "description": str | None}
    answers["place"]          {"postcode": str | None, "town": str | None, "text": str | None}
    answers["children"]       [{"name", "date_of_birth", "age", "age_range", "age_text",
                                "address", "relationship"}]
    answers["applicant"]      {"role", "name", "date_of_birth", "address", "postcode",
                               "relationship"} | None (anonymous concern report)
    answers["person_at_risk"] {"name", "date_of_birth", "age", "age_range", "age_text",
                               "address", "postcode",
                               "relationship_to_applicant", "knows_about_application"} | None
    answers["contact"]        {"anonymous": bool, "name", "safe_channels": [str],
                               "phone", "email", "postal_address", "safe_times",
                               "voicemail_allowed": bool | None, "alternative_contact",
                               "confirmation_word"}
    answers["parent_or_carer"] {"knows_about_application", "parental_responsibility"} | None
    answers["how_known"]      str | None
    answers["immediate_danger"] bool
    answers["declaration"]    {"version": str, "accepted_at": ISO 8601 str} | None

Every key is always present; unknown values are None or []. Postcodes are normalised to
upper case with one space. Nothing here guesses: free text stays as typed.

Ages are written as people say them ("about 70", "in their 60s"): "age_text" is the answer
as typed, "age_range" the whole years it stands for ([low, high], read by
`intake.ages.parse_age`) and "age" a single number for older readers (the exact age, or the
middle of the range, halves rounded up). Answers stored before ages were text hold a whole
number, read as that age exactly. An age that cannot be read gives None for all three.
"""

from datetime import datetime
from typing import Any

from core.postcodes import find_postcode, is_only_postcode

from .ages import age_from_answer
from .constants import DECLARATION_VERSION, Scheme, SubjectSex

SCHEMA_VERSION = 1
SUMMARY_KEYS = (
    "schema",
    "subject",
    "place",
    "children",
    "applicant",
    "person_at_risk",
    "contact",
    "parent_or_carer",
    "how_known",
    "immediate_danger",
    "declaration",
)

Cleaned = dict[str, Any]


def lines(text: str | None) -> list[str]:
    """One item a line (or comma-separated on one line), blanks dropped."""
    if not text:
        return []
    parts = text.splitlines() if "\n" in text.strip() else text.split(",")
    return [part.strip() for part in parts if part.strip()]


def _text(value: Any) -> str | None:
    if value in (None, ""):
        return None
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def _one_line(value: Any) -> str | None:
    text = _text(value)
    return ", ".join(part.strip() for part in text.splitlines() if part.strip()) if text else None


def age_keys(value: Any) -> dict[str, Any]:
    """The "age", "age_range" and "age_text" keys for one stored age (text, or an older int)."""
    age = age_from_answer(value)
    if age is None:
        return {"age": None, "age_range": None, "age_text": None}
    return {"age": age.midpoint, "age_range": [age.low, age.high], "age_text": age.text}


def place_from(text: str | None) -> dict[str, str | None]:
    text = _one_line(text)
    postcode = find_postcode(text)
    only_postcode = bool(postcode) and is_only_postcode(text)
    return {
        "postcode": postcode,
        "town": None if (not text or only_postcode) else text if postcode is None else None,
        "text": text,
    }


def _appearance(cleaned: Cleaned) -> dict[str, Any]:
    """The subject's sex ("Not known" and no answer are both None) and description."""
    step = cleaned.get("appearance", {})
    sex = step.get("sex")
    return {
        "sex": sex if sex in (SubjectSex.MALE, SubjectSex.FEMALE) else None,
        "description": _text(step.get("description")),
    }


def _child(child: Cleaned, *, name_field: str = "full_name") -> dict[str, Any]:
    return {
        "name": _text(child.get(name_field)),
        "date_of_birth": child.get("date_of_birth") or None,
        **age_keys(child.get("age")),
        "address": _one_line(child.get("address")),
        "relationship": _text(child.get("relationship")),
    }


def _subject(
    *,
    step: Cleaned,
    cleaned: Cleaned,
    addresses: list[str] | None = None,
    relationship: str | None = None,
    contact_with_children: str | None = None,
) -> dict[str, Any]:
    names = [name for name in [_text(step.get("full_name"))] if name]
    address_list = (
        addresses if addresses is not None else [a for a in [_one_line(step.get("address"))] if a]
    )
    return {
        "names": names,
        "aliases": lines(step.get("other_names")),
        "date_of_birth": step.get("date_of_birth") or None,
        **age_keys(step.get("age")),
        "addresses": address_list,
        "postcode": find_postcode(*address_list),
        "vehicles": lines(step.get("vehicle")),
        "phones": lines(step.get("phone")),
        "usernames": lines(step.get("usernames")),
        "relationship": relationship,
        "contact_with_children": contact_with_children,
        **_appearance(cleaned),
    }


def _contact(cleaned: Cleaned, *, anonymous: bool, name: str | None) -> dict[str, Any]:
    channels = cleaned.get("safe-contact", {})
    safety = cleaned.get("contact-safety", {})
    chosen = list(channels.get("safe_channels") or [])
    voicemail = cleaned.get("voicemail", {}).get("voicemail")
    return {
        "anonymous": anonymous,
        "name": None if anonymous else name,
        "safe_channels": chosen,
        "phone": _text(channels.get("phone")) if "phone" in chosen else None,
        "email": _text(channels.get("email")) if "email" in chosen else None,
        "postal_address": _one_line(channels.get("postal_address")) if "post" in chosen else None,
        "safe_times": _text(safety.get("safe_times")),
        "voicemail_allowed": (voicemail == "yes") if "phone" in chosen and voicemail else None,
        "alternative_contact": _text(safety.get("alternative_contact")),
        "confirmation_word": _text(safety.get("confirmation_word")),
    }


def _applicant(step: Cleaned, *, role: str, relationship: str | None = None) -> dict[str, Any]:
    address = _one_line(step.get("address"))
    return {
        "role": role,
        "name": _text(step.get("full_name")),
        "date_of_birth": step.get("date_of_birth") or None,
        "address": address,
        "postcode": find_postcode(step.get("postcode"), address),
        "relationship": relationship,
    }


def _items(cleaned: Cleaned, slug: str) -> list[Cleaned]:
    return list(cleaned.get(slug, {}).get("items", []))


def _concern(cleaned: Cleaned) -> dict[str, Any]:
    anonymous = cleaned.get("anonymous", {}).get("anonymous") == "yes"
    name = _text(cleaned.get("about-you", {}).get("full_name"))
    return {
        "subject": _subject(step=cleaned.get("person", {}), cleaned=cleaned),
        "place": place_from(cleaned.get("what-happened", {}).get("place")),
        "children": [],
        "applicant": None
        if anonymous
        else {
            "role": "reporter",
            "name": name,
            "date_of_birth": None,
            "address": None,
            "postcode": None,
            "relationship": None,
        },
        "person_at_risk": None,
        "parent_or_carer": None,
        "contact": _contact(cleaned, anonymous=anonymous, name=name),
        "how_known": _text(cleaned.get("how-you-know", {}).get("how_known")),
    }


def _parent_or_carer(step: Cleaned | None) -> dict[str, Any] | None:
    if not step:
        return None
    return {
        "knows_about_application": step.get("parent_knows") or None,
        "parental_responsibility": _text(step.get("parental_responsibility")),
    }


def _sarahs_law(cleaned: Cleaned) -> dict[str, Any]:
    applicant_step = cleaned.get("about-you", {})
    applicant = _applicant(
        applicant_step, role="applicant", relationship=_text(applicant_step.get("relationship"))
    )
    children = [_child(child) for child in _items(cleaned, "each-child")]
    child_address = next((child["address"] for child in children if child["address"]), None)
    place = place_from(child_address) if child_address else place_from(applicant["address"])
    if place["postcode"] is None and not child_address:
        place["postcode"] = applicant["postcode"]
    subject_step = cleaned.get("person", {})
    return {
        "subject": _subject(
            step=subject_step,
            cleaned=cleaned,
            contact_with_children=_text(subject_step.get("contact_with_child")),
        ),
        "place": place,
        "children": children,
        "applicant": applicant,
        "person_at_risk": None,
        "parent_or_carer": _parent_or_carer(cleaned.get("parents")),
        "contact": _contact(cleaned, anonymous=False, name=applicant["name"]),
        "how_known": None,
    }


def _clares_law(cleaned: Cleaned) -> dict[str, Any]:
    role = cleaned.get("who", {}).get("role") or "person_at_risk"
    applicant = _applicant(cleaned.get("about-you", {}), role=role)
    if role == "third_party":
        step = cleaned.get("person-at-risk", {})
        address = _one_line(step.get("address"))
        person_at_risk = {
            "name": _text(step.get("full_name")),
            "date_of_birth": step.get("date_of_birth") or None,
            **age_keys(step.get("age")),
            "address": address,
            "postcode": find_postcode(address),
            "relationship_to_applicant": _text(step.get("relationship")),
            "knows_about_application": step.get("knows_about_application") or None,
        }
        applicant["relationship"] = person_at_risk["relationship_to_applicant"]
    else:
        person_at_risk = {
            "name": applicant["name"],
            "date_of_birth": applicant["date_of_birth"],
            **age_keys(None),
            "address": applicant["address"],
            "postcode": applicant["postcode"],
            "relationship_to_applicant": "self",
            "knows_about_application": "yes",
        }
    addresses = [
        f"{_one_line(item.get('address'))} ({_text(item.get('when'))})"
        if item.get("when")
        else _one_line(item.get("address"))
        for item in _items(cleaned, "subject-addresses")
        if item.get("address")
    ]
    subject_step = cleaned.get("person", {})
    relationship = ", ".join(
        part
        for part in [_text(subject_step.get("relationship")), _text(subject_step.get("how_long"))]
        if part
    )
    subject = _subject(
        step=subject_step, cleaned=cleaned, addresses=addresses, relationship=relationship or None
    )
    if person_at_risk["address"] or person_at_risk["postcode"]:
        place = place_from(person_at_risk["address"])
        place["postcode"] = place["postcode"] or person_at_risk["postcode"]
    else:
        place = place_from(addresses[0] if addresses else None)
    return {
        "subject": subject,
        "place": place,
        "children": [
            _child(child, name_field="first_name") for child in _items(cleaned, "children-contact")
        ],
        "applicant": applicant,
        "person_at_risk": person_at_risk,
        "parent_or_carer": None,
        "contact": _contact(cleaned, anonymous=False, name=applicant["name"]),
        "how_known": None,
    }


BUILDERS = {
    Scheme.CONCERN: _concern,
    Scheme.SARAHS_LAW: _sarahs_law,
    Scheme.CLARES_LAW: _clares_law,
}


def declaration_record(accepted_at: datetime) -> dict[str, str]:
    """The declaration as stored: which words were agreed to, and when."""
    return {"version": DECLARATION_VERSION, "accepted_at": accepted_at.isoformat()}


def summarise(
    *,
    scheme: Scheme,
    cleaned: Cleaned,
    immediate_danger: bool,
    declaration: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The summary keys for one submission's cleaned answers (see the module docstring)."""
    summary = BUILDERS[Scheme(scheme)](cleaned)
    return {
        "schema": SCHEMA_VERSION,
        **summary,
        "immediate_danger": immediate_danger,
        "declaration": declaration,
    }
