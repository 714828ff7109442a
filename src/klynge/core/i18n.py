"""One translation catalogue for the whole product, readable without Django.

The pages, the command line and the core's messages all look their texts up in
`klynge/locale/<lang>/LC_MESSAGES/django.mo`. Source texts are English, so English needs no
catalogue; Danish is the default. Python's own gettext reads the compiled catalogue, so the core
stays free of Django. Texts are marked where they are written with `gettext_noop` (a name that
Django's `makemessages` extracts) and translated when they are shown, in the reader's language.
"""

import gettext as python_gettext
from functools import cache
from pathlib import Path
from typing import Literal

Language = Literal["da", "en"]

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "django"


def gettext_noop(text: str) -> str:
    """Mark a text for the catalogue without translating it yet."""
    return text


@cache
def catalogue(language: str) -> python_gettext.NullTranslations:
    return python_gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def translate(text: str, language: str) -> str:
    """The text in the language given ("da" or "en"); the English source when not translated."""
    return catalogue(language).gettext(text)


def translate_plural(singular: str, plural: str, n: int, language: str) -> str:
    return catalogue(language).ngettext(singular, plural, n)
