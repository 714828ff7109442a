import datetime

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from klynge.core import cluster as core_cluster
from klynge.core.cluster import BodyKind, OrganisationKind

# Keyed by kind; the str enums look up alike by the plain value the database gives back.
ORGANISATION_KIND_LABELS: dict[str, str | Promise] = {
    OrganisationKind.REGION: _("Region"),
    OrganisationKind.HOSPITAL: _("Hospital"),
    OrganisationKind.PSYCHIATRY: _("Psychiatry"),
    OrganisationKind.MUNICIPALITY: _("Municipality"),
    OrganisationKind.GENERAL_PRACTICE: _("General practice"),
    OrganisationKind.PATIENTS: _("Patients and relatives"),
    OrganisationKind.OTHER: _("Other"),
}
BODY_KIND_LABELS: dict[str, str | Promise] = {
    BodyKind.STEERING_GROUP: _("Steering group"),
    BodyKind.STRATEGIC: _("Strategic group"),
    BodyKind.TACTICAL_OPERATIONAL: _("Tactical-operational group"),
    BodyKind.OPERATIVE_GROUP: _("Operative group"),
    BodyKind.DEVELOPMENT_GROUP: _("Development group"),
    BodyKind.IMPLEMENTATION_GROUP: _("Implementation group"),
    BodyKind.HEALTH_COUNCIL: _("Health council"),
    BodyKind.OTHER: _("Other"),
}


