"""The SQLite back end: an FTS5 table, prefix terms, ranked by bm25, with snippet()."""

from typing import Any

from klynge.meetings.search.index import AGENDA_COLUMNS, COLUMNS, TABLE
from klynge.meetings.search.query import Query, Term
from klynge.meetings.search.scope import Where, clamped, joins, sql_in
from klynge.meetings.search.text import SNIPPET_TOKENS, START, STOP

# bm25 weights per column (SQLite): a word in the title or the case number counts most, one in
# the body's name or the meeting's title least.
BM25_WEIGHTS = {"body": 1.0, "meeting": 1.0, "title": 10.0, "case_number": 5.0, "summary": 3.0,
                "recommendation": 2.0, "case_text": 1.0, "decision": 3.0, "actions": 2.0}  # fmt: skip


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


def run(
    connection: Any, query: Query, where: Where, page: int, limit: int
) -> tuple[int, int, list[tuple[int, bool, str]]]:
    full = fts5_expression(query)
    agenda_only = "{" + " ".join(AGENDA_COLUMNS) + "} : (" + full + ")"
    weights = ", ".join(str(BM25_WEIGHTS[c]) for c in COLUMNS)
    select = (
        f"SELECT {TABLE}.rowid AS id, bm25({TABLE}, {weights}) AS rank, m.date AS day, "
        f"i.position AS position, %s AS minutes FROM {TABLE} {joins(f'{TABLE}.rowid')} "
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
        page, offset = clamped(page, limit, total)
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
                chosen, id_params = sql_in("rowid", ids)
                parts.append(
                    f"SELECT rowid, snippet({TABLE}, -1, %s, %s, %s, {SNIPPET_TOKENS}) "
                    f"FROM {TABLE} WHERE {TABLE} MATCH %s AND {chosen}"
                )
                snippet_params += [START, STOP, "…", expression, *id_params]
        cursor.execute(" UNION ALL ".join(parts), snippet_params)
        snippets = dict(cursor.fetchall())
    return total, page, [(pk, minutes, snippets.get(pk, "")) for pk, minutes in found]
