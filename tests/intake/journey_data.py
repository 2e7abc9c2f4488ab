"""Complete, valid answers for each journey, step by step, as a browser would post them."""

import re

# Ticked on the check-answers page before Send.
DECLARED = {"declaration": "yes"}

_SEND_KEY = re.compile(r'name="send_key" value="([^"]+)"')


def send_key(client, prefix: str = "/report/") -> str:
    """The one-time send key of the journey's check-answers page, read as a browser has it."""
    page = client.get(f"{prefix}check-your-answers/")
    found = _SEND_KEY.search(page.content.decode())
    assert found, (page.status_code, page.content.decode()[:2000])
    return found.group(1)


def declared(client, prefix: str = "/report/") -> dict[str, str]:
    """What Send posts: the declaration ticked, and the page's send key."""
    return {**DECLARED, "send_key": send_key(client, prefix)}


CONCERN = [
    ("/report/danger/", {"immediate_danger": "no"}),
    ("/report/about/", {"topic": "known_offender"}),
    (
        "/report/person/",
        {
            "full_name": "John Smith",
            "other_names": "Johnny\nJohn Brown",
            "date_of_birth_0": "1",
            "date_of_birth_1": "4",
            "date_of_birth_2": "1980",
            "age": "",
            "address": "12 High Street\nLeeds LS1 4AP",
            "vehicle": "Blue Ford Focus",
            "phone": "07700 900123",
            "usernames": "jsmith80 on Snapchat",
        },
    ),
    (
        "/report/appearance/",
        {"sex": "male", "description": "Tall, thin, shaved head, tattoo of a star on his neck"},
    ),
    (
        "/report/what-happened/",
        {
            "what_happened": "He has a new partner with two children.",
            "when": "Last week",
            "place": "Leeds",
        },
    ),
    ("/report/children-involved/", {"children_involved": "yes", "children_details": "Two boys"}),
    ("/report/how-you-know/", {"how_known": "I live next door."}),
    # The page of files: Continue without adding any.
    ("/report/evidence/", {}),
    ("/report/anonymous/", {"anonymous": "yes"}),
]

NAMED_CONCERN = [
    *CONCERN[:-1],
    ("/report/anonymous/", {"anonymous": "no"}),
    ("/report/about-you/", {"full_name": "Jane Jones"}),
    (
        "/report/safe-contact/",
        {
            "safe_channels": ["email"],
            "email": "jane@example.org",
            "phone": "",
            "postal_address": "",
        },
    ),
    (
        "/report/contact-safety/",
        {"safe_times": "Weekdays", "alternative_contact": "", "confirmation_word": "bluebell"},
    ),
]

CONTACT_BY_PHONE = [
    (
        "safe-contact/",
        {"safe_channels": ["phone"], "phone": "07700 900456", "email": "", "postal_address": ""},
    ),
    ("voicemail/", {"voicemail": "no"}),
    (
        "contact-safety/",
        {
            "safe_times": "Weekdays 9am to 3pm",
            "alternative_contact": "My sister Sue",
            "confirmation_word": "bluebell",
        },
    ),
]

SARAHS_LAW = [
    ("/apply/sarahs-law/danger/", {"immediate_danger": "no"}),
    (
        "/apply/sarahs-law/about-you/",
        {
            "full_name": "Jane Jones",
            "date_of_birth_0": "7",
            "date_of_birth_1": "6",
            "date_of_birth_2": "1985",
            "address": "3 Low Road, Leeds",
            "postcode": "ls2 7ab",
            "relationship": "Mother",
        },
    ),
    (
        "/apply/sarahs-law/each-child/1/",
        {
            "full_name": "Amy Jones",
            "date_of_birth_0": "3",
            "date_of_birth_1": "2",
            "date_of_birth_2": "2016",
            "age": "",
            "address": "3 Low Road, Leeds LS2 7AB",
        },
    ),
    ("/apply/sarahs-law/each-child/", {"add_another": "no"}),
    (
        "/apply/sarahs-law/parents/",
        {"parent_knows": "applicant_is_parent", "parental_responsibility": "Me and her father"},
    ),
    (
        "/apply/sarahs-law/person/",
        {
            "full_name": "Mark Brown",
            "other_names": "",
            "date_of_birth_0": "",
            "date_of_birth_1": "",
            "date_of_birth_2": "",
            "age": "about 40",
            "address": "",
            "contact_with_child": "He is my new partner.",
        },
    ),
    ("/apply/sarahs-law/appearance/", {"sex": "", "description": ""}),
    ("/apply/sarahs-law/reason/", {"why_worried": "Something he said about his past."}),
    *[(f"/apply/sarahs-law/{path}", data) for path, data in CONTACT_BY_PHONE],
]

CLARES_LAW_THIRD_PARTY = [
    ("/apply/clares-law/danger/", {"immediate_danger": "no"}),
    ("/apply/clares-law/who/", {"role": "third_party"}),
    (
        "/apply/clares-law/about-you/",
        {
            "full_name": "Sue Jones",
            "date_of_birth_0": "1",
            "date_of_birth_1": "1",
            "date_of_birth_2": "1970",
            "address": "5 Park Lane, York",
            "postcode": "YO1 7HH",
        },
    ),
    (
        "/apply/clares-law/person-at-risk/",
        {
            "relationship": "Sister",
            "full_name": "Jane Jones",
            "date_of_birth_0": "",
            "date_of_birth_1": "",
            "date_of_birth_2": "",
            "age": "late 30s",
            "address": "3 Low Road, Leeds LS2 7AB",
            "knows_about_application": "no",
        },
    ),
    (
        "/apply/clares-law/person/",
        {
            "full_name": "Mark Brown",
            "other_names": "Mark Green",
            "date_of_birth_0": "",
            "date_of_birth_1": "",
            "date_of_birth_2": "",
            "age": "",
            "relationship": "Partner",
            "how_long": "6 months",
        },
    ),
    ("/apply/clares-law/appearance/", {"sex": "not_known", "description": "Short, dark hair"}),
    ("/apply/clares-law/subject-addresses/", {"add_another": "yes"}),
    (
        "/apply/clares-law/subject-addresses/1/",
        {"address": "9 Mill Street, Bradford BD1 1AA", "when": "2020 to 2023"},
    ),
    ("/apply/clares-law/subject-addresses/", {"add_another": "no"}),
    ("/apply/clares-law/children-contact/", {"add_another": "yes"}),
    (
        "/apply/clares-law/children-contact/1/",
        {"first_name": "Amy", "age": "about 4", "relationship": "Jane's daughter, lives with them"},
    ),
    ("/apply/clares-law/children-contact/", {"add_another": "no"}),
    ("/apply/clares-law/reason/", {"why_worried": "He checks her phone and she is scared."}),
    *[(f"/apply/clares-law/{path}", data) for path, data in CONTACT_BY_PHONE],
]


def answer_all(client, steps):
    response = None
    for path, data in steps:
        response = client.post(path, data)
        assert response.status_code == 302, (path, response.content.decode()[:3000])
    return response
