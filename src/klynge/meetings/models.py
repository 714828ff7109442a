import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from klynge.core import meetings as core_meetings
from klynge.core.workflow import Transitions
from klynge.governance.models import Body


class MeetingKind(models.TextChoices):
    ORDINARY = core_meetings.MeetingKind.ORDINARY, _("Ordinary meeting")
    EXTRAORDINARY = core_meetings.MeetingKind.EXTRAORDINARY, _("Extraordinary meeting")
    THEME_DAY = core_meetings.MeetingKind.THEME_DAY, _("Theme day")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


class AgendaStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved by a co-chair")
    SENT = "sent", _("Sent to the members")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved by a co-chair")
    PUBLISHED = "published", _("Published")


# The workflows (core.workflow): each status and the statuses it may move to next.
# A cancelled meeting stays cancelled: it is kept in the plan, marked, and a new one is planned.
MEETING_STEPS: Transitions = {MeetingStatus.PLANNED: {MeetingStatus.CANCELLED}}
# A co-chair approves the draft; the approved agenda is sent, or goes back to draft when an item
# changes before sending. After sending, changed items are marked instead (services.agenda_changed).
AGENDA_STEPS: Transitions = {
    AgendaStatus.DRAFT: {AgendaStatus.APPROVED},
    AgendaStatus.APPROVED: {AgendaStatus.SENT, AgendaStatus.DRAFT},
}
# A co-chair approves the draft; approved minutes are published, or go back to draft when a new
# version is saved before publication. Published minutes are final.
MINUTES_STEPS: Transitions = {
    MinutesStatus.DRAFT: {MinutesStatus.APPROVED},
    MinutesStatus.APPROVED: {MinutesStatus.PUBLISHED, MinutesStatus.DRAFT},
}


def new_uid() -> str:
    """A globally unique iCalendar UID, kept for the meeting's life so updates replace the event."""
    return f"{uuid.uuid4()}@klynge"


def new_token() -> str:
    import secrets

    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A secret address at which a calendar client subscribes to meetings: a person's own (the
    meetings of every body they sit in), or a person's address for one body they read.

    Calendar clients cannot sign in, so the address itself is the key: long, random, and
    replaceable (a new token ends the old address) when it has been shared by mistake. Each
    address is one person's: a body's address serves the body's meetings only while its person
    reads the body, so nobody has to renew anything when someone leaves.
    """

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    person = models.ForeignKey("governance.Person", on_delete=models.CASCADE, related_name="feeds")
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.CASCADE, related_name="feeds"
    )

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(body__isnull=True),
                name="feed_one_own_per_person",
            ),
            models.UniqueConstraint(fields=["person", "body"], name="feed_one_per_person_and_body"),
        ]

    def __str__(self) -> str:
        return f"feed {self.person} {self.body or ''}".strip()


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def of_body(self, body: Body) -> "MeetingQuerySet":
        """The body's own meetings and the theme days it shares with others (seed 004)."""
        return self.filter(models.Q(body=body) | models.Q(also_for=body)).distinct()


