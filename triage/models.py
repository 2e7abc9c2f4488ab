import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from core.encryption import EncryptedJSONField, EncryptedTextField
from intake.constants import Language, Scheme
from intake.models import Submission
from staff.models import Team

from . import letters, normalise
from .constants import (
    OPEN_STATUSES,
    CaseStatus,
    DeadlineKind,
    DecisionForum,
    DisclosureDecision,
    DisclosureMethod,
    DisclosureRecipient,
    EventKind,
    IdentifierKind,
    LetterChannel,
    LetterKind,
    MatchStatus,
    NoDisclosureReason,
    NominalCategory,
    Outcome,
    Priority,
    RiskLevel,
    RoutingCondition,
    RoutingTarget,
    Sex,
    Undertaking,
)

# --- Reference data ---------------------------------------------------------------------------


class Area(models.Model):
    """A postcode district (the part before the space, e.g. "NR1") and the team that covers it."""

    district = models.CharField(max_length=4, unique=True)
    name = models.CharField(max_length=100, blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="areas")
    disclosure_desk = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="disclosure_areas",
        null=True,
        blank=True,
        help_text="Left blank: the disclosure desk of the team's unit.",
    )

    class Meta:
        ordering = ["district"]

    def __str__(self) -> str:
        return f"{self.district} {self.name}".strip()


