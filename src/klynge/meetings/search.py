"""Full-text search over agendas and minutes, in the database's own index.

One row per agenda item in the table `meetings_search`: the item's title, case number, summary,
recommendation, case text (HTML from the editor, its tags taken off), and, as the minutes' part,
its decision and the titles of its action items; with the meeting's body name, title and date.

- SQLite: an FTS5 table with the `unicode61 remove_diacritics 0` tokenizer, so æ, ø and å stay
  letters of their own (ældre is not aeldre). Danish compounds and inflections are found by
  prefix terms ("genindlæg" finds "genindlæggelser"), ranked by bm25, with snippet().
- PostgreSQL: two stored tsvector columns under the `danish` text search configuration (stemming:
  "genindlæggelse" finds "genindlæggelser"), one with and one without the minutes, each with a GIN
  index; queried with websearch_to_tsquery together with prefix terms, ranked by ts_rank, with
  ts_headline.

Keeping the index in step: receivers of Django's save and delete signals (connected in
MeetingsConfig.ready()) re-index an item in the same transaction as the write, whoever makes it
(services.py, minutes.py, the admin). Not database triggers, because the case text is HTML: its
tags and entities come off with Python's HTML parser, which SQLite cannot call from a trigger and
a regular expression in PL/pgSQL only imitates; and one path for both databases is one path to
test. What signals miss are writes that bypass save()/delete() — QuerySet.update(),
bulk_create(), bulk_update() and raw SQL — on the indexed fields; those must call
reindex_items() or reindex_meetings() (or rebuild()).

Who may read what is never copied into the index: a search joins the live meeting rows, so the
body, date, status and minutes status it filters on are those of the moment. A decision and the
actions (the minutes' part) are searched only where the minutes are published, or by those who
edit the body (its secretariat, administrators).
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from klynge.governance.access import editable_body_ids

TABLE = "meetings_search"
# The columns of a search row, in order, as migration 0009 creates them (with the weight classes
# of PostgreSQL's ts_rank). The minutes' part comes last.
AGENDA_COLUMNS = (
    "body", "meeting", "title", "case_number", "summary", "recommendation", "case_text",
)  # fmt: skip
MINUTES_COLUMNS = ("decision", "actions")
COLUMNS = AGENDA_COLUMNS + MINUTES_COLUMNS
# bm25 weights per column (SQLite): a word in the title or the case number counts most, one in
# the body's name or the meeting's title least.
BM25_WEIGHTS = {"body": 1.0, "meeting": 1.0, "title": 10.0, "case_number": 5.0, "summary": 3.0,
                "recommendation": 2.0, "case_text": 1.0, "decision": 3.0, "actions": 2.0}  # fmt: skip
ITEM_FIELDS = ("title", "case_number", "summary", "recommendation", "case_text", "decision")
MEETING_FIELDS = ("title", "date", "body")
# Fields holding HTML (the WYSIWYG editor's sanitised output); the rest is plain text.
HTML_FIELDS = {"case_text"}
SUPPORTED = {"sqlite", "postgresql"}

# Where a snippet's highlight starts and ends: private-use characters, taken out of every text
# before it is indexed, so they can only come from snippet() or ts_headline().
START, STOP = "\ue000", "\ue001"
SNIPPET_TOKENS = 24
MAX_QUERY = 200
MAX_TERMS = 12


# ---- texts ---------------------------------------------------------------------------------

# Tags inside a line of text: no space is put where they were (<strong>gen</strong>indlæg).
_INLINE = {"a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span",
           "strong", "sub", "sup", "u"}  # fmt: skip


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self.skipping += 1
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self.skipping:
            self.skipping -= 1
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The words of an HTML fragment, without tags, entities decoded, blocks apart."""
    if "<" not in html and "&" not in html:
        return html
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _clean(text: str | None) -> str:
    """One line of text, without the highlight markers."""
    text = (text or "").replace(START, "").replace(STOP, "")
    return " ".join(text.split())


# ---- writing the index ---------------------------------------------------------------------


def _key_column(connection: Any) -> str:
    return "rowid" if connection.vendor == "sqlite" else "item_id"


