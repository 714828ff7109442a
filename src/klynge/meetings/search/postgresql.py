"""The PostgreSQL back end: two stored tsvector columns under the `danish` configuration,
queried with websearch_to_tsquery and prefix terms, ranked by ts_rank, with ts_headline."""

from typing import Any

from klynge.meetings.search.index import COLUMNS, MINUTES_COLUMNS, TABLE
from klynge.meetings.search.query import Query, Term
from klynge.meetings.search.scope import Where, clamped, joins
from klynge.meetings.search.text import SNIPPET_TOKENS, START, STOP


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


def run(
    connection: Any, query: Query, where: Where, page: int, limit: int
) -> tuple[int, int, list[tuple[int, bool, str]]]:
    tsquery, tsquery_params = pg_tsquery(query)
    minutes = where.minutes_sql or "TRUE"
    vector = f"(CASE WHEN {minutes} THEN s.document ELSE s.agenda_document END)"
    base = (
        f"FROM {TABLE} s CROSS JOIN q {joins('s.item_id')} "
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
        page, offset = clamped(page, limit, total)
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