class Nominal(ClusterableModel):
    """A person the force manages. Imported from the force's own records, never from VISOR."""

    # As for Case: an import of tens of thousands would otherwise index each one's references.
    wagtail_reference_index_ignore = True

    id = models.BigAutoField(primary_key=True)
    force_reference = models.CharField(max_length=30, unique=True)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    # Blank: not recorded. Matching weighs it against the sex the public describe.
    sex = models.CharField(max_length=6, choices=Sex.choices, blank=True, default="")
    category = models.CharField(max_length=20, choices=NominalCategory.choices)
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    next_home_visit_due = models.DateField(null=True, blank=True)
    court_order_conditions = models.TextField(blank=True)
    offender_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_nominals",
    )

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name} ({self.force_reference})"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class NominalName(models.Model):
    """A name or alias, with the normalised and phonetic keys that matching looks up."""

    nominal = ParentalKey(Nominal, on_delete=models.CASCADE, related_name="names")
    full_name = models.CharField(max_length=200)
    is_alias = models.BooleanField(default=False)
    normalised = models.CharField(max_length=200, editable=False, db_index=True)
    family_key = models.CharField(max_length=20, editable=False, db_index=True)
    given_key = models.CharField(max_length=20, editable=False, blank=True)

    panels = ["full_name", "is_alias"]

    class Meta:
        ordering = ["is_alias", "id"]
        indexes = [models.Index(fields=["family_key", "given_key"], name="nominal_name_sound_idx")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        # Lookup keys are derived from the name, so they can never disagree with it.
        normalise.name_keys_fill(self)
        super().save(*args, **kwargs)


class NominalAddress(models.Model):
    nominal = ParentalKey(Nominal, on_delete=models.CASCADE, related_name="addresses")
    address = models.CharField(max_length=255)
    postcode = models.CharField(max_length=10, db_index=True)
    district = models.CharField(max_length=4, editable=False, db_index=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    panels = ["address", "postcode", "valid_from", "valid_to"]

    class Meta:
        ordering = ["-valid_from", "id"]
        verbose_name_plural = "nominal addresses"

    def __str__(self) -> str:
        return f"{self.address}, {self.postcode}"

    def save(self, *args, **kwargs):
        normalise.address_keys_fill(self)
        super().save(*args, **kwargs)


class NominalIdentifier(models.Model):
    """A vehicle registration, phone number or online identifier, kept normalised for lookup."""

    nominal = ParentalKey(Nominal, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=10, choices=IdentifierKind.choices)
    value = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200, editable=False)

    panels = ["kind", "value"]

    class Meta:
        ordering = ["kind", "id"]
        indexes = [models.Index(fields=["kind", "normalised"], name="nominal_ident_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def save(self, *args, **kwargs):
        normalise.identifier_keys_fill(self)
        super().save(*args, **kwargs)


class RoutingRule(models.Model):
    """One line of the routing table, tried in order; the first that can route a case wins."""

    order = models.PositiveIntegerField(default=100)
    scheme = models.CharField(
        max_length=20, choices=Scheme.choices, blank=True, help_text="Blank: every scheme."
    )
    condition = models.CharField(
        max_length=20, choices=RoutingCondition.choices, default=RoutingCondition.ALWAYS
    )
    target = models.CharField(max_length=25, choices=RoutingTarget.choices)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Only for a rule that routes to a named team.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        scheme = self.get_scheme_display() if self.scheme else "Any scheme"
        return f"{self.order}. {scheme}: {self.get_target_display()}"


# --- Cases --------------------------------------------------------------------------------------


class Case(models.Model):
    """The police side of a submission: who holds it, where it stands, when it is due."""

    # Wagtail's reference index (what links to what, for its "usage" pages) would be rebuilt
    # on every save of a case, several times while a case is opened and routed; nothing in the
    # CMS links to a case, and its audit trail is the case's own CaseEvent rows.
    wagtail_reference_index_ignore = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    submission = models.OneToOneField(
        Submission, on_delete=models.PROTECT, related_name="case", null=True, blank=True
    )
    scheme = models.CharField(max_length=20, choices=Scheme.choices)
    is_right_to_know = models.BooleanField(default=False)
    is_anonymous = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    opened_at = models.DateTimeField(auto_now_add=True)
    # When the request reached the force: sent by the public (the submission's time, which
    # may be before the case was opened while the queue was down) or, for a case the police
    # start, when it was opened. The statutory clocks and the yearly return count from it.
    received_at = models.DateTimeField(default=timezone.now, db_default=Now())
    updated_at = models.DateTimeField(auto_now=True)
    district = models.CharField(max_length=4, blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    nominal = models.ForeignKey(
        Nominal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        help_text="The nominal the case is about, once matched.",
    )
    due_at = models.DateTimeField(null=True, blank=True, help_text="The next deadline.")
    clock_paused_at = models.DateTimeField(null=True, blank=True)
    clock_pause_reason = models.CharField(max_length=255, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    # Right to Know cases have no submission: what the officer recorded, encrypted.
    details = EncryptedJSONField(default=dict, blank=True)
    forum = models.CharField(max_length=10, choices=DecisionForum.choices, blank=True)
    forum_reference = models.CharField(max_length=50, blank=True)
    identity_checked = models.BooleanField(default=False)
    # The disclosure record (Sarah's Law and Clare's Law): the structured, non-personal part
    # here; who was told by name, the words, the safety plan and the referrals are personal
    # and live encrypted in details["disclosure"], which retention deletes with the rest.
    # Database defaults too, so rows written by plain SQL (the benchmark's loader) still fit.
    forum_date = models.DateField(null=True, blank=True)
    ratified_by_forum = models.CharField(
        max_length=10, choices=DecisionForum.choices, blank=True, default="", db_default=""
    )
    ratified_on = models.DateField(null=True, blank=True)
    decision = models.CharField(
        max_length=20, choices=DisclosureDecision.choices, blank=True, default="", db_default=""
    )
    no_disclosure_reason = models.CharField(
        max_length=30, choices=NoDisclosureReason.choices, blank=True, default="", db_default=""
    )
    decision_disclose = models.BooleanField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    disclosed_to_kind = models.CharField(
        max_length=20, choices=DisclosureRecipient.choices, blank=True, default="", db_default=""
    )
    disclosed_at = models.DateTimeField(null=True, blank=True)
    disclosure_method = models.CharField(
        max_length=10, choices=DisclosureMethod.choices, blank=True, default="", db_default=""
    )
    undertaking = models.CharField(
        max_length=10, choices=Undertaking.choices, blank=True, default="", db_default=""
    )
    undertaking_on = models.DateField(null=True, blank=True)
    safety_plan_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_on_time = models.BooleanField(null=True, blank=True)
    retain_until = models.DateTimeField(null=True, blank=True)
    personal_data_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            # The dashboard counts a year of cases by week and scheme from this index alone.
            models.Index(
                fields=["status", "opened_at"],
                include=["scheme", "id"],
                name="case_status_opened_idx",
            ),
            models.Index(fields=["status", "due_at"], name="case_status_due_idx"),
            # The queues read open cases only: a few percent of a force's cases over the
            # years, so these index only those and stay small and hot.
            models.Index(
                fields=["assigned_to", "due_at"],
                name="case_open_assignee_due_idx",
                condition=models.Q(status__in=OPEN_STATUSES),
            ),
            models.Index(
                fields=["team", "due_at"],
                name="case_open_team_due_idx",
                condition=models.Q(status__in=OPEN_STATUSES),
            ),
            models.Index(fields=["retain_until"], name="case_retain_until_idx"),
            # A search looks up every case it matches (thousands, for a common surname) to keep
            # those the user may see in the queue's order: from this index alone, not the rows.
            models.Index(
                fields=["id"],
                include=["due_at", "opened_at", "team", "assigned_to", "nominal"],
                name="case_search_listing_idx",
            ),
            # The dashboard's cases closed month by month, from this index alone.
            models.Index(
                fields=["status", "closed_at"],
                include=["scheme", "closed_on_time", "id"],
                name="case_status_closed_idx",
            ),
            # The statutory return reads one scheme's receipts, decisions and closings of one
            # period.
            models.Index(fields=["scheme", "received_at"], name="case_scheme_received_idx"),
            models.Index(fields=["scheme", "decided_at"], name="case_scheme_decided_idx"),
            models.Index(fields=["scheme", "closed_at"], name="case_scheme_closed_idx"),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseDeadline(models.Model):
    """One statutory or local clock on a case: when it is due and what became of it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=20, choices=DeadlineKind.choices)
    due_at = models.DateTimeField()
    remind_at = models.DateTimeField()
    met_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="case_deadline_once")]
        indexes = [
            models.Index(
                fields=["due_at"], name="deadline_open_idx", condition=models.Q(met_at=None)
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_at:%Y-%m-%d %H:%M}"


class CaseMatch(models.Model):
    """A nominal that matching suggested for the case's subject, and what staff made of it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="matches")
    nominal = models.ForeignKey(Nominal, on_delete=models.CASCADE, related_name="case_matches")
    score = models.PositiveIntegerField()
    reasons = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=MatchStatus.choices, default=MatchStatus.SUGGESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "nominal"], name="case_match_once")]

    def __str__(self) -> str:
        return f"{self.nominal} for {self.case} ({self.score})"


class CaseNote(models.Model):
    """A note by staff. Kept apart from the audit trail so retention can delete its text."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.case_id}"


class CaseEvent(models.Model):
    """One line of a case's audit trail. Rows are only ever added, never changed.

    `detail` holds ids, codes and reasons, never what the public wrote, so the trail can
    outlive the personal data.
    """

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_events",
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        # A case's trail in order, and its latest looks, without sorting all of its events.
        indexes = [models.Index(fields=["case", "at"], name="case_event_case_at_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.case_id}"

    def save(self, *args, **kwargs):
        # Append-only: an existing row is never written again.
        if not self._state.adding:
            raise ValueError("Case events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Case events are append-only")


class CaseSearchToken(models.Model):
    """One entry of the blind index that lets staff find a case by what a caller would say.

    `digest` is a keyed hash (HMAC-SHA256 under SEARCH_INDEX_KEY, first 8 bytes) of one
    normalised fact: a word of a name, its sound, a nickname's canonical form, a postcode or
    district, a registration, a phone number, a username, a block of the reference. The
    answers themselves stay encrypted; the table holds no word, and without the key the
    hashes cannot be tested against guesses. Rebuilt by `manage.py rebuild_search_index`.
    """

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="search_tokens", db_index=False
    )
    digest = models.BigIntegerField()
    # A copy of what decides who may see the case (access.py) and where it stands in the queue,
    # kept up to date by search.entries_place whenever the case, its nominal or its team
    # changes. A broad search (a common surname: thousands of cases) then finds the first page
    # of the cases the user may see from this table's index alone, instead of looking up every
    # case it matches. The page itself is still read through access.cases_visible_to, so a
    # copy out of date could leave a case out of a list but never show one to the wrong person.
    case_team_id = models.BigIntegerField(null=True, blank=True)
    case_unit_id = models.BigIntegerField(null=True, blank=True)
    case_assigned_to_id = models.BigIntegerField(null=True, blank=True)
    case_offender_manager_id = models.BigIntegerField(null=True, blank=True)
    case_due_at = models.DateTimeField(null=True, blank=True)
    case_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "digest"], name="case_search_token_once")
        ]
        indexes = [
            # Search reads case ids by digest from the index alone, with the copy of the
            # case's place (above) to keep those the user may see in the queue's order.
            models.Index(
                fields=["digest"],
                include=[
                    "case",
                    "case_due_at",
                    "case_opened_at",
                    "case_team_id",
                    "case_unit_id",
                    "case_assigned_to_id",
                    "case_offender_manager_id",
                ],
                name="case_search_placed_idx",
            )
        ]

    def __str__(self) -> str:
        return f"Search token of {self.case_id}"


# --- Letters ------------------------------------------------------------------------------------


class LetterTemplate(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model
):
    """The wording of one kind of letter, kept by supervisors in the admin (a snippet with
    drafts, revisions, locking, an optional workflow and a preview). Letters are produced
    from the published version only; each names the revision it came from."""

    kind = models.CharField(max_length=20, choices=LetterKind.choices, unique=True)
    subject = models.CharField(
        max_length=200,
        help_text="The letter's heading, and the e-mail's subject: keep it neutral, since "
        "someone else may see the person's inbox.",
    )
    body = models.TextField(
        help_text="Plain words; a blank line starts a new paragraph. Named placeholders in "
        "braces are filled in for each case, e.g. {applicant_name}."
    )
    # The same letter in Welsh, for a request sent in Welsh (Welsh Language Standards); while
    # either is empty, such a letter is drafted in English and staff are told.
    welsh_subject = models.CharField("Subject in Welsh", max_length=200, blank=True)
    welsh_body = models.TextField(
        "Body in Welsh",
        blank=True,
        help_text="The same placeholders as the English, which stay in English: {reference}.",
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="letter_template")

    panels = [
        HelpPanel(
            content=letters.placeholder_help_html(),
            heading="Placeholders",
        ),
        FieldPanel("kind"),
        FieldPanel("subject"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("welsh_subject"), FieldPanel("welsh_body")],
            heading="Welsh",
            help_text="Used for a request sent in Welsh. Leave both empty to send those in "
            "English (staff are told when a letter is).",
        ),
    ]

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} letter"

    @property
    def revisions(self):
        return self._revisions

    @property
    def has_welsh(self) -> bool:
        return bool(self.welsh_subject.strip() and self.welsh_body.strip())

    def wording(self, language: str) -> tuple[str, str]:
        """Subject and body in this language ("cy" or "en"): the Welsh when it is written."""
        if language == Language.WELSH and self.has_welsh:
            return self.welsh_subject, self.welsh_body
        return self.subject, self.body

    def clean(self):
        super().clean()
        errors = {}
        for field in ("subject", "body", "welsh_subject", "welsh_body"):
            problem = letters.placeholder_problem(getattr(self, field) or "", kind=self.kind)
            if problem:
                errors[field] = problem
        if bool(self.welsh_subject.strip()) != bool(self.welsh_body.strip()):
            missing = "welsh_body" if self.welsh_subject.strip() else "welsh_subject"
            errors.setdefault(missing, "Write both the Welsh subject and body, or neither.")
        if errors:
            raise ValidationError(errors)

    def get_preview_template(self, request, mode_name):
        return "triage/letters/letter.html"

    # The Welsh preview shows the English while no Welsh is written, as a letter would be.
    preview_modes = [("", "English"), (Language.WELSH, "Welsh")]

    def get_preview_context(self, request, mode_name):
        values = letters.example_values(kind=self.kind)
        language = Language.WELSH if mode_name == Language.WELSH and self.has_welsh else "en"
        subject, body = self.wording(language)
        return {
            "request": request,
            "object": self,
            **letters.letter_context(
                subject=letters.fill(subject, values),
                text=letters.fill(body, values),
                reference=values["reference"],
                force_name=values["force_name"],
                preview=True,
                language=language,
            ),
        }


class CaseLetter(models.Model):
    """A letter produced for a case, kept with it: what it said (encrypted), from which
    template revision, how it went out, by whom and when. Its PDF is made again from the text."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    template = models.ForeignKey(
        LetterTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    template_revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=LetterChannel.choices)
    subject = EncryptedTextField()
    text = EncryptedTextField()
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    produced_at = models.DateTimeField(auto_now_add=True)
    # The language it was written in (its PDF's too): the request's, when the template has it.
    language = models.CharField(
        max_length=2, choices=Language.choices, default=Language.ENGLISH, db_default="en"
    )

    class Meta:
        ordering = ["produced_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} letter {self.pk} on {self.case_id}"
