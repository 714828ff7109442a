from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.governance.member_forms import DATE
from klynge.meetings.models import ItemKind, MeetingKind
from klynge.meetings.rich_text import clean_input
from klynge.meetings.services import MeetingRow
from klynge.web.choices import set_choices

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingTimeForm(forms.Form):
    """When and where a meeting is, and its kind: what a meeting's form and a row of the year
    plan share."""

    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(label=_("Starts"), widget=TIME)
    ends = forms.TimeField(label=_("Ends"), widget=TIME)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)

    def checks_times(self, data: dict[str, Any]) -> bool:
        return True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if self.checks_times(data) and starts and ends and ends <= starts:
            self.add_error("ends", _("The meeting must end after it starts."))
        return data

    def to_meeting_row(self) -> MeetingRow:
        data = self.cleaned_data
        return MeetingRow(
            date=data["date"],
            starts=data["starts"],
            ends=data["ends"],
            kind=data["kind"],
            place=data["place"],
            video_link=data.get("video_link", ""),
            title=data.get("title", ""),
        )


class MeetingForm(MeetingTimeForm):
    """A meeting's time and place; `sequence` is the version the form was opened on."""

    sequence = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("For a theme day, its theme.")
    )
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    shared_with = forms.MultipleChoiceField(
        label=_("A theme day shared with"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    field_order = ["sequence", "kind", "title", "date", "starts", "ends", "place", "video_link"]

    def __init__(self, *args: Any, bodies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "shared_with", bodies)


class CancelForm(forms.Form):
    """Cancelling a meeting: the reason is required, as every member is told it."""

    sequence = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=300,
        help_text=_("The members read it in the e-mail and on the meeting's page."),
        error_messages={"required": _("Give the reason the members will be told.")},
    )


class ApologyForm(forms.Form):
    """A member's apology; the reason is theirs to give or not, and only the secretariat reads
    it."""

    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=300,
        required=False,
        help_text=_("Only the secretariat sees it."),
    )


class PlannedRowForm(MeetingTimeForm):
    """One proposed meeting in the year plan, as the secretariat adjusts it."""

    include = forms.BooleanField(label=_("Include"), required=False, initial=True)
    field_order = ["include"]

    def checks_times(self, data: dict[str, Any]) -> bool:
        return bool(data.get("include"))


PlanFormSet = forms.formset_factory(PlannedRowForm, extra=0, max_num=40, validate_max=True)


class AgendaItemForm(forms.Form):
    """An agenda item's texts; `version` is the save the form was opened on."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices, initial=ItemKind.DISCUSSION)
    presenter = forms.CharField(label=_("Presenter"), max_length=200, required=False)
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=1, max_value=480, initial=15,
        help_text=_("The time slots follow from the meeting's start."),
    )  # fmt: skip
    case_number = forms.CharField(
        label=_("Case number"), max_length=100, required=False,
        help_text=_("The case number in the owner's records system."),
    )  # fmt: skip
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recommendation = forms.CharField(
        label=_("Recommendation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    case_text = forms.CharField(
        label=_("Case text"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Pasted from Word, headings, lists, bold text and tables are kept."),
    )  # fmt: skip

    def clean_case_text(self) -> str:
        """The editor's HTML sanitised; text typed without the editor made into paragraphs."""
        return clean_input(self.cleaned_data["case_text"])

    closed = forms.BooleanField(
        label=_("Closed item"), required=False,
        help_text=_(
            "Only the body's members, substitutes, co-chairs and secretariat read a closed item. "
            "Everyone else, observers included, sees only its number and its public title."
        ),
    )  # fmt: skip
    public_title = forms.CharField(
        label=_("Public title (optional)"), max_length=300, required=False,
        help_text=_(
            "Shown instead of the title to those who may not read the item, for example "
            "“Personnel matter”. Left empty, they see “Closed item”."
        ),
    )  # fmt: skip

    charter_tasks = forms.MultipleChoiceField(
        label=_("The charter's tasks it serves"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )

    def __init__(self, *args: Any, tasks: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "charter_tasks", list(tasks))

    def values(self) -> dict[str, object]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ActionForm(forms.Form):
    """An action item in the minutes: what, who (a person, an organisation or both), by when."""

    title = forms.CharField(label=_("Action"), max_length=300)
    item = forms.TypedChoiceField(
        label=_("Under item"), required=False, coerce=int, empty_value=None
    )
    owner = forms.TypedChoiceField(
        label=_("Responsible person"), required=False, coerce=int, empty_value=None
    )
    organisation = forms.TypedChoiceField(
        label=_("Responsible organisation"), required=False, coerce=int, empty_value=None,
        help_text=_("Left empty, it is the responsible person's organisation."),
    )  # fmt: skip
    due = forms.DateField(label=_("Due"), required=False, widget=DATE)

    def __init__(
        self,
        *args: Any,
        items: list[tuple[int, str]],
        people: list[tuple[int, str]],
        organisations: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "item", [("", "–"), *items])
        set_choices(self, "owner", [("", "–"), *people])
        set_choices(self, "organisation", [("", "–"), *organisations])

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("owner") and not data.get("organisation") and "owner" not in self.errors:
            self.add_error("owner", _("Give a responsible person or organisation."))
        return data


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("What is the need, idea or task?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What your organisation brings, and what you want the body to do."),
    )
