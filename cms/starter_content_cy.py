# ruff: noqa: RUF001 (Welsh is written with the typographic apostrophe, as in the catalogue)
"""Welsh versions of the starter pages people are most likely to open first: the home page,
the three start pages and staying safe. cms.services.welsh_starter_content_ensure() makes them
Wagtail translations of the English pages (cms/starter_content.py). Not yet reviewed by a
Welsh speaker: docs/welsh.md, "Starter content to review". Links and organisations resolve to
the Welsh pages, or to the Welsh tree's aliases of the English ones.
"""

from dataclasses import dataclass, field
from typing import Any

from .starter_content import (
    Block,
    BodyBuilder,
    Refs,
    bullets,
    call_to_action,
    h2,
    inset,
    para,
    related,
    signposting,
)


@dataclass(frozen=True)
class WelshStarterPage:
    key: str  # the English starter page's key; "home" for the home page
    title: str
    introduction: str
    body: BodyBuilder | None = None
    extra: dict[str, Any] = field(default_factory=dict)


WELSH_RELATED = "Cynnwys cysylltiedig"


def _home_body_cy(refs: Refs) -> list[Block]:
    return [
        h2("Gofyn a yw rhywun yn peri risg"),
        para(
            "O dan Gyfraith Sarah gallwch ofyn a oes gan rywun sydd mewn cysylltiad â phlentyn "
            "euogfarnau am droseddau rhyw yn erbyn plant. O dan Gyfraith Clare gallwch ofyn a "
            "oes gan bartner hanes o gam-drin neu drais."
        ),
        call_to_action(refs, "sarahs_law_start"),
        call_to_action(refs, "clares_law_start"),
        inset(
            "Yn poeni y gallai rhywun weld eich bod wedi ymweld â’r wefan hon? Darllenwch am "
            f'<a linktype="page" id="{refs.pages["staying_safe"]}">gadw’n ddiogel wrth '
            "ddefnyddio’r wefan hon</a>."
        ),
    ]


def _staying_safe_cy(refs: Refs) -> list[Block]:
    return [
        para(
            "Os bydd rhywun arall yn defnyddio eich ffôn neu eich cyfrifiadur, efallai y bydd "
            "yn gallu gweld eich bod wedi ymweld â’r wefan hon. Dyma sut i gadw eich ymweliad "
            "yn breifat."
        ),
        h2("Gadael y dudalen hon"),
        para(
            "Mae botwm Gadael y dudalen hon ar bob tudalen ar y wefan hon. Mae’n mynd â chi’n "
            "syth i wefan bob dydd arall ac yn anghofio unrhyw atebion rydych chi wedi’u rhoi "
            "mewn ffurflen."
        ),
        bullets(
            "dewis y botwm Gadael y dudalen hon",
            "pwyso’r fysell Shift 3 gwaith",
            "pwyso’r fysell Escape",
            intro="I adael yn gyflym, gallwch:",
        ),
        inset(
            "Nid yw Gadael y dudalen hon yn dileu eich hanes pori. Gallai rhywun weld y wefan "
            "hon yn eich hanes o hyd, neu drwy bwyso’r botwm yn ôl."
        ),
        h2("Pori preifat"),
        para(
            "Mae pori preifat (Incognito yn Chrome ac InPrivate yn Edge) yn atal eich porwr "
            "rhag cadw’r tudalennau rydych chi’n ymweld â nhw. Agorwch ffenestr breifat cyn i "
            "chi ymweld â’r wefan hon, a’i chau pan fyddwch wedi gorffen."
        ),
        h2("Clirio eich hanes"),
        para(
            "Gallwch ddileu’r wefan hon o’ch hanes pori yng ngosodiadau eich porwr. Gallai "
            "rhywun sylwi os byddwch yn dileu eich holl hanes, felly efallai y byddwch am "
            "ddileu’r tudalennau o’r wefan hon yn unig."
        ),
        h2("Dyfeisiau mwy diogel"),
        para(
            "Os gallwch chi, defnyddiwch ddyfais na all yr unigolyn rydych chi’n poeni amdano "
            "ei defnyddio, fel cyfrifiadur mewn llyfrgell neu ffôn ffrind."
        ),
        h2("Sut rydyn ni’n cysylltu â chi"),
        para(
            "Pan fyddwch yn llenwi ffurflen, rydyn ni’n gofyn sut a phryd mae’n ddiogel "
            "cysylltu â chi. Ni fyddwn yn anfon e-bost na neges destun oni bai eich bod wedi "
            "dweud wrthym ei bod yn ddiogel."
        ),
        signposting(refs, "Cymorth", "domestic_abuse_helpline"),
    ]


def _start_related_cy(refs: Refs, *keys: str) -> list[Block]:
    return [related(refs, *keys, heading=WELSH_RELATED)]


