from django import forms
from django.utils.translation import gettext_lazy as _

MAX_CHARTER_BYTES = 1024 * 1024


class CharterImportForm(forms.Form):
    file = forms.FileField(
        label=_("Charter file (TOML)"),
        help_text=_("The file is checked in full before anything is saved."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CHARTER_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 1 MB; a charter file is far smaller.")
            )
        return upload


PRECISIONS = [
    ("day", _("The exact day")),
    ("month", _("Only the month")),
    ("year", _("Only the year")),
    ("unknown", _("Unknown")),
]


class CharterEditForm(forms.Form):
    """The fields a secretary changes most often; the rest comes with a new charter file."""

    based_on_version = forms.IntegerField(widget=forms.HiddenInput)
    save_as = forms.ChoiceField(
        label=_("Save the change as"),
        choices=[
            ("new", _("A new version, approved anew")),
            ("correction", _("A correction of the version in force (no new version)")),
        ],
        initial="new",
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    in_force_from = forms.DateField(
        label=_("In force from"),
        help_text=_(
            "For a new version: the day it comes into force. For a correction: the corrected date."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    approved_by = forms.CharField(label=_("Approved by"), max_length=200, required=False)
    approved_on = forms.DateField(
        label=_("Approved on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    approval_precision = forms.ChoiceField(
        label=_("How exactly is the approval date known?"), choices=PRECISIONS
    )
    min_per_year = forms.IntegerField(
        label=_("Meetings a year, at least"), min_value=0, required=False
    )
    agenda_lead_days = forms.IntegerField(
        label=_("Agenda sent this many days before the meeting"), min_value=1, required=False
    )
    minutes_publish_days = forms.IntegerField(
        label=_("Minutes published within this many days"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for Klynge's default of 14 days."),
    )

    FIELD_PATHS = {
        "title": "title",
        "in_force_from": "in_force_from",
        "approved_by": "approval.by_text",
        "approved_on": "approval.on",
        "approval_precision": "approval.precision",
        "min_per_year": "meetings.min_per_year",
        "agenda_lead_days": "meetings.agenda_lead_days",
        "minutes_publish_days": "meetings.minutes_publish_days",
    }

    def changes(self, has_meeting_rules: bool) -> dict[str, object]:
        data = self.cleaned_data
        changes = {
            path: data[name]
            for name, path in self.FIELD_PATHS.items()
            if not path.startswith("meetings.")
        }
        changes["approval.by_text"] = data["approved_by"] or None
        changes["approval.by_body"] = None
        if has_meeting_rules:
            changes |= {
                path: data[name]
                for name, path in self.FIELD_PATHS.items()
                if path.startswith("meetings.")
            }
        return changes


class RetentionForm(forms.Form):
    months = forms.IntegerField(
        label=_("Retention period (months)"),
        required=False,
        min_value=1,
        max_value=600,
        help_text=_(
            "How many months after a person has left every body their data is anonymised. "
            "Leave the field empty to keep people until you set a period."
        ),
    )