def _rows(items: list[dict[str, Any]], actions: list[tuple[int, str]]) -> list[list[object]]:
    titles: dict[int, list[str]] = {}
    for item_id, title in actions:
        titles.setdefault(item_id, []).append(title)
    rows = []
    for item in items:
        day = item["meeting__date"]
        values = {
            "body": item["meeting__body__name"],
            "meeting": f"{item['meeting__title']} {day.isoformat() if day else ''}",
            "actions": " · ".join(titles.get(item["pk"], [])),
        }
        for name in ITEM_FIELDS:
            value = item[name] or ""
            values[name] = html_to_text(value) if name in HTML_FIELDS else value
        rows.append([item["pk"], *(_clean(values[c]) for c in COLUMNS)])
    return rows


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def index_items(
    item_model: Any, action_model: Any, using: str, ids: Iterable[int] | None = None
) -> None:
    """Write the search rows of these items (all items when `ids` is None), replacing any row
    they had; items that no longer exist lose theirs. The models are passed in so that the
    migration can call this with its historical models."""
    connection = connections[using]
    if connection.vendor not in SUPPORTED:
        return
    key = _key_column(connection)
    insert = (
        f"INSERT INTO {TABLE} ({key}, {', '.join(COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * (len(COLUMNS) + 1))})"
    )
    items = item_model._default_manager.using(using).order_by("pk")
    with transaction.atomic(using=using):
        if ids is None:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {TABLE}")
            wanted = list(items.values_list("pk", flat=True))
        else:
            wanted = sorted(set(ids))
        for chunk in _chunks(wanted):
            found = list(
                items.filter(pk__in=chunk).values(
                    "pk", *ITEM_FIELDS, "meeting__title", "meeting__date", "meeting__body__name"
                )
            )
            actions = list(
                action_model._default_manager.using(using)
                .filter(item_id__in=chunk)
                .order_by("pk")
                .values_list("item_id", "title")
            )
            with connection.cursor() as cursor:
                if ids is not None:
                    marks = ", ".join(["%s"] * len(chunk))
                    cursor.execute(f"DELETE FROM {TABLE} WHERE {key} IN ({marks})", chunk)
                if found:
                    cursor.executemany(insert, _rows(found, actions))


def reindex_items(ids: Iterable[int], using: str = "default") -> None:
    from klynge.meetings.models import ActionItem, AgendaItem

    ids = list(ids)
    if ids:
        index_items(AgendaItem, ActionItem, using, ids)


def reindex_meetings(ids: Iterable[int], using: str = "default") -> None:
    from klynge.meetings.models import AgendaItem

    reindex_items(
        AgendaItem.objects.using(using)
        .filter(meeting_id__in=list(ids))
        .values_list("pk", flat=True),
        using,
    )


def rebuild(using: str = "default") -> None:
    """Index every item afresh: after writes that bypassed save() and delete()."""
    from klynge.meetings.models import ActionItem, AgendaItem

    index_items(AgendaItem, ActionItem, using)


def remove_items(ids: Iterable[int], using: str = "default") -> None:
    connection = connections[using]
    ids = list(ids)
    if connection.vendor not in SUPPORTED or not ids:
        return
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(f"DELETE FROM {TABLE} WHERE {_key_column(connection)} IN ({marks})", ids)


# ---- the signal receivers ------------------------------------------------------------------


def _touches(update_fields: Iterable[str] | None, names: Iterable[str]) -> bool:
    return update_fields is None or bool(set(update_fields) & set(names))


def _when_ready(raw: bool, using: str, work: Any) -> None:
    # A fixture (raw save) may load an item before its meeting: index it once the load commits.
    if raw:
        transaction.on_commit(work, using=using)
    else:
        work()


def _item_saved(sender: Any, instance: Any, raw: bool, using: str, **kwargs: Any) -> None:
    if _touches(kwargs.get("update_fields"), (*ITEM_FIELDS, "meeting", "meeting_id")):
        _when_ready(raw, using, lambda: reindex_items([instance.pk], using))