class Cluster(models.Model):
    key = models.SlugField(_("key"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    former_names = models.JSONField(_("former names"), default=list, blank=True)
    # Names a charter gives several bodies at once, from the cluster file (seed 004's theme days
    # "med Klyngestyregruppen og de øvrige fokusgrupper"): [{"name", "bodies", "kinds"}].
    body_groups = models.JSONField(_("groups of bodies"), default=list, blank=True)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="organisations"
    )
    key = models.SlugField(_("key"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=30, choices=list(ORGANISATION_KIND_LABELS.items())
    )
    municipality_code = models.CharField(_("municipality code"), max_length=3, blank=True)
    former_names = models.JSONField(_("former names"), default=list, blank=True)
    part_of = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["cluster", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "key"], name="organisation_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class AppointingBody(models.Model):
    """Who appoints members from outside an organisation's own management (PLO, PIU …)."""

    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        on_delete=models.PROTECT,
        related_name="appointing_bodies",
    )
    key = models.SlugField(_("key"))
    name = models.CharField(_("name"), max_length=200)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("appoints for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("appointing body")
        verbose_name_plural = _("appointing bodies")
        ordering = ["cluster", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "key"], name="appointing_body_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Body(models.Model):
    """A committee of the cluster: steering group, strategic group, operative or focus group."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="bodies"
    )
    key = models.SlugField(_("key"))
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=list(BODY_KIND_LABELS.items()))
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_bodies",
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # From the cluster file: first_start, period_years, rotation_order (see core.cluster.ChairPlan).
    chair_plan = models.JSONField(_("chair plan"), default=dict, blank=True)
    # The last day of a closed body; its history stays readable (the 2027 reform).
    closed_on = models.DateField(_("closed after"), null=True, blank=True)
    succeeded_by = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )

    # Off by default: the secretariat switches the body's pages at /offentlig/<key>/ on.
    public_pages = models.BooleanField(_("public pages"), default=False)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["cluster", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "key"], name="body_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CharterVersion(models.Model):
    """One approved version of a body's charter. Versions are effective-dated and never deleted:
    a new version ends the one before it the day before it comes into force."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="charter_versions"
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    in_force_from = models.DateField(_("in force from"))
    in_force_until = models.DateField(_("in force until"), null=True, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=200, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_precision = models.CharField(
        _("approval date precision"), max_length=10, default="day"
    )
    data = models.JSONField(_("charter data"))
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        ordering = ["body", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["body", "version"], name="charter_version_unique"),
        ]
        indexes = [models.Index(fields=["body", "in_force_from"])]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class Person(models.Model):
    """Someone who sits in a body. Identified by e-mail; an account to sign in is optional."""

    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # Set when the person was anonymised after the retention period: their name is then their
    # role and organisation, their e-mail a placeholder (governance.personal_data).
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def valid_on(self, day: "datetime.date") -> "AppointmentQuerySet":
        """Appointments whose period holds `day`: who sat where on that date."""
        return self.filter(start__lte=day).filter(
            models.Q(end__isnull=True) | models.Q(end__gte=day)
        )

    def from_on(self, day: "datetime.date") -> "AppointmentQuerySet":
        """Appointments valid on `day` or later: someone appointed from a later date already
        reads the body and prepares for it."""
        return self.filter(models.Q(end__isnull=True) | models.Q(end__gte=day))

    def overlapping(self, start: "datetime.date", end: "datetime.date") -> "AppointmentQuerySet":
        return self.filter(start__lte=end).filter(
            models.Q(end__isnull=True) | models.Q(end__gte=start)
        )


class Role(models.TextChoices):
    MEMBER = core_cluster.Role.MEMBER, _("member")
    CHAIR = core_cluster.Role.CHAIR, _("co-chair")
    SECRETARIAT = core_cluster.Role.SECRETARIAT, _("secretariat")
    # Of an ad hoc group, from its parent body (seed 004).
    CONTACT = core_cluster.Role.CONTACT, _("contact person")
    OBSERVER = core_cluster.Role.OBSERVER, _("observer")


class Appointment(models.Model):
    """A person in a seat of a body, or in a role (co-chair, secretariat), over a period.

    Nothing is deleted: an appointment ends. "Who sat where on date D" is every appointment whose
    period holds D. A substitute has `substitute_for` set; substitutes and role-only rows (no seat)
    never count toward a seat's bounds.
    """

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="appointments"
    )
    seat = models.CharField(_("seat"), max_length=60, blank=True)
    role = models.CharField(_("role"), max_length=20, blank=True, choices=Role.choices)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="appointments"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("represents"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    end_from_term = models.BooleanField(_("end follows the term rule"), default=False)
    continuing = models.BooleanField(_("continuing member"), default=False)
    appointed_by = models.CharField(_("appointed by"), max_length=200, blank=True)
    appointing_body = models.ForeignKey(
        AppointingBody,
        verbose_name=_("appointing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    substitute_for = models.ForeignKey(
        Person,
        verbose_name=_("substitute for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="substitutes",
    )
    # A patient or relative representative is named on the body's public pages only with
    # consent; without it the pages say "Patientrepræsentant".
    named_in_public = models.BooleanField(_("may be named on the public pages"), default=False)

    objects = AppointmentQuerySet.as_manager()

    # The seat's name from the body's charter, for pages; reads.name_seats fills it in for any
    # number of appointments at once. Not a column: the charter names the seat.
    seat_title = ""

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["body", "seat", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "seat", "person", "start", "role"], name="appointment_identity"
            ),
        ]
        indexes = [models.Index(fields=["body", "start", "end"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.body} {self.seat or self.role} {self.start}"

    @property
    def seat_name(self) -> str:
        return self.seat_title or self.seat


class ChangeStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an administrator")
    APPLIED = "applied", _("Applied")
    DISMISSED = "dismissed", _("Dismissed")


class PersonChangeProposal(models.Model):
    """A change to a person's record that a secretariat found (a member file or the appoint form
    names them otherwise) and may not make itself, because the person sits in other bodies too:
    an administrator applies or dismisses it. An empty proposed value leaves the field as it is."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="proposed_changes"
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("found in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("proposed name"), max_length=200, blank=True)
    title = models.CharField(_("proposed title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("proposed organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.OPEN
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposed change to a person")
        verbose_name_plural = _("proposed changes to people")
        ordering = ["proposed_at", "pk"]
        indexes = [models.Index(fields=["status", "proposed_at"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.status})"


class SentReminder(models.Model):
    """A reminder that has been sent, so that `klynge remind` never sends the same one twice."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.JSONField(_("recipients"), default=list)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")

    def __str__(self) -> str:
        return self.key


class PersonHistory(models.Model):
    """The personal fields of a person or a user account as they were from `at`: the audit
    trail refers to a row here by id ({"history": id}) instead of holding names and e-mail
    addresses, so that anonymisation rewrites these rows and leaves the trail untouched."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="history",
    )
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="history",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The audit row that refers to this one: who changed it, and when.
    audit_entry = models.ForeignKey(
        "accounts.AuditEntry",
        verbose_name=_("audit entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("personal data as it was")
        verbose_name_plural = _("person history")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.name}"


class PrivacySettings(models.Model):
    """One row: how long people are kept after they left every body. None until the
    administrator sets it, and until then nobody is anonymised."""

    retention_months = models.PositiveIntegerField(
        _("retention period (months)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("privacy settings")
        verbose_name_plural = _("privacy settings")

    def __str__(self) -> str:
        return f"{self.retention_months} months" if self.retention_months else "off"
