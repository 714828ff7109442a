"""Django's own texts that Klynge words differently.

Django looks a text up in Klynge's catalogue before its own, so naming the text here keeps its
Klynge wording in the catalogue when `makemessages` is run (it only keeps texts it finds in our
source).
"""

from django.utils.translation import ngettext_lazy

# A text over a field's limit: say that what was typed is still in the field.
TEXT_TOO_LONG = ngettext_lazy(
    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    "limit_value",
)
