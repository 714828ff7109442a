import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from klynge.governance.models import Body

KIND_CHOICES = [
    ("ordinary", _("Ordinary meeting")),
    ("extraordinary", _("Extraordinary meeting")),
    ("theme-day", _("Theme day")),
]
STATUS_CHOICES = [("planned", _("Planned")), ("cancelled", _("Cancelled"))]
AGENDA_STATUS = [
    ("draft", _("Draft")),
    ("approved", _("Approved by a co-chair")),
    ("sent", _("Sent to the members")),
]


def new_uid() -> str:
    """A globally unique iCalendar UID, kept for the meeting's life so updates replace the event."""
    return f"{uuid.uuid4()}@klynge"


def new_token() -> str:
    import secrets

    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A secret address at which a calendar client subscribes to a person's or a body's meetings.

    Calendar clients cannot sign in, so the address itself is the key: long, random, and
    replaceable (a new token ends the old address) when it has been shared by mistake.
    """

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    person = models.OneToOneField(
        "governance.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="feed"
    )
    body = models.OneToOneField(
        Body, null=True, blank=True, on_delete=models.CASCADE, related_name="feed"
    )

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, body__isnull=True)
                | models.Q(person__isnull=True, body__isnull=False),
                name="feed_of_person_or_body",
            )
        ]

    def __str__(self) -> str:
        return f"feed {self.person or self.body}"


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
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES, default="ordinary")
    title = models.CharField(_("title"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES, default="planned")
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    sequence = models.PositiveIntegerField(_("changes announced"), default=0)
    # Who leads the meeting when the secretariat has chosen; otherwise it alternates between the
    # co-chairs (seed 000 § 8), worked out from the meetings before it.
    agenda_status = models.CharField(
        _("agenda"), max_length=20, choices=AGENDA_STATUS, default="draft"
    )
    agenda_approved_by = models.ForeignKey(
        "governance.Person",
        verbose_name=_("agenda approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agenda_sent_at = models.DateTimeField(_("agenda sent"), null=True, blank=True)
    led_by = models.ForeignKey(
        "governance.Person",
        verbose_name=_("led by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uid = models.CharField(max_length=100, unique=True, default=new_uid, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "starts"]
        indexes = [models.Index(fields=["body", "date"])]

    def __str__(self) -> str:
        return f"{self.body} {self.date.isoformat()}"


ITEM_KINDS = [
    ("decision", _("Decision")),
    ("discussion", _("Discussion")),
    ("orientation", _("Orientation")),
]
# The standard items of a Danish public-sector agenda, pre-filled on every ordinary meeting:
# (title, kind, minutes). The last, eventuelt, stays last as items are added.
STANDARD_ITEMS = (
    ("Godkendelse af dagsorden", "decision", 5),
    ("Opfølgning på referat", "orientation", 10),
    ("Eventuelt", "orientation", 5),
)


class AgendaItem(models.Model):
    """One item on a meeting's agenda, in the shape of Danish public-sector agendas.

    `version` counts saves, so that a second editor's save is refused and their text kept.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=ITEM_KINDS, default="discussion")
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
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Apology(models.Model):
    """A member's apology for a meeting (afbud); their substitute is then invited."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="apologies")
    person = models.ForeignKey("governance.Person", on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("apology")
        verbose_name_plural = _("apologies")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_apology_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"