class Meeting(models.Model):
    """A meeting of a body on a day in Europe/Copenhagen, with its time and place.

    Times are wall-clock times in Europe/Copenhagen, as the members read them. `sequence` counts the
    changes members have been told of (iCalendar's SEQUENCE) and is the version a form was opened
    on, so a second editor's save is refused instead of silently winning.
    """

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    also_for = models.ManyToManyField(
        Body, blank=True, related_name="shared_meetings", verbose_name=_("shared with")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.ORDINARY
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    sequence = models.PositiveIntegerField(_("changes announced"), default=0)
    # Who leads the meeting when the secretariat has chosen; otherwise it alternates between the
    # co-chairs (seed 000 § 8), worked out from the meetings before it.
    agenda_status = models.CharField(
        _("agenda"), max_length=20, choices=AgendaStatus.choices, default=AgendaStatus.DRAFT
    )
    agenda_approved_by = models.ForeignKey(
        "governance.Person",
        verbose_name=_("agenda approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agenda_approved_at = models.DateTimeField(_("agenda approved"), null=True, blank=True)
    agenda_sent_at = models.DateTimeField(_("agenda sent"), null=True, blank=True)
    agenda_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agenda sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the secretariat last asked the co-chairs to approve the draft (one e-mail to both).
    agenda_approval_asked_at = models.DateTimeField(
        _("co-chairs asked to approve the agenda"), null=True, blank=True
    )
    led_by = models.ForeignKey(
        "governance.Person",
        verbose_name=_("led by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uid = models.CharField(max_length=100, unique=True, default=new_uid, editable=False)
    # Counts every change to the agenda's contents (items, texts, order, attachments): a meeting
    # pack built for one revision is kept until the next.
    agenda_revision = models.PositiveIntegerField(default=0)
    minutes_status = models.CharField(
        _("minutes"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    minutes_approved_by = models.ForeignKey(
        "governance.Person",
        verbose_name=_("minutes approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    minutes_approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    minutes_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes_approval_asked_at = models.DateTimeField(
        _("co-chairs asked to approve the minutes"), null=True, blank=True
    )
    # Counts saves of the minutes (decisions, attendance, actions), so that a second editor's
    # save is refused and their text kept.
    minutes_version = models.PositiveIntegerField(default=0)
    # Who took the minutes (referent): a name as typed, often the secretariat's, sometimes
    # someone with no account.
    minutes_taker = models.CharField(_("minutes taken by"), max_length=200, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "starts"]
        indexes = [models.Index(fields=["body", "date"])]

    def __str__(self) -> str:
        return f"{self.body} {self.date.isoformat()}"


class ItemKind(models.TextChoices):
    DECISION = "decision", _("Decision")
    DISCUSSION = "discussion", _("Discussion")
    ORIENTATION = "orientation", _("Orientation")


# The standard items of a Danish public-sector agenda, pre-filled on every ordinary meeting:
# (title, kind, minutes). The last, eventuelt, stays last as items are added.
STANDARD_ITEMS = (
    ("Godkendelse af dagsorden", ItemKind.DECISION, 5),
    ("Opfølgning på referat", ItemKind.ORIENTATION, 10),
    ("Eventuelt", ItemKind.ORIENTATION, 5),
)


class AgendaItem(models.Model):
    """One item on a meeting's agenda, in the shape of Danish public-sector agendas.

    `version` counts saves, so that a second editor's save is refused and their text kept.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.DISCUSSION
    )
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"), default=15)
    case_number = models.CharField(_("case number"), max_length=100, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    case_text = models.TextField(_("case text"), blank=True)
    standard = models.BooleanField(_("standard item"), default=False)
    changed_after_sending = models.BooleanField(
        _("changed after the agenda was sent"), default=False
    )
    # Keys of the charter's tasks (Charter.tasks) the item serves.
    charter_tasks = models.JSONField(_("charter tasks"), default=list, blank=True)
    # The decision recorded under the item in the minutes (beslutningsreferat).
    decision = models.TextField(_("decision"), blank=True)
    # The meeting the item was moved from, when it was postponed to this one.
    moved_from = models.ForeignKey(
        Meeting,
        verbose_name=_("moved from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A closed item (lukket punkt): who may not read it sees its number and "Lukket punkt", or
    # the public title, and nothing else, wherever the item shows.
    closed = models.BooleanField(_("closed item"), default=False)
    public_title = models.CharField(_("public title"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def is_follow_up(self) -> bool:
        """The standard item "Opfølgning på referat", under which open actions are followed up."""
        return self.standard and self.title == STANDARD_ITEMS[1][0]


class Apology(models.Model):
    """A member's apology for a meeting (afbud); their substitute is then invited."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="apologies")
    person = models.ForeignKey("governance.Person", on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(_("given"), auto_now_add=True)
    # Seen by the secretariat only; the member need not give one.
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("apology")
        verbose_name_plural = _("apologies")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_apology_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGISED = "apologised", _("Sent apologies")
    ABSENT = "absent", _("Absent")
    # The label names the member when shown beside a person (minutes.attendance_label).
    SUBSTITUTE = "substitute", _("Substitute for …")


# Those who were in the room: who may be disqualified on an item.
THERE = {AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE}


class Attendance(models.Model):
    """Who was at the meeting: a member present, with apologies (afbud) or absent without, or a
    substitute in a member's place."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("governance.Person", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)
    in_place_of = models.ForeignKey(
        "governance.Person",
        verbose_name=_("in place of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.status} – {self.meeting}"


class Guest(models.Model):
    """Someone at the meeting who is not a member: a line in the minutes, nothing more. A guest
    has no account and is given no access to the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    position = models.PositiveIntegerField(default=1)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("organisation or role"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}" if self.role else self.name


class Disqualification(models.Model):
    """A member disqualified (inhabil) on one item: they leave the room for it."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="disqualified")
    person = models.ForeignKey("governance.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("disqualification")
        verbose_name_plural = _("disqualifications")
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="one_disqualification")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.item}"


class ActionItem(models.Model):
    """A task the minutes give someone: what, who (a person, an organisation or both), by when.
    Open actions are followed up under "Opfølgning på referat" at the body's next meetings."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        "governance.Person",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "governance.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.title


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Never the uploaded name on disk: the name is kept in the row, the file gets a random one.
    return f"bilag/{instance.item.meeting_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file attached to an item (bilag). Stored under MEDIA_ROOT, outside the web root, and
    served only to those who read the meeting."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(upload_to=attachment_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Closed on an open item ("må ikke offentliggøres"): only those who read closed items get it.
    closed = models.BooleanField(_("closed attachment"), default=False)
    # Shown on the body's public pages; only the secretariat marks an attachment public.
    public = models.BooleanField(_("public"), default=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["item", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class DocumentKind(models.TextChoices):
    PACK = "pack", _("Meeting pack")
    MINUTES = "minutes", _("Minutes")


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    BUILDING = "building", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


# A worker claims a queued document and builds it, which ends ready or failed. Asking again for a
# document that failed, is out of date or was lost on the way (queued or building for too long)
# queues it again.
DOCUMENT_STEPS: Transitions = {
    DocumentStatus.QUEUED: {DocumentStatus.BUILDING, DocumentStatus.QUEUED},
    DocumentStatus.BUILDING: {DocumentStatus.READY, DocumentStatus.FAILED, DocumentStatus.QUEUED},
    DocumentStatus.READY: {DocumentStatus.QUEUED},
    DocumentStatus.FAILED: {DocumentStatus.QUEUED},
}


def document_path(instance: "MeetingDocument", filename: str) -> str:
    return f"dokumenter/{instance.meeting_id}/{uuid.uuid4().hex}.pdf"


class MeetingDocument(models.Model):
    """A PDF built in the background for one revision of a meeting's agenda or minutes, with its
    progress while it is built."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    revision = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to=document_path, max_length=300, blank=True)
    pages = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    built_at = models.DateTimeField(null=True, blank=True)
    # With the closed items and attachments (for those who read them), or without them: a
    # meeting with closed content has its documents in both variants.
    full = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "revision", "full"], name="one_document_per_revision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.meeting} r{self.revision}{' full' if self.full else ''}"


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the secretariat")
    ON_AGENDA = "on-agenda", _("On an agenda")
    ANSWERED = "answered", _("Answered")


# The secretariat handles a proposal once: it goes on an agenda or is answered.
PROPOSAL_STEPS: Transitions = {
    ProposalStatus.OPEN: {ProposalStatus.ON_AGENDA, ProposalStatus.ANSWERED},
}


class ItemProposal(models.Model):
    """A need, idea or task a member brings from their organisation (seed 004); the secretariat
    puts it on an agenda or answers it."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey("governance.Person", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "governance.Organisation",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proposed item")
        verbose_name_plural = _("proposed items")
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return self.title


class ShareStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the other body's secretariat")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


# The other body's secretariat answers a request once.
SHARE_STEPS: Transitions = {
    ShareStatus.OPEN: {ShareStatus.ACCEPTED, ShareStatus.DECLINED},
}


class MeetingShareRequest(models.Model):
    """A theme day one body wants to share with a body its charter does not name: the other
    body's secretariat accepts (the body joins the meeting and its members are invited) or
    declines."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="share_requests"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body asked"), on_delete=models.CASCADE, related_name="+"
    )
    asked_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ShareStatus.choices, default=ShareStatus.OPEN
    )
    answered_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to share a meeting")
        verbose_name_plural = _("requests to share a meeting")
        ordering = ["asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "body"],
                condition=models.Q(status="open"),
                name="one_open_share_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} → {self.body} ({self.status})"
