import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.member_file import MemberRow
from klynge.governance.models import Appointment, Body, Role
from klynge.web.choices import set_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _named_in_public() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("May be named on the public pages"),
        required=False,
        help_text=_(
            "For a patient or relative representative: tick only with their consent. Without "
            "it the body's public pages say »Patient representative« instead of the name."
        ),
    )


class _AppointmentTerms(forms.Form):
    """The terms of an appointment, shared by the forms that make, replace and correct one."""

    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    end = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty for the term the charter gives."),
    )
    continuing = forms.BooleanField(label=_("Continuing member"), required=False)
    appointed_by = forms.CharField(
        label=_("Appointed by"),
        max_length=200,
        required=False,
        help_text=_("For example PLO or PIU."),
    )

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "organisation", [("", "–"), *organisations])

    def _labels(self) -> tuple[tuple[str, str], ...]:
        # A refused row names its problem's column by the label the user sees in the form.
        return tuple((name, str(field.label)) for name, field in self.fields.items())


class AppointForm(_AppointmentTerms):
    """Appoint someone to a seat or a role, for a period or (an observer) for one meeting; the
    same checks as a member file."""

    seat = forms.ChoiceField(label=_("Seat"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("Someone new to Klynge gets an invitation to sign in.")
    )
    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    meeting = forms.ChoiceField(
        label=_("For one meeting"),
        required=False,
        help_text=_(
            "Only for an observer: the appointment covers the day of the meeting chosen, and "
            "the dates above are not used."
        ),
    )
    substitute_for = forms.ChoiceField(
        label=_("Substitute for"),
        required=False,
        help_text=_("Only for a substitute: the member they stand in for."),
    )
    named_in_public = _named_in_public()

    def __init__(
        self,
        *args: Any,
        seats: list[tuple[str, str]],
        members: list[tuple[str, str]],
        meetings: list[tuple[datetime.date, str, str]],
        **kwargs: Any,
    ) -> None:
        """`meetings`: the body's coming meetings as (day, value, label)."""
        super().__init__(*args, **kwargs)
        set_choices(self, "seat", [("", _("No seat (a role only)")), *seats])
        set_choices(self, "substitute_for", [("", _("– not a substitute –")), *members])
        set_choices(
            self,
            "meeting",
            [("", _("– for the period above –")), *((v, label) for _day, v, label in meetings)],
        )
        self._meeting_days = {value: day for day, value, _label in meetings}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("meeting")
        if chosen:
            if data.get("role") != Role.OBSERVER:
                self.add_error("meeting", _("Only an observer is appointed for one meeting."))
            elif data.get("end"):
                self.add_error(
                    "end", _("Leave the last day empty: the appointment covers the meeting's day.")
                )
            else:
                data["start"] = data["end"] = self._meeting_days[chosen]
        elif data.get("start") is None and "start" not in self.errors:
            self.add_error("start", self.fields["start"].error_messages["required"])
        return data

    def to_member_row(self, body: Body) -> MemberRow:
        """The appointment as a member file's row, to go through the same checks."""
        data = self.cleaned_data
        return MemberRow(
            row=0,
            body=f"{body.cluster.key}/{body.key}",
            seat=data["seat"],
            organisation=data["organisation"],
            name=" ".join(data["name"].split()),
            email=data["email"].lower(),
            start=data["start"],
            end=data["end"],
            continuing=data["continuing"],
            appointed_by=data["appointed_by"],
            substitute_for=(data["substitute_for"] or "").lower(),
            role=data["role"],
            columns=self._labels(),
        )


class EndForm(forms.Form):
    end = forms.DateField(label=_("Last day"), widget=DATE)


class MemberFileForm(forms.Form):
    file = forms.FileField(
        label=_("Member file (CSV or XLSX)"),
        help_text=_(
            "CSV with semicolons or commas, or XLSX, as Excel saves them; the columns and a "
            "template are below. You see what will change before anything is saved."
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class RotationForm(forms.Form):
    """The order in which the municipalities take the co-chair (seed 000 § 2)."""

    plan_version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, municipalities: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.count = len(municipalities)
        for i in range(1, self.count + 1):
            self.fields[f"position_{i}"] = forms.ChoiceField(
                label=_("Period %(n)s") % {"n": i}, choices=municipalities
            )

    def order(self) -> list[str]:
        return [self.cleaned_data[f"position_{i}"] for i in range(1, self.count + 1)]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        chosen = [data.get(f"position_{i}") for i in range(1, self.count + 1)]
        for i, key in enumerate(chosen, start=1):
            if key is not None and chosen.count(key) > 1:
                self.add_error(
                    f"position_{i}", _("Each municipality takes one place in the order.")
                )
        return data


class PeriodsForm(forms.Form):
    """When the co-chairs' chosen periods start, and how long they last."""

    plan_version = forms.CharField(widget=forms.HiddenInput)
    first_start = forms.DateField(
        label=_("The first period starts"),
        widget=DATE,
        help_text=_("Later periods follow on from it."),
    )
    period_years = forms.IntegerField(label=_("Years in each period"), min_value=1, max_value=8)


class ReplaceForm(_AppointmentTerms):
    """End one appointment and appoint the successor to the same seat or role the next day."""

    last_day = forms.DateField(
        label=_("Last day of the present holder"),
        widget=DATE,
        help_text=_("The successor starts the day after."),
    )
    name = forms.CharField(label=_("The successor's name"), max_length=200)
    email = forms.EmailField(
        label=_("The successor's e-mail"),
        help_text=_("Someone new to Klynge gets an invitation to sign in."),
    )

    def to_member_row(self, body: Body, replaced: Appointment) -> MemberRow:
        """The successor as a member file's row: the same seat or role, from the next day."""
        data = self.cleaned_data
        return MemberRow(
            row=0,
            body=f"{body.cluster.key}/{body.key}",
            seat=replaced.seat,
            organisation=data["organisation"],
            name=" ".join(data["name"].split()),
            email=data["email"].lower(),
            start=data["last_day"] + datetime.timedelta(days=1),
            end=data["end"],
            continuing=data["continuing"],
            appointed_by=data["appointed_by"],
            substitute_for="",
            role=replaced.role,
            columns=self._labels(),
        )


class AdHocGroupForm(forms.Form):
    """A development or implementation group set up by a body, with its contact person (seed 004)."""

    name = forms.CharField(label=_("Name of the group"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"))
    purpose = forms.CharField(
        label=_("Task"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the group is set up to do, in the words of the decision."),
        max_length=4000,
    )
    contact = forms.ChoiceField(
        label=_("Contact person"),
        help_text=_("A member of the body, responsible for the group's work."),
    )
    start = forms.DateField(label=_("Set up on"), widget=DATE)

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, str]],
        members: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "kind", kinds)
        set_choices(self, "contact", [("", "–"), *members])


class CloseBodyForm(forms.Form):
    """Close a body after a day and hand what is open to the body that succeeds it."""

    last_day = forms.DateField(
        label=_("Last day of the body"),
        widget=DATE,
        help_text=_("The charter and every appointment still open end on this day."),
    )
    successor = forms.ChoiceField(label=_("Succeeded by"), required=False)
    new_successor = forms.CharField(
        label=_("Or a new body's name"),
        max_length=200,
        required=False,
        help_text=_("For example the health council that takes over in 2027."),
    )
    new_successor_kind = forms.ChoiceField(label=_("The new body's kind"), required=False)
    hand_over = forms.MultipleChoiceField(
        label=_("Appointments that continue in the successor"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        help_text=_("They start there the day after the last day."),
    )

    def __init__(
        self,
        *args: Any,
        successors: list[tuple[str, str]],
        kinds: list[tuple[str, str]],
        appointments: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "successor", [("", "–"), *successors])
        set_choices(self, "new_successor_kind", kinds)
        set_choices(self, "hand_over", appointments)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("successor") and data.get("new_successor"):
            self.add_error(
                "new_successor", _("Choose an existing body or name a new one, not both.")
            )
        return data


class CorrectAppointmentForm(_AppointmentTerms):
    """Correct an appointment as it was made, without ending it."""

    version = forms.CharField(widget=forms.HiddenInput)
    substitute_for = forms.ChoiceField(
        label=_("Substitute for"),
        required=False,
        help_text=_("Only for a substitute: the member they stand in for."),
    )
    named_in_public = _named_in_public()

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "substitute_for", [("", _("– not a substitute –")), *members])