WELSH_STARTER_PAGES: list[WelshStarterPage] = [
    WelshStarterPage(
        key="home",
        title="Diogelu’r cyhoedd rhag troseddwyr rhyw a threisgar",
        introduction="Sut mae pobl a gafwyd yn euog o droseddau rhyw neu drais yn cael eu "
        "rheoli yn y gymuned, sut i ddweud wrthym am bryder, a sut i ofyn a yw rhywun yn peri "
        "risg.",
        body=_home_body_cy,
    ),
    WelshStarterPage(
        key="concern_start",
        title="Rhoi gwybod am bryder am droseddwr rhyw neu risg i blant",
        introduction="Defnyddiwch y gwasanaeth hwn i ddweud wrth yr heddlu am droseddwr rhyw "
        "cofrestredig, neu am rywun rydych chi’n credu a allai fod yn risg i blant.",
        extra={
            "before_you_start": "<p>Gallwch ddweud wrthym am:</p><ul>"
            "<li>perthynas, swydd neu gyfeiriad newydd troseddwr rhyw cofrestredig, neu ei "
            "gysylltiad â phlant</li>"
            "<li>rhywun rydych chi’n credu ei fod yn droseddwr rhyw cofrestredig</li>"
            "<li>rhywbeth ar-lein sy’n peri pryder i chi am blentyn</li></ul>"
            "<p>Gallwch aros yn ddienw. Mae’n help os oes gennych enw, cyfeiriad neu rif "
            "cofrestru car yr unigolyn, ond gallwch roi gwybod hebddyn nhw.</p>",
            "time_to_complete": "10 i 15 munud",
            "after_you_start": "<p>Byddwch yn cael cyfeirnod pan fyddwch yn anfon eich "
            "adroddiad. Mae swyddog arbenigol yn darllen pob adroddiad. Fel arfer, ni fyddwch "
            "yn cael gwybod pa gamau a gymerwyd.</p>",
        },
        body=lambda refs: _start_related_cy(refs, "report_concern", "staying_safe"),
    ),
    WelshStarterPage(
        key="sarahs_law_start",
        title="Gwneud cais o dan Gyfraith Sarah",
        introduction="Defnyddiwch y gwasanaeth hwn i ofyn a oes gan rywun sydd mewn "
        "cysylltiad â phlentyn euogfarnau am droseddau rhyw yn erbyn plant.",
        extra={
            "before_you_start": "<p>Bydd angen y canlynol arnoch:</p><ul>"
            "<li>enw’r unigolyn rydych chi’n holi amdano, a’i gyfeiriad neu ei ddyddiad geni "
            "os ydych chi’n eu gwybod</li>"
            "<li>enw’r plentyn, a sut mae’r unigolyn mewn cysylltiad ag ef</li>"
            "<li>ffordd ddiogel i ni gysylltu â chi</li></ul>"
            "<p>Ni allwch wneud cais yn ddienw. Pan fyddwn yn cwrdd â chi, bydd angen i chi "
            "brofi pwy ydych chi, eich cyfeiriad a’ch perthynas â’r plentyn.</p>",
            "time_to_complete": "10 i 15 munud",
            "after_you_start": "<p>Byddwch yn cael cyfeirnod pan fyddwch yn gwneud cais. Mae’r "
            "heddlu’n gwirio a oes risg uniongyrchol, fel arfer o fewn 24 awr, ac yn trefnu i "
            "gwrdd â chi, fel arfer o fewn 10 diwrnod. Nod heddluoedd yw gorffen o fewn 45 "
            "diwrnod.</p>",
        },
        body=lambda refs: _start_related_cy(refs, "sarahs_law", "after_you_apply", "staying_safe"),
    ),
    WelshStarterPage(
        key="clares_law_start",
        title="Gwneud cais o dan Gyfraith Clare (Hawl i Ofyn)",
        introduction="Defnyddiwch y gwasanaeth hwn i ofyn a oes gan eich partner, neu bartner "
        "rhywun arall, hanes o gam-drin neu drais.",
        extra={
            "before_you_start": "<p>Bydd angen y canlynol arnoch:</p><ul>"
            "<li>enw’r unigolyn rydych chi’n holi amdano, ac unrhyw beth arall sy’n helpu i’w "
            "adnabod</li>"
            "<li>ffordd ddiogel ac amser diogel i ni gysylltu â chi</li></ul>"
            "<p>Ni allwch wneud cais yn ddienw. Pan fyddwn yn cwrdd â chi, dewch â dau fath o "
            "brawf adnabod.</p>",
            "time_to_complete": "10 i 15 munud",
            "after_you_start": "<p>Byddwch yn cael cyfeirnod pan fyddwch yn gwneud cais. Ni "
            "ddylai’r broses gyfan gymryd mwy na 28 diwrnod calendr. Os oes rhywun mewn perygl "
            "uniongyrchol, bydd yr heddlu’n gweithredu ar unwaith.</p>"
            "<p>Os gwnaethoch gais am ddiogelwch rhywun arall, efallai na chewch wybod a "
            "wnaethom rannu unrhyw wybodaeth. Os byddwn yn rhannu gwybodaeth, byddwn yn dweud "
            "wrth yr unigolyn sydd mewn perygl, neu wrth bwy bynnag sydd yn y sefyllfa orau "
            "i’w ddiogelu.</p>",
        },
        body=lambda refs: _start_related_cy(refs, "clares_law", "after_you_apply", "staying_safe"),
    ),
    WelshStarterPage(
        key="staying_safe",
        title="Cadw’n ddiogel wrth ddefnyddio’r wefan hon",
        introduction="Sut i adael y wefan hon yn gyflym, pori’n breifat a chadw eich "
        "ymweliad rhag rhywun sy’n rhannu eich dyfais.",
        body=_staying_safe_cy,
    ),
]
