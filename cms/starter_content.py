"""The guidance a new portal starts with, in the portal's own plain English.

Pages are described here as data and created by cms.services.starter_content_ensure(). Bodies
are StreamField raw data; links between pages and to organisations are resolved by key once
every page exists, so pages may link to each other in any order.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .constants import Journey


@dataclass(frozen=True)
class Refs:
    """Keys of starter pages and organisations, resolved to database ids."""

    pages: dict[str, int]
    organisations: dict[str, int]


Block = dict[str, Any]
BodyBuilder = Callable[[Refs], list[Block]]


@dataclass(frozen=True)
class StarterPage:
    key: str
    page_type: str  # "section", "guidance", "start" or "standard"
    title: str
    slug: str
    introduction: str
    parent: str | None = None  # None: the home page
    show_in_menus: bool = False
    body: BodyBuilder | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# --- Block helpers ------------------------------------------------------------------------------


def h2(text: str) -> Block:
    return {"type": "heading", "value": {"text": text, "size": "h2"}}


def h3(text: str) -> Block:
    return {"type": "heading", "value": {"text": text, "size": "h3"}}


def para(*paragraphs: str) -> Block:
    return {"type": "paragraph", "value": "".join(_html(p) for p in paragraphs)}


def bullets(*items: str, intro: str = "") -> Block:
    lis = "".join(f"<li>{item}</li>" for item in items)
    return {"type": "paragraph", "value": (_html(intro) if intro else "") + f"<ul>{lis}</ul>"}


def inset(text: str) -> Block:
    return {"type": "inset_text", "value": _html(text)}


def warning(text: str) -> Block:
    return {"type": "warning_text", "value": text}


def emergency(heading: str = "If someone is in danger now") -> Block:
    return {"type": "emergency_callout", "value": {"heading": heading}}


def details(summary: str, *paragraphs: str) -> Block:
    return {
        "type": "details",
        "value": {"summary": summary, "text": "".join(_html(p) for p in paragraphs)},
    }


def accordion(*sections: tuple[str, str]) -> Block:
    return {
        "type": "accordion",
        "value": {
            "sections": [
                {"heading": heading, "summary": "", "content": _html(content)}
                for heading, content in sections
            ]
        },
    }


def steps(*items: tuple[str, str]) -> Block:
    return {
        "type": "step_by_step",
        "value": {"steps": [{"heading": h, "text": _html(t)} for h, t in items]},
    }


def table(caption: str, rows: list[list[str]]) -> Block:
    return {
        "type": "table",
        "value": {
            "table_caption": caption,
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "data": rows,
        },
    }


def signposting(refs: Refs, heading: str, *organisations: str) -> Block:
    return {
        "type": "signposting",
        "value": {
            "heading": heading,
            "organisations": [refs.organisations[key] for key in organisations],
        },
    }


def related(refs: Refs, *page_keys: str, heading: str = "Related content") -> Block:
    return {
        "type": "related_links",
        "value": {
            "heading": heading,
            "links": [{"text": "", "page": refs.pages[key], "url": ""} for key in page_keys],
        },
    }


def call_to_action(refs: Refs, page_key: str, text: str = "") -> Block:
    return {"type": "call_to_action", "value": {"page": refs.pages[page_key], "text": text}}


def _html(text: str) -> str:
    return text if text.startswith("<") else f"<p>{text}</p>"


# --- Organisations ------------------------------------------------------------------------------

ORGANISATIONS: dict[str, dict[str, str]] = {
    "stop_it_now": {
        "name": "Stop It Now (Lucy Faithfull Foundation)",
        "helps_with": "Confidential, anonymous advice for anyone worried about their own "
        "sexual thoughts or behaviour towards children, or about someone else's. "
        "No judgement.",
        "phone": "0808 1000 900",
        "website": "https://www.stopitnow.org.uk/",
        "opening_hours": "Check the website for the helpline's opening hours and live chat.",
    },
    "crimestoppers": {
        "name": "Crimestoppers",
        "helps_with": "Telling someone about a crime without giving your name. Crimestoppers "
        "is a charity, separate from the police.",
        "phone": "0800 555 111",
        "website": "https://crimestoppers-uk.org/",
        "opening_hours": "24 hours a day, every day. You can also use their online form.",
    },
    "nspcc": {
        "name": "NSPCC Helpline",
        "helps_with": "Advice for adults worried about a child, including about abuse and "
        "online safety.",
        "phone": "0808 800 5000",
        "website": "https://www.nspcc.org.uk/",
        "opening_hours": "Check the website for current opening hours.",
    },
    "ceop": {
        "name": "CEOP (Child Exploitation and Online Protection)",
        "helps_with": "Reporting sexual abuse or grooming that happens online, by a child or "
        "by an adult worried about a child.",
        "phone": "",
        "website": "https://www.ceop.police.uk/Safety-Centre/",
        "opening_hours": "Online reports at any time.",
    },
    "domestic_abuse_helpline": {
        "name": "National Domestic Abuse Helpline",
        "helps_with": "Free, confidential support for anyone experiencing domestic abuse, and "
        "for people worried about someone else.",
        "phone": "0808 2000 247",
        "website": "https://www.nationaldahelpline.org.uk/",
        "opening_hours": "24 hours a day, every day.",
    },
    "samaritans": {
        "name": "Samaritans",
        "helps_with": "Someone to talk to about anything that is troubling you, whatever you "
        "are going through.",
        "phone": "116 123",
        "website": "https://www.samaritans.org/",
        "opening_hours": "24 hours a day, every day. Calls are free.",
    },
}


# --- Pages --------------------------------------------------------------------------------------


def _managing_section(refs: Refs) -> list[Block]:
    return [
        para(
            "Most people convicted of sexual or violent offences live in the community once "
            "they have served their sentence. The police, probation and other agencies work "
            "together to manage the risk they pose and to protect the public."
        )
    ]


def _how_managed(refs: Refs) -> list[Block]:
    return [
        h2("Who the police manage"),
        bullets(
            "people on the sex offenders register (registered sex offenders)",
            "violent and sexual offenders discussed under MAPPA, the Multi-Agency Public "
            "Protection Arrangements",
            "people who have not been convicted but whom the police and partner agencies "
            "judge to be potentially dangerous",
            intro="Specialist police officers and staff manage:",
        ),
        h2("Who does the work"),
        para(
            "Each force has a unit that does this work. Forces name it differently: you may "
            "see Sexual Offender Management Unit (SOMU), Violent and Sexual Offender "
            "Management (VSOM) or Public Protection Unit (PPU).",
            "Every person the unit manages has one named offender manager. The offender "
            "manager gets to know the person, checks that they keep to the rules they are "
            "under, and acts when something changes.",
        ),
        h2("How risk is assessed"),
        para(
            "The offender manager assesses how likely the person is to cause harm, using "
            "national assessment tools and what they learn at each visit. The result is a "
            "risk level: low, medium, high or very high.",
            "The risk level sets how often the person is visited at home without warning: "
            "from about once a month for very high risk to about once a year for low risk. "
            "The level is reviewed whenever circumstances change.",
        ),
        h2("What the police look for"),
        para(
            "The unit's job is to spot early anyone who may offend again, for example when someone:"
        ),
        bullets(
            "starts a new relationship with a person who has children",
            "has contact with children that they have not told the police about",
            "takes a job or volunteer role that is unsuitable for them",
            "has a phone, computer or other device they have not declared",
        ),
        inset(
            "Information from the public is one of the main ways the police find out about "
            "these changes. If you know something, tell us."
        ),
        call_to_action(refs, "concern_start", "Report a concern"),
        related(refs, "register", "shpo", "mappa", "report_concern"),
    ]


def _register(refs: Refs) -> list[Block]:
    return [
        h2("What registration means"),
        para(
            "People convicted or cautioned for certain sexual offences must tell the police "
            "about themselves and keep that information up to date. These are the "
            "notification requirements, set by the Sexual Offences Act 2003. People under "
            "them are often called registered sex offenders."
        ),
        h2("What they must tell the police"),
        bullets(
            "their name, and any other names they use",
            "their home address, and any other address where they regularly stay",
            "their bank accounts and credit cards",
            "their passport and other identity documents",
            "any travel abroad, before they go",
            "any stay at a home where a child lives",
            intro="They must tell the police, in person at a police station:",
        ),
        para(
            "They must first do this within 3 days of being convicted or released from "
            "custody, and again each time something changes and at least once a year."
        ),
        h2("How long registration lasts"),
        table(
            "How long registration lasts",
            [
                ["Sentence", "Time on the register"],
                ["A caution", "2 years"],
                ["A fine or a community sentence", "5 years"],
                ["Prison for 6 months or less", "7 years"],
                ["Prison for more than 6 months and less than 30 months", "10 years"],
                ["Prison for 30 months or more", "Indefinitely"],
            ],
        ),
        para(
            "The periods are halved for people under 18 when they were convicted.",
            "Someone on the register indefinitely can ask for a review 15 years after their "
            "release. A senior police officer, at least a Superintendent, decides whether "
            "they must stay on the register, and only after assessing the risk they pose.",
        ),
        h2("If someone breaks the rules"),
        para(
            "Not keeping to the notification requirements is a criminal offence. The person "
            "can be arrested and sent to prison for up to 5 years."
        ),
        inset(
            "The register is not public. The police share information about a person only "
            "when it is needed to protect someone, for example through Sarah's Law."
        ),
        related(refs, "how_managed", "shpo", "sarahs_law", "report_concern"),
    ]


def _shpo(refs: Refs) -> list[Block]:
    return [
        h2("What an order is"),
        para(
            "A court can make a Sexual Harm Prevention Order to protect the public from a "
            "person who poses a risk of sexual harm. The orders replaced Sexual Offences "
            "Prevention Orders in 2015.",
            "Each order is written for the person it applies to. The court sets the "
            "conditions that are needed to manage the risk that person poses.",
        ),
        h2("What an order can say"),
        bullets(
            "not to have contact with children unless another adult who knows about their "
            "offending is present",
            "to tell the police about every phone, computer or device they own or use",
            "not to delete their internet browsing history",
            "not to go into named places, such as particular parks or playgrounds",
            intro="For example, an order might tell the person:",
        ),
        h2("If someone breaks an order"),
        para(
            "Breaking any condition of a Sexual Harm Prevention Order is a criminal offence. "
            "The person can be arrested and sent to prison for up to 5 years."
        ),
        warning("If you see someone breaking an order and a child is in danger now, call 999."),
        call_to_action(refs, "concern_start", "Report a concern"),
        related(refs, "register", "how_managed", "report_concern"),
    ]


def _mappa(refs: Refs) -> list[Block]:
    return [
        h2("What MAPPA is"),
        para(
            "MAPPA stands for Multi-Agency Public Protection Arrangements. They are how the "
            "police, the probation service and the prison service work together to manage "
            "people who have committed serious sexual or violent offences."
        ),
        para(
            "Other organisations have a duty to co-operate with them, including children's "
            "and adults' social care, housing, health services and education."
        ),
        h2("Who is managed under MAPPA"),
        bullets(
            "registered sex offenders",
            "people convicted of violent offences and sentenced to 12 months or more in "
            "prison, or detained in hospital",
            "other people whose offending shows they could cause serious harm",
        ),
        h2("What the agencies do together"),
        para(
            "The agencies share what they know about each person and agree a plan to manage "
            "them. The plan might set where the person can live, who they can meet, what "
            "work they can do, and how often they are visited. Most people are managed by "
            "one lead agency; those who pose the highest risk are discussed at regular "
            "meetings of senior staff from every agency."
        ),
        related(refs, "how_managed", "register"),
    ]


def _report_section(refs: Refs) -> list[Block]:
    return [emergency()]


def _report_concern(refs: Refs) -> list[Block]:
    return [
        emergency(),
        h2("What you can tell us about"),
        bullets(
            "a registered sex offender who has started a relationship with someone who has "
            "children",
            "a registered sex offender who has contact with children",
            "a new job, address or car you think the police may not know about",
            "phones, computers or other devices they may be hiding",
            "someone breaking the conditions of a Sexual Harm Prevention Order",
            "someone you think may be a registered sex offender",
            "something online that worries you about a child",
            intro="Tell us if you know or suspect something about a person who may pose a "
            "risk to children or adults, for example:",
        ),
        h2("You can stay anonymous"),
        para(
            "You do not have to give your name. If you do, we can contact you if we need to "
            "know more. If you stay anonymous you get a receipt code, so you can add "
            "information later without telling us who you are.",
            "If someone's life is at risk the police may still try to find out who sent a "
            "report, so they can protect them.",
        ),
        h2("What happens next"),
        para(
            "A specialist officer reads every report. If the person is managed by the police, "
            "their offender manager is told. You will not usually hear what action was taken, "
            "because the police cannot share information about another person."
        ),
        warning("Do not confront the person yourself."),
        call_to_action(refs, "concern_start", "Report a concern"),
        signposting(refs, "If you do not want to contact the police", "crimestoppers"),
    ]


def _disclosure_section(refs: Refs) -> list[Block]:
    return [
        para(
            "Two schemes let you ask the police whether someone poses a risk: Sarah's Law, "
            "for children, and Clare's Law, for people in a relationship.",
            "You cannot apply under either scheme anonymously: we check your identity when we "
            "meet you. If you want to tell us about a concern without giving your name, "
            "report a concern instead.",
        )
    ]


def _sarahs_law(refs: Refs) -> list[Block]:
    return [
        para(
            "Sarah's Law is the everyday name for the Child Sex Offender Disclosure Scheme. "
            "It lets you ask the police whether someone who has contact with a child has "
            "convictions for sexual offences against children."
        ),
        h2("Who can apply"),
        para(
            "Anyone can apply about a named person who has contact with a named child. You "
            "do not have to be the child's parent: you could be a relative, a neighbour or a "
            "friend."
        ),
        h2("What you will need"),
        bullets(
            "the name of the person you are asking about, and anything else that helps "
            "identify them, such as their address or date of birth",
            "the name of the child and how the person has contact with them",
            "proof of your identity and address, and of your relationship to the child, "
            "when we meet you",
        ),
        h2("Who is told"),
        para(
            "If the police find that the person poses a risk to the child, they tell whoever "
            "is best placed to protect the child. This is usually the child's parent or "
            "carer, and it may not be you.",
            "A disclosure is always made in person and never in writing. You must keep what "
            "you are told confidential and use it only to protect the child.",
        ),
        inset(
            "You cannot apply anonymously. We check your identity, your address and your "
            "relationship to the child when we meet you."
        ),
        call_to_action(refs, "sarahs_law_start", "Apply under Sarah's Law"),
        related(refs, "after_you_apply", "clares_law", "staying_safe"),
    ]


def _clares_law(refs: Refs) -> list[Block]:
    return [
        para(
            "Clare's Law is the everyday name for the Domestic Violence Disclosure Scheme. "
            "It lets the police tell someone about a partner's history of abuse or violence, "
            "so that they can make an informed choice about the relationship."
        ),
        h2("Right to Ask"),
        para(
            "You can ask the police about your partner or ex-partner if you are worried that "
            "they could harm you. You can also ask about someone else's partner if you are "
            "worried about them: a friend, a relative or a neighbour, for example."
        ),
        h2("Right to Know"),
        para(
            "The police can decide to tell someone about their partner's past without being "
            "asked, when they learn of information that shows the person may be at risk. "
            "You cannot apply for this: the police start it themselves."
        ),
        h2("Who is told"),
        para(
            "If you applied about someone else's safety, you may not be told whether we "
            "shared any information. If we do share information, we tell the person at risk, "
            "or whoever is best placed to protect them."
        ),
        inset(
            "You cannot apply anonymously. We check your identity when we meet you, so bring "
            "two forms of identification."
        ),
        h2("Applying safely"),
        para(
            "The person you are asking about may see your phone, emails or post. When you "
            "apply we ask how and when it is safe to contact you, and we use only the ways "
            "you choose."
        ),
        emergency(),
        call_to_action(refs, "clares_law_start", "Apply under Clare's Law"),
        signposting(refs, "Support for you", "domestic_abuse_helpline"),
        related(refs, "after_you_apply", "sarahs_law", "staying_safe"),
    ]


def _after_you_apply(refs: Refs) -> list[Block]:
    return [
        h2("Sarah's Law"),
        steps(
            ("You apply", "Online, by phone or at a police station."),
            (
                "Initial checks",
                "The police check whether there is an immediate risk to the child, usually "
                "within 24 hours. If there is, they act straight away.",
            ),
            (
                "We meet you",
                "An officer meets you, in person or by phone, usually within 10 days. You "
                "prove who you are, where you live and your relationship to the child.",
            ),
            (
                "Checks and decision",
                "The police and partner agencies decide whether telling someone would "
                "protect the child.",
            ),
            (
                "Disclosure or not",
                "If there is something to tell, it is told in person to whoever is best "
                "placed to protect the child. Forces aim to finish within 45 days.",
            ),
        ),
        h2("Clare's Law"),
        steps(
            ("You apply", "Online, by phone or at a police station."),
            (
                "Initial checks and risk assessment",
                "The police check the person you asked about and judge how urgent it is.",
            ),
            (
                "A face-to-face meeting",
                "An officer meets you and checks your identity. Bring two forms of identification.",
            ),
            (
                "A multi-agency decision",
                "The police, with other agencies such as probation and social care, decide "
                "whether a disclosure is needed to keep someone safe.",
            ),
            (
                "Disclosure or not",
                "The whole process should take no more than 28 calendar days. If someone is "
                "at immediate risk, the police tell them at once.",
            ),
        ),
        table(
            "Time limits at a glance",
            [
                ["Scheme", "What happens", "Usually within"],
                ["Sarah's Law", "Initial checks", "24 hours"],
                ["Sarah's Law", "Meeting with you", "10 days"],
                ["Sarah's Law", "Whole process", "45 days"],
                ["Clare's Law", "Whole process", "28 calendar days"],
            ],
        ),
        details(
            "If it takes longer",
            "Sometimes checks take longer, for example when information is held by another "
            "force. If that happens, we tell you why and when to expect an answer, using "
            "only the contact method you said was safe.",
        ),
        inset(
            "Whatever the result, the police do not tell the person you asked about who made "
            "the application."
        ),
        related(refs, "sarahs_law", "clares_law"),
    ]


def _staying_safe_section(refs: Refs) -> list[Block]:
    return []


def _online_safety(refs: Refs) -> list[Block]:
    return [
        h2("Talk to your child"),
        para(
            "Children are most likely to tell you about something that worries them if "
            "talking about life online is a normal part of family life. Ask what they enjoy "
            "doing online, which apps and games they use, and who they talk to."
        ),
        h2("Signs someone may be grooming a child"),
        bullets(
            "being secretive about who they talk to online or what they do on their devices",
            "having new gifts, money, phones or accounts they cannot explain",
            "talking about an older friend or boyfriend or girlfriend you have not met",
            "seeming upset, withdrawn or anxious after being online",
            intro="Groomers build trust with a child, then try to isolate them. Things to "
            "look out for include:",
        ),
        h2("Practical steps"),
        bullets(
            "use the parental controls and privacy settings on devices, apps and games",
            "keep devices in shared rooms, especially at night, for younger children",
            "make sure your child knows they can tell you anything without losing their "
            "phone or being blamed",
            "tell them never to share pictures of themselves with someone they have not "
            "met in person",
        ),
        accordion(
            (
                "What should I do if my child has shared an image?",
                "Stay calm and reassure your child that it is not their fault. Do not "
                "share or forward the image. Report it to CEOP or the police.",
            ),
            (
                "Should I take my child's phone away?",
                "Taking devices away can make children less likely to tell you next time. "
                "Agree rules together instead, and check in regularly.",
            ),
        ),
        emergency(),
        signposting(refs, "Where to get help", "ceop", "nspcc"),
        call_to_action(refs, "concern_start", "Report a concern"),
    ]


def _own_thoughts(refs: Refs) -> list[Block]:
    return [
        para(
            "If you are worried about your sexual thoughts or behaviour towards children, "
            "you can get help before anyone is harmed. Asking for help is the right thing "
            "to do."
        ),
        h2("Confidential help"),
        para(
            "Stop It Now is a confidential helpline run by the Lucy Faithfull Foundation, a "
            "child protection charity. You do not have to give your name. The people who "
            "answer will listen without judging you and help you find ways to stay in "
            "control."
        ),
        signposting(refs, "Organisations that can help", "stop_it_now", "samaritans"),
        details(
            "Will they tell the police?",
            "Stop It Now does not ask for your name. They explain their confidentiality "
            "rules when you contact them, including when they would have to share "
            "information to protect a child.",
        ),
        warning("If you think you might harm a child now, call 999."),
    ]


def _staying_safe(refs: Refs) -> list[Block]:
    return [
        para(
            "If someone else uses your phone or computer, they may be able to see that you "
            "visited this site. Here is how to keep your visit private."
        ),
        h2("Exit this page"),
        para(
            "Every page on this site has an Exit this page button. It takes you straight to "
            "another, everyday website and forgets any answers you have given in a form."
        ),
        bullets(
            "select the Exit this page button",
            "press the Shift key 3 times",
            "press the Escape key",
            intro="To leave quickly you can:",
        ),
        inset(
            "Exit this page does not delete your browsing history. Someone could still see "
            "this site in your history or by pressing the back button."
        ),
        h2("Private browsing"),
        para(
            "Private browsing (called Incognito in Chrome and InPrivate in Edge) stops your "
            "browser saving the pages you visit. Open a private window before you visit this "
            "site, and close it when you finish."
        ),
        h2("Clearing your history"),
        para(
            "You can delete this site from your browsing history in your browser's settings. "
            "Deleting your whole history could itself be noticed, so you may want to delete "
            "only the pages from this site."
        ),
        h2("Safer devices"),
        para(
            "If you can, use a device that the person you are worried about cannot use, such "
            "as a computer at a library or a friend's phone."
        ),
        h2("How we contact you"),
        para(
            "When you fill in a form we ask how and when it is safe to contact you. We will "
            "not send an email or text message unless you told us it is safe."
        ),
        signposting(refs, "Support", "domestic_abuse_helpline"),
    ]


def _privacy(refs: Refs) -> list[Block]:
    return [
        h2("Who we are"),
        para(
            "The chief constable of the police force named at the top of this page is the "
            "controller of the personal information you give on this site."
        ),
        h2("What we collect"),
        para(
            "We collect what you tell us in a form: about yourself, if you give your "
            "details, about the person you are worried about, and about anyone at risk. We "
            "also collect how and when it is safe to contact you."
        ),
        h2("Why we use it"),
        para(
            "We use the information to prevent and detect crime and protect people from "
            "harm. The law that allows this is Part 3 of the Data Protection Act 2018 (law "
            "enforcement processing). We share it only with organisations that help protect "
            "people, such as probation and social care, and only when the law allows."
        ),
        h2("How we keep it safe"),
        para(
            "What you send is encrypted when it is stored. Only the officers and staff who "
            "deal with your request can see it, and every time they look at it is recorded. "
            "We delete information when we no longer need it, following the force's "
            "retention rules."
        ),
        h2("Cookies and other services"),
        para(
            "Pages of guidance set no cookies. When you start a form, we set one cookie to "
            "remember your answers until you send them. It is deleted when you close your "
            "browser or after 2 hours without activity.",
            "We do not use analytics or advertising services. On the page where you send a "
            "form, we may use Google reCAPTCHA to check you are not a computer program. When "
            "we do, Google receives information about your visit to that page.",
        ),
        h2("Your rights"),
        para(
            "You can ask for a copy of the information we hold about you, and ask us to "
            "correct it. In some cases the law allows us to refuse, for example to avoid "
            "harming an investigation or to protect someone else. You can complain to the "
            "Information Commissioner's Office at ico.org.uk."
        ),
    ]


def _accessibility(refs: Refs) -> list[Block]:
    return [
        para(
            "We want as many people as possible to be able to use this site. You should be able to:"
        ),
        bullets(
            "change colours, contrast and fonts using your browser or device settings",
            "zoom in up to 400% without the text spilling off the screen",
            "move around the site using only a keyboard",
            "use the site with a screen reader",
        ),
        h2("How accessible this site is"),
        para(
            "The site is built with the GOV.UK Design System and aims to meet the Web Content "
            "Accessibility Guidelines (WCAG) 2.2 at level AA.",
            "We are not aware of any part of the site that does not meet the standard. If "
            "you find one, please tell us.",
        ),
        h2("Reporting a problem"),
        para(
            "If you find a problem with this site, or need information in another format, "
            "call 101 and ask for the public protection unit."
        ),
        h2("Enforcement"),
        para(
            "The Equality and Human Rights Commission enforces the accessibility "
            "regulations. If you are not happy with how we respond to your complaint, "
            "contact the Equality Advisory and Support Service."
        ),
    ]


def _cookies(refs: Refs) -> list[Block]:
    return [
        para(
            "Cookies are small files saved on your device. This site sets as few as "
            "possible, and none at all while you read guidance."
        ),
        table(
            "Cookies this site sets",
            [
                ["Name", "What it is for", "When it expires"],
                [
                    "sessionid",
                    "Remembers your answers while you fill in a form",
                    "When you close your browser, or after 2 hours without activity",
                ],
                ["csrftoken", "Protects the form you send from misuse", "After 1 year"],
            ],
        ),
        para(
            "We do not use cookies for analytics or advertising. Exit this page deletes the "
            "cookies this site has set."
        ),
    ]


def _start_related(refs: Refs, *keys: str) -> list[Block]:
    return [related(refs, *keys)]


STARTER_PAGES: list[StarterPage] = [
    StarterPage(
        key="managing",
        page_type="section",
        title="How offenders are managed",
        slug="managing-offenders",
        introduction="How the police and other agencies manage people convicted of sexual "
        "or violent offences who live in the community.",
        show_in_menus=True,
        body=_managing_section,
    ),
    StarterPage(
        key="how_managed",
        page_type="guidance",
        parent="managing",
        title="How registered sex offenders are managed",
        slug="how-registered-sex-offenders-are-managed",
        introduction="Who manages people on the sex offenders register, how their risk is "
        "assessed, and why what you know matters.",
        body=_how_managed,
    ),
    StarterPage(
        key="register",
        page_type="guidance",
        parent="managing",
        title="The sex offenders register and notification requirements",
        slug="sex-offenders-register",
        introduction="What people on the sex offenders register must tell the police, and "
        "for how long.",
        body=_register,
    ),
    StarterPage(
        key="shpo",
        page_type="guidance",
        parent="managing",
        title="Sexual Harm Prevention Orders",
        slug="sexual-harm-prevention-orders",
        introduction="Orders a court can make to stop someone causing sexual harm, and what "
        "happens if they break one.",
        body=_shpo,
    ),
    StarterPage(
        key="mappa",
        page_type="guidance",
        parent="managing",
        title="MAPPA: how agencies work together",
        slug="mappa",
        introduction="How the police, probation, prisons and other agencies share "
        "information and plan together to manage serious offenders.",
        body=_mappa,
    ),
    StarterPage(
        key="report",
        page_type="section",
        title="Report a concern",
        slug="report-a-concern",
        introduction="Tell the police about a registered sex offender, or someone you think "
        "may be a risk to children. You can stay anonymous.",
        show_in_menus=True,
        body=_report_section,
    ),
    StarterPage(
        key="report_concern",
        page_type="guidance",
        parent="report",
        title="How to report a concern about a registered sex offender",
        slug="how-to-report-a-concern",
        introduction="What to tell us, how to stay anonymous, and what happens after you report.",
        body=_report_concern,
    ),
    StarterPage(
        key="concern_start",
        page_type="start",
        parent="report",
        title="Report a concern about a sex offender or a risk to children",
        slug="start",
        introduction="Use this service to tell the police about a registered sex offender, "
        "or about someone you think may be a risk to children.",
        extra={
            "journey": Journey.CONCERN,
            "before_you_start": "<p>You can tell us about:</p><ul>"
            "<li>a registered sex offender's new relationship, job, address or contact "
            "with children</li>"
            "<li>someone you think is a registered sex offender</li>"
            "<li>something online that worries you about a child</li></ul>"
            "<p>You can stay anonymous. It helps if you have the person's name, address or "
            "car registration, but you can report without them.</p>",
            "time_to_complete": "10 to 15 minutes",
            "after_you_start": "<p>You get a reference number when you send your report. "
            "A specialist officer reads every report. You will not usually be told what "
            "action was taken.</p>",
        },
        body=lambda refs: _start_related(refs, "report_concern", "staying_safe"),
    ),
    StarterPage(
        key="disclosure",
        page_type="section",
        title="Ask for a disclosure",
        slug="ask-for-a-disclosure",
        introduction="Ask the police whether someone poses a risk to a child or to a "
        "partner, under Sarah's Law or Clare's Law.",
        show_in_menus=True,
        body=_disclosure_section,
    ),
    StarterPage(
        key="sarahs_law",
        page_type="guidance",
        parent="disclosure",
        title="Sarah's Law: the Child Sex Offender Disclosure Scheme",
        slug="sarahs-law",
        introduction="Ask the police whether someone who has contact with a child has "
        "convictions for sexual offences against children.",
        body=_sarahs_law,
    ),
    StarterPage(
        key="clares_law",
        page_type="guidance",
        parent="disclosure",
        title="Clare's Law: Right to Ask and Right to Know",
        slug="clares-law",
        introduction="Ask the police whether a partner, or someone else's partner, has a "
        "history of abuse or violence.",
        body=_clares_law,
    ),
    StarterPage(
        key="after_you_apply",
        page_type="guidance",
        parent="disclosure",
        title="What happens after you apply",
        slug="what-happens-after-you-apply",
        introduction="The stages of a Sarah's Law or Clare's Law application, and how long "
        "each should take.",
        body=_after_you_apply,
    ),
    StarterPage(
        key="sarahs_law_start",
        page_type="start",
        parent="disclosure",
        title="Apply under Sarah's Law",
        slug="apply-sarahs-law",
        introduction="Use this service to ask whether someone who has contact with a child "
        "has convictions for sexual offences against children.",
        extra={
            "journey": Journey.SARAHS_LAW,
            "before_you_start": "<p>You will need:</p><ul>"
            "<li>the name of the person you are asking about, and their address or date of "
            "birth if you know them</li>"
            "<li>the name of the child, and how the person has contact with them</li>"
            "<li>a safe way for us to contact you</li></ul>"
            "<p>You cannot apply anonymously. When we meet you, you will need to prove your "
            "identity, your address and your relationship to the child.</p>",
            "time_to_complete": "10 to 15 minutes",
            "after_you_start": "<p>You get a reference number when you apply. The police "
            "check for an immediate risk, usually within 24 hours, and arrange to meet you, "
            "usually within 10 days. Forces aim to finish within 45 days.</p>",
        },
        body=lambda refs: _start_related(refs, "sarahs_law", "after_you_apply", "staying_safe"),
    ),
    StarterPage(
        key="clares_law_start",
        page_type="start",
        parent="disclosure",
        title="Apply under Clare's Law (Right to Ask)",
        slug="apply-clares-law",
        introduction="Use this service to ask whether your partner, or someone else's "
        "partner, has a history of abuse or violence.",
        extra={
            "journey": Journey.CLARES_LAW,
            "before_you_start": "<p>You will need:</p><ul>"
            "<li>the name of the person you are asking about, and anything else that helps "
            "identify them</li>"
            "<li>a safe way and a safe time for us to contact you</li></ul>"
            "<p>You cannot apply anonymously. When we meet you, bring two forms of "
            "identification.</p>",
            "time_to_complete": "10 to 15 minutes",
            "after_you_start": "<p>You get a reference number when you apply. The whole "
            "process should take no more than 28 calendar days. If someone is at immediate "
            "risk, the police act at once.</p>"
            "<p>If you applied about someone else's safety, you may not be told whether we "
            "shared any information. If we do share information, we tell the person at risk, "
            "or whoever is best placed to protect them.</p>",
        },
        body=lambda refs: _start_related(refs, "clares_law", "after_you_apply", "staying_safe"),
    ),
    StarterPage(
        key="staying_safe_section",
        page_type="section",
        title="Staying safe",
        slug="staying-safe",
        introduction="Advice on keeping children safe online, help if you are worried about "
        "your own thoughts, and how to use this site safely.",
        show_in_menus=True,
        body=_staying_safe_section,
    ),
    StarterPage(
        key="online_safety",
        page_type="guidance",
        parent="staying_safe_section",
        title="Keeping children safe online: advice for parents",
        slug="keeping-children-safe-online",
        introduction="How to talk to your child about life online, signs of grooming, and "
        "where to report something that worries you.",
        body=_online_safety,
    ),
    StarterPage(
        key="own_thoughts",
        page_type="guidance",
        parent="staying_safe_section",
        title="Worried about your own thoughts or behaviour",
        slug="worried-about-your-own-thoughts",
        introduction="Confidential help, without judgement, if you are worried about your "
        "sexual thoughts or behaviour towards children.",
        body=_own_thoughts,
    ),
    StarterPage(
        key="staying_safe",
        page_type="guidance",
        parent="staying_safe_section",
        title="Staying safe while using this site",
        slug="using-this-site-safely",
        introduction="How to leave this site quickly, browse privately and keep your visit "
        "from someone who shares your device.",
        body=_staying_safe,
    ),
    StarterPage(
        key="privacy",
        page_type="standard",
        title="Privacy notice",
        slug="privacy",
        introduction="What we do with the information you give us on this site, and your rights.",
        body=_privacy,
    ),
    StarterPage(
        key="accessibility",
        page_type="standard",
        title="Accessibility statement",
        slug="accessibility",
        introduction="How accessible this site is, and how to tell us about a problem.",
        body=_accessibility,
    ),
    StarterPage(
        key="cookies",
        page_type="standard",
        title="Cookies",
        slug="cookies",
        introduction="The cookies this site sets and why.",
        body=_cookies,
    ),
]

FOOTER_LINK_KEYS = ["privacy", "accessibility", "cookies", "staying_safe"]
