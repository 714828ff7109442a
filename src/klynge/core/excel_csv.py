"""CSV as Danish Excel opens it: semicolons, CRLF, UTF-8 with a byte-order mark (without it Excel
reads UTF-8 as Windows-1252 and garbles æ, ø and å)."""

import csv
import io
from collections.abc import Iterable

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """A cell a spreadsheet shows as text and never runs: a leading apostrophe disarms it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def excel_csv(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """The header and the rows, byte-order mark first: encode the result as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
