from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "The e-mail or the password is not right. Note that the password is case-sensitive."
        ),
        "inactive": _("This account is closed. Ask the secretariat to open it again."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()
