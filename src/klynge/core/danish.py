"""Danish alphabetical order (... x, y, z, æ, ø, å, with the conventions of Danish name lists) and
Danish dates."""

import datetime
import unicodedata

# Letters that sort as another letter in Danish (Retskrivningsordbogen's alphabetisation rules):
# ä and ö as æ and ø, ü as y, and the old spelling "aa" as å (Aabenraa after Ølstykke).
_EQUIVALENTS = {"ä": "æ", "ö": "ø", "ü": "y", "ǿ": "ø", "ő": "ø", "ű": "y"}
_DANISH_LETTERS = {"æ": "{", "ø": "|", "å": "}"}  # code points right after "z", in Danish order


def _letter_key(text: str) -> str:
    text = text.casefold().replace("aa", "å")
    out = []
    for char in text:
        char = _EQUIVALENTS.get(char, char)
        if char in _DANISH_LETTERS:
            out.append(_DANISH_LETTERS[char])
            continue
        # Other accented letters sort with their base letter (é as e).
        base = unicodedata.normalize("NFD", char)[0]
        out.append(base)
    return "".join(out)


def sort_key(text: str) -> tuple[str, str]:
    """Key for sorted(): Danish letter order first, the original text to break ties stably."""
    return (_letter_key(text), text)


def sorted_danish(items: list[str]) -> list[str]:
    return sorted(items, key=sort_key)


_MONTHS = {
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
           "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}  # fmt: skip


def long_date(day: datetime.date, language: str = "da") -> str:
    """A date as people read it: "31. december 2029" in Danish, "31 December 2029" in English,
    as the pages' `j. F Y` / `j F Y`."""
    month = _MONTHS["en" if language == "en" else "da"][day.month - 1]
    return f"{day.day} {month} {day.year}" if language == "en" else f"{day.day}. {month} {day.year}"
