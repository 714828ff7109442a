from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.governance.models import ROLE_CHOICES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AppointForm(forms.Form):
    """Appoint someone to a seat or a role; the same checks as a member file."""

    seat = forms.ChoiceField(label=_("Seat"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("Someone new to Klynge gets an invitation to sign in.")
    )
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    start = forms.DateField(label=_("From"), widget=DATE)
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
    substitute_for = forms.EmailField(
        label=_("Substitute for (e-mail)"), required=False, help_text=_("Only for a substitute.")
    )

    def __init__(
        self,
        *args: object,
        seats: list[tuple[str, str]],
        organisations: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["seat"].choices = [("", _("No seat (a role only)")), *seats]  # type: ignore[attr-defined]
        self.fields["organisation"].choices = [("", "–"), *organisations]  # type: ignore[attr-defined]


class EndForm(forms.Form):
    end = forms.DateField(label=_("Last day"), widget=DATE)


class MemberFileForm(forms.Form):
    file = forms.FileField(
        label=_("Member file (CSV or XLSX)"),
        help_text=_(
            "Columns as in Klynge's member file, with Danish or English headers; CSV with semicolons "
            "or commas, as Excel saves it. You see what will change before anything is saved."
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

    def __init__(
        self, *args: object, municipalities: list[tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
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
