"""The member file (docs/interfaces.md, "Member file columns"): who sits where, as Danish
offices export it.

CSV with commas or semicolons, UTF-8 with or without BOM, or Windows-1252 as Danish Excel writes
"CSV (semikolonsepareret)"; or XLSX. English or Danish headers. Every problem names the row as Excel
numbers it (the header is row 1) and the column as the file calls it. All rows or none: the caller
gets every problem at once and saves nothing while there is one.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from klynge.core.cluster import Role
from klynge.core.excel_csv import excel_csv
from klynge.core.problems import InvalidInput, Problem

COLUMNS = (
    "body", "seat", "organisation", "name", "email", "start", "end",
    "continuing", "appointed_by", "substitute_for", "role",
)  # fmt: skip
# The template's headers, in the order of COLUMNS.
DANISH_HEADER = (
    "organ", "plads", "organisation", "navn", "e-mail", "start", "slut", "gennemgående",
    "udpeget_af", "stedfortræder_for", "rolle",
)  # fmt: skip
DANISH_COLUMNS = dict(zip(DANISH_HEADER, COLUMNS, strict=True))
# Other headers people write for the same columns.
OTHER_HEADERS = {
    "organization": "organisation", "mail": "email", "e-mailadresse": "email",
    "startdato": "start", "fra": "start", "slutdato": "end", "til": "end",
    "gennemgaaende": "continuing", "stedfortræder": "substitute_for",
}  # fmt: skip


def header_key(name: str) -> str:
    """Headers match whatever their case, and spaces, underscores and hyphens are one thing:
    "Udpeget af", "udpeget_af" and "UDPEGET-AF" are the same column."""
    return re.sub(r"[\s_-]+", "", name.casefold())


HEADERS = {
    header_key(name): field
    for name, field in (*((c, c) for c in COLUMNS), *DANISH_COLUMNS.items(), *OTHER_HEADERS.items())
}
REQUIRED = ("body", "name", "email", "start")
ROLES = {"": Role.MEMBER, "chair": Role.CHAIR, "formand": Role.CHAIR, "medformand": Role.CHAIR,
         "secretariat": Role.SECRETARIAT, "sekretariat": Role.SECRETARIAT,
         "contact": Role.CONTACT, "kontaktperson": Role.CONTACT,
         "observer": Role.OBSERVER, "observatør": Role.OBSERVER}  # fmt: skip
YES_NO = {"": False, "ja": True, "nej": False, "true": True, "false": False, "1": True, "0": False,
          "yes": True, "no": False}  # fmt: skip
# Bytes that Windows-1252 leaves undefined: a file holding one is not Windows-1252 either.
UNDEFINED_CP1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class MemberRow:
    row: int
    body: str
    seat: str
    organisation: str
    name: str
    email: str
    start: datetime.date
    end: datetime.date | None = None
    continuing: bool = False
    appointed_by: str = ""
    substitute_for: str = ""
    role: str = ""
    columns: tuple[tuple[str, str], ...] = ()  # (field, the file's own header), for messages

    def column(self, field: str) -> str:
        return dict(self.columns).get(field, field)

    @property
    def identity(self) -> tuple[str, str, str, datetime.date, str]:
        return (self.body, self.seat, self.email, self.start, self.role)


def decode(content: bytes, source: str) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput(source, [Problem("", "utf16")])
    if b"\x00" in content:
        raise InvalidInput(source, [Problem("", "nul_bytes")])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    undefined = next((b for b in content if b in UNDEFINED_CP1252), None)
    if undefined is not None:
        raise InvalidInput(source, [Problem("", "undefined_byte", {"byte": undefined})])
    return content.decode("cp1252")


def parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return datetime.date(year, month, day)
    raise ValueError(text)


def _cells(content: bytes, source: str) -> list[list[Any]]:
    if content.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    text = decode(content, source)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def read_member_file(content: bytes, source: str) -> list[MemberRow]:
    cells = _cells(content, source)
    while cells and not any(str(c).strip() for c in cells[-1]):
        cells.pop()
    if not cells:
        raise InvalidInput(source, [Problem("", "no_header")])
    header = [str(h).strip() for h in cells[0]]
    fields: dict[int, str] = {}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for i, name in enumerate(header):
        field = HEADERS.get(header_key(name))
        if field is None:
            if name:
                problems.append(Problem("", "unknown_column", {"column": name}, row=1, column=name))
            continue
        if field in seen:
            problems.append(
                Problem("", "column_twice", {"column": name, "other": seen[field]}, row=1)
            )
            continue
        seen[field] = name
        fields[i] = field
    present = set(fields.values())
    for field in REQUIRED:
        if field not in present:
            problems.append(Problem("", "missing_column", {"column": field}, row=1))
    if problems:
        raise InvalidInput(source, problems)
    names = tuple((field, header[i]) for i, field in fields.items())
    rows: list[MemberRow] = []
    for number, raw in enumerate(cells[1:], start=2):
        if not any(str(c).strip() for c in raw):
            continue
        values = {field: raw[i] if i < len(raw) else "" for i, field in fields.items()}
        row, row_problems = _row(number, values, names)
        problems += row_problems
        if row is not None:
            rows.append(row)
    problems += _duplicates(rows)
    if problems:
        raise InvalidInput(source, problems)
    return rows


def _row(
    number: int, values: dict[str, Any], names: tuple[tuple[str, str], ...]
) -> tuple[MemberRow | None, list[Problem]]:
    header = dict(names)
    problems: list[Problem] = []

    def problem(field: str, code: str, **params: Any) -> None:
        problems.append(Problem("", code, params, row=number, column=header.get(field, field)))

    text = {k: str(v).strip() if not isinstance(v, datetime.date) else v for k, v in values.items()}
    for field in REQUIRED:
        if not str(text.get(field, "")).strip():
            problem(field, "required")
    dates: dict[str, datetime.date | None] = {}
    for field in ("start", "end"):
        try:
            dates[field] = parse_date(values.get(field, ""))
        except ValueError:
            problem(field, "bad_date", value=str(values.get(field, "")))
            dates[field] = None
    start, end = dates["start"], dates["end"]
    if start and end and end < start:
        problem("end", "end_before_start")
    continuing_text = str(text.get("continuing", "")).lower()
    if continuing_text not in YES_NO:
        problem("continuing", "bad_yes_no", value=text.get("continuing", ""))
    role_text = str(text.get("role", "")).lower()
    if role_text not in ROLES:
        problem("role", "bad_role", value=text.get("role", ""))
    email = str(text.get("email", "")).lower()
    if email and not EMAIL.match(email):
        problem("email", "bad_email", value=text.get("email", ""))
    substitute_for = str(text.get("substitute_for", "")).lower()
    if substitute_for and not EMAIL.match(substitute_for):
        problem("substitute_for", "bad_email", value=text.get("substitute_for", ""))
    if problems or start is None:
        return None, problems
    return (
        MemberRow(
            row=number,
            body=str(text.get("body", "")),
            seat=str(text.get("seat", "")),
            organisation=str(text.get("organisation", "")),
            name=" ".join(str(text.get("name", "")).split()),
            email=email,
            start=start,
            end=end,
            continuing=YES_NO[continuing_text],
            appointed_by=str(text.get("appointed_by", "")),
            substitute_for=substitute_for,
            role=ROLES[role_text],
            columns=names,
        ),
        [],
    )


def _duplicates(rows: Iterable[MemberRow]) -> list[Problem]:
    seen: dict[tuple[str, str, str, datetime.date, str], int] = {}
    problems = []
    for row in rows:
        if row.identity in seen:
            problems.append(
                Problem("", "duplicate_row", {"other": seen[row.identity]}, row=row.row)
            )
        else:
            seen[row.identity] = row.row
    return problems


def write_member_rows(rows: list[dict[str, str]], *, danish: bool = False) -> str:
    """CSV as Danish Excel opens it: semicolons, UTF-8 with BOM, the English column names (the
    Danish ones with `danish`, as in the template)."""
    return excel_csv(
        DANISH_HEADER if danish else COLUMNS, ([row[c] for c in COLUMNS] for row in rows)
    )


def write_member_workbook(rows: list[dict[str, str]], *, danish: bool = False) -> bytes:
    """The same rows as an XLSX workbook: a header row of the column names, then the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.create_sheet(index=0)
    book.remove(book.worksheets[1])
    header = DANISH_HEADER if danish else COLUMNS
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, name in zip("ABCDEFGHIJK", header, strict=True):
        sheet.column_dimensions[column].width = max(12, len(name) + 4)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def member_template(file_format: str) -> bytes:
    """An empty member file with the Danish headers, to fill in: "csv" or "xlsx". Headers
    only: an example row would be imported by whoever forgot to delete it."""
    if file_format == "xlsx":
        return write_member_workbook([], danish=True)
    return write_member_rows([], danish=True).encode("utf-8")