def _item_deleted(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    remove_items([instance.pk], using)


def _meeting_saved(sender: Any, instance: Any, raw: bool, using: str, **kwargs: Any) -> None:
    if not kwargs.get("created") and _touches(
        kwargs.get("update_fields"), (*MEETING_FIELDS, "body_id")
    ):
        _when_ready(raw, using, lambda: reindex_meetings([instance.pk], using))


def _action_changed(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    # The whole meeting's items: an action may have moved from one item to another.
    if _touches(kwargs.get("update_fields"), ("title", "item", "item_id")):
        _when_ready(
            kwargs.get("raw", False), using, lambda: reindex_meetings([instance.meeting_id], using)
        )


def _body_saving(sender: Any, instance: Any, raw: bool, using: str, **kwargs: Any) -> None:
    # Remember the name before the save, so that only a renamed body re-indexes its meetings.
    if instance.pk and not raw and _touches(kwargs.get("update_fields"), ("name",)):
        instance._name_before_save = (
            sender._default_manager.using(using)
            .filter(pk=instance.pk)
            .values_list("name", flat=True)
            .first()
        )


def _body_saved(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    before = instance.__dict__.pop("_name_before_save", None)
    if before is not None and before != instance.name:
        from klynge.meetings.models import Meeting

        reindex_meetings(
            Meeting.objects.using(using).filter(body=instance).values_list("pk", flat=True), using
        )


def connect() -> None:
    """Connect the receivers (MeetingsConfig.ready())."""
    from klynge.governance.models import Body
    from klynge.meetings.models import ActionItem, AgendaItem, Meeting

    post_save.connect(_item_saved, sender=AgendaItem, dispatch_uid="search-item-saved")
    post_delete.connect(_item_deleted, sender=AgendaItem, dispatch_uid="search-item-deleted")
    post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid="search-meeting-saved")
    post_save.connect(_action_changed, sender=ActionItem, dispatch_uid="search-action-saved")
    post_delete.connect(_action_changed, sender=ActionItem, dispatch_uid="search-action-deleted")
    pre_save.connect(_body_saving, sender=Body, dispatch_uid="search-body-saving")
    post_save.connect(_body_saved, sender=Body, dispatch_uid="search-body-saved")


# ---- what the user typed -------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A word or a phrase: `text` as typed (for PostgreSQL's parser), `words` its letters and
    digits (for FTS5 and the prefix terms)."""

    text: str
    words: tuple[str, ...]
    quoted: bool = False


@dataclass(frozen=True)
class Group:
    """Terms that must all be there, and terms that must not."""

    wanted: tuple[Term, ...]
    unwanted: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Query:
    """A search in the shape websearch_to_tsquery reads: words and "quoted phrases" all wanted,
    -word not, and `or` between alternatives. Any other character is only a separator, so no
    input is a syntax error in either database."""

    groups: tuple[Group, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.groups)


_TOKENS = re.compile(r'(-*)"([^"]*)"?|(\S+)')
_WORDS = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def parse(text: str) -> Query:
    groups: list[Group] = []
    wanted: list[Term] = []
    unwanted: list[Term] = []
    count = 0

    def close() -> None:
        if wanted:
            groups.append(Group(tuple(wanted), tuple(unwanted)))
        wanted.clear()
        unwanted.clear()

    # Control characters (NUL among them, which PostgreSQL refuses in a string) separate words.
    text = _CONTROL.sub(" ", text[:MAX_QUERY])
    for match in _TOKENS.finditer(text):
        negations, phrase, bare = match.groups()
        if bare is not None and bare.lower() == "or":
            close()
            continue
        if phrase is not None:
            quoted, body = True, phrase
            negated = bool(negations)
        else:
            stripped = bare.lstrip("-")
            quoted, body, negated = False, stripped, len(stripped) < len(bare)
        words = tuple(_WORDS.findall(body))
        if not words or count >= MAX_TERMS:
            continue
        count += 1
        (unwanted if negated else wanted).append(Term(body, words, quoted))
    close()
    return Query(tuple(groups))


def _fts5_term(term: Term) -> str:
    # Only letters and digits inside the quotes, so nothing in them is FTS5 syntax; the star
    # makes the last word a prefix, so a word finds its inflections and compounds.
    return '"' + " ".join(term.words) + '"*'


def fts5_expression(query: Query) -> str:
    parts = []
    for group in query.groups:
        expression = "(" + " AND ".join(_fts5_term(t) for t in group.wanted) + ")"
        expression += "".join(f" NOT {_fts5_term(t)}" for t in group.unwanted)
        parts.append(f"({expression})")
    return " OR ".join(parts)


def _pg_term(term: Term) -> tuple[str, list[object]]:
    """The term as PostgreSQL's parser reads it (stemmed), or as a prefix of its last word."""
    typed = f'"{term.text}"' if term.quoted else term.text
    prefix = " <-> ".join(f"'{w}'" for w in term.words) + ":*"
    return (
        "(websearch_to_tsquery('danish', %s) || to_tsquery('danish', %s))",
        [typed, prefix],
    )


def pg_tsquery(query: Query) -> tuple[str, list[object]]:
    """A tsquery expression in SQL with its parameters."""
    groups_sql, params = [], []
    for group in query.groups:
        parts = []
        for term in group.wanted:
            sql, more = _pg_term(term)
            parts.append(sql)
            params += more
        for term in group.unwanted:
            sql, more = _pg_term(term)
            parts.append(f"(!! {sql})")
            params += more
        groups_sql.append("(" + " && ".join(parts) + ")")
    return "(" + " || ".join(groups_sql) + ")", params


# ---- who reads what ------------------------------------------------------------------------


# ---- searching -----------------------------------------------------------------------------


@dataclass
class Hit:
    item: Any  # an AgendaItem with its meeting and the meeting's body
    snippet: SafeString
    with_minutes: bool


@dataclass
class Results:
    total: int = 0
    page: int = 1
    per_page: int = 20
    hits: list[Hit] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1


def highlighted(snippet: str) -> SafeString:
    """The snippet escaped, with only the highlights as <mark>."""
    text = escape(snippet)
    text = re.sub(f"{START}(.*?){STOP}", r"<mark>\1</mark>", text, flags=re.DOTALL)
    return mark_safe(text.replace(START, "").replace(STOP, ""))  # escaped above


def _in(column: str, ids: Iterable[int]) -> tuple[str, list[object]]:
    ids = sorted(ids)
    if not ids:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


@dataclass
class _Where:
    """The conditions on the joined item (i) and meeting (m) besides the text."""

    sql: str
    params: list[object]
    # Where the minutes' part is searched too; None: everywhere.
    minutes_sql: str | None
    minutes_params: list[object]


def _where(
    connection: Any,
    readable: set[int] | None,
    editable: set[int] | None,
    bodies: set[int] | None,
    year: int | None,
) -> _Where:
    from klynge.meetings.models import Meeting

    shared = Meeting.also_for.through._meta.db_table
    conditions, params = [], []
    for chosen in (readable, bodies):
        if chosen is None:
            continue
        own, own_params = _in("m.body_id", chosen)
        other, other_params = _in("af.body_id", chosen)
        conditions.append(
            f"({own} OR EXISTS (SELECT 1 FROM {shared} af WHERE af.meeting_id = m.id AND {other}))"
        )
        params += own_params + other_params
    if year is not None:
        conditions.append("m.date >= %s AND m.date <= %s")
        params += [
            connection.ops.adapt_datefield_value(datetime.date(year, 1, 1)),
            connection.ops.adapt_datefield_value(datetime.date(year, 12, 31)),
        ]
    if editable is None:
        minutes_sql, minutes_params = None, []
    else:
        edits, minutes_params = _in("m.body_id", editable)
        minutes_sql = f"(m.minutes_status = 'published' OR {edits})"
    return _Where(" AND ".join(conditions) or "1 = 1", params, minutes_sql, minutes_params)


def _joins(key: str) -> str:
    """The item (i) and meeting (m) of the search row whose key is `key`."""
    from klynge.meetings.models import AgendaItem, Meeting

    return (
        f"JOIN {AgendaItem._meta.db_table} i ON i.id = {key} "
        f"JOIN {Meeting._meta.db_table} m ON m.id = i.meeting_id"
    )


def _clamped(page: int, limit: int, total: int) -> tuple[int, int]:
    """The page, the last when it is beyond, and its offset."""
    page = min(page, -(-total // limit))
    return page, (page - 1) * limit


def _sqlite(
    connection: Any, query: Query, where: _Where, page: int, limit: int
) -> tuple[int, int, list[tuple[int, bool, str]]]:
    full = fts5_expression(query)
    agenda_only = "{" + " ".join(AGENDA_COLUMNS) + "} : (" + full + ")"
    weights = ", ".join(str(BM25_WEIGHTS[c]) for c in COLUMNS)
    select = (
        f"SELECT {TABLE}.rowid AS id, bm25({TABLE}, {weights}) AS rank, m.date AS day, "
        f"i.position AS position, %s AS minutes FROM {TABLE} {_joins(f'{TABLE}.rowid')} "
        f"WHERE {TABLE} MATCH %s AND {where.sql}"
    )
    if where.minutes_sql is None:
        branches = [(select, [1, full, *where.params])]
    else:
        branches = [
            (
                f"{select} AND {where.minutes_sql}",
                [1, full, *where.params, *where.minutes_params],
            ),
            (
                f"{select} AND NOT {where.minutes_sql}",
                [0, agenda_only, *where.params, *where.minutes_params],
            ),
        ]
    union = " UNION ALL ".join(sql for sql, _ in branches)
    params = [p for _, branch in branches for p in branch]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({union})", params)
        total = cursor.fetchone()[0]
        if not total:
            return 0, 1, []
        page, offset = _clamped(page, limit, total)
        cursor.execute(
            f"{union} ORDER BY rank, day DESC, position LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        found = [(row[0], bool(row[4])) for row in cursor.fetchall()]
        # The snippets of the page only: for each row, from the columns it may be searched in.
        parts, snippet_params = [], []
        for minutes, expression in ((True, full), (False, agenda_only)):
            ids = [pk for pk, with_minutes in found if with_minutes == minutes]
            if ids:
                chosen, id_params = _in("rowid", ids)
                parts.append(
                    f"SELECT rowid, snippet({TABLE}, -1, %s, %s, %s, {SNIPPET_TOKENS}) "
                    f"FROM {TABLE} WHERE {TABLE} MATCH %s AND {chosen}"
                )
                snippet_params += [START, STOP, "…", expression, *id_params]
        cursor.execute(" UNION ALL ".join(parts), snippet_params)
        snippets = dict(cursor.fetchall())
    return total, page, [(pk, minutes, snippets.get(pk, "")) for pk, minutes in found]


def _postgresql(
    connection: Any, query: Query, where: _Where, page: int, limit: int
) -> tuple[int, int, list[tuple[int, bool, str]]]:
    tsquery, tsquery_params = pg_tsquery(query)
    minutes = where.minutes_sql or "TRUE"
    vector = f"(CASE WHEN {minutes} THEN s.document ELSE s.agenda_document END)"
    base = (
        f"FROM {TABLE} s CROSS JOIN q {_joins('s.item_id')} "
        f"WHERE (s.document @@ q.query OR s.agenda_document @@ q.query) "
        f"AND {vector} @@ q.query AND {where.sql}"
    )
    params = [*where.minutes_params, *where.params]
    # Not materialised: PostgreSQL folds the tsquery into a constant and plans the GIN indexes.
    cte = f"WITH q AS NOT MATERIALIZED (SELECT {tsquery} AS query) "
    with connection.cursor() as cursor:
        cursor.execute(f"{cte}SELECT COUNT(*) {base}", [*tsquery_params, *params])
        total = cursor.fetchone()[0]
        if not total:
            return 0, 1, []
        page, offset = _clamped(page, limit, total)
        agenda_text = ", ".join(f"p.{c}" for c in ("title", "summary", "recommendation",
                                                      "case_text"))  # fmt: skip
        minutes_text = ", ".join(f"CASE WHEN p.minutes THEN p.{c} END" for c in MINUTES_COLUMNS)
        cursor.execute(
            f"{cte}SELECT p.id, p.minutes, ts_headline('danish', "
            f"concat_ws(' … ', {agenda_text}, {minutes_text}), q.query, %s) "
            f"FROM (SELECT s.item_id AS id, {minutes} AS minutes, ts_rank({vector}, q.query) "
            f"AS rank, m.date AS day, i.position AS position, "
            f"{', '.join(f's.{c}' for c in COLUMNS)} {base} "
            f"ORDER BY rank DESC, day DESC, position LIMIT %s OFFSET %s) p CROSS JOIN q "
            f"ORDER BY p.rank DESC, p.day DESC, p.position",
            [
                *tsquery_params,
                f'StartSel="{START}", StopSel="{STOP}", MaxWords={SNIPPET_TOKENS}, '
                'MinWords=10, MaxFragments=2, FragmentDelimiter=" … "',
                *where.minutes_params,
                *where.minutes_params,
                *params,
                limit,
                offset,
            ],
        )
        rows = [(row[0], bool(row[1]), row[2]) for row in cursor.fetchall()]
    return total, page, rows


def search(
    user: object,
    text: str,
    *,
    readable: set[int] | None,
    on: datetime.date,
    bodies: set[int] | None = None,
    year: int | None = None,
    page: int = 1,
    per_page: int = 20,
    using: str = "default",
) -> Results:
    """One page of the items matching `text`, best first, in the bodies the user reads on `on`
    (`readable`, from readable_bodies; None: all), optionally only in `bodies` and `year`.
    A fixed number of queries whatever the number of matches."""
    from klynge.meetings.models import AgendaItem

    connection = connections[using]
    results = Results(page=max(page, 1), per_page=per_page)
    query = parse(text)
    if not query or readable == set() or connection.vendor not in SUPPORTED:
        return results
    where = _where(connection, readable, editable_body_ids(user, on), bodies, year)
    run = _sqlite if connection.vendor == "sqlite" else _postgresql
    results.total, results.page, found = run(connection, query, where, results.page, per_page)
    items = (
        AgendaItem.objects.using(using)
        .select_related("meeting__body")
        .in_bulk([pk for pk, _, _ in found])
    )
    results.hits = [
        Hit(items[pk], highlighted(snippet), minutes)
        for pk, minutes, snippet in found
        if pk in items
    ]
    return results
