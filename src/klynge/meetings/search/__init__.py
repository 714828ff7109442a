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

Keeping the index in step (signals.py): receivers of Django's save and delete signals (connected in
MeetingsConfig.ready()) re-index an item in the same transaction as the write, whoever makes it
(services/, minutes.py, the admin). Not database triggers, because the case text is HTML: its
tags and entities come off with Python's HTML parser, which SQLite cannot call from a trigger and
a regular expression in PL/pgSQL only imitates; and one path for both databases is one path to
test. What signals miss are writes that bypass save()/delete() — QuerySet.update(),
bulk_create(), bulk_update() and raw SQL — on the indexed fields; those must call
reindex_items() or reindex_meetings() (or rebuild()).

Who may read what is never copied into the index: a search joins the live meeting rows, so the
body, date, status and minutes status it filters on are those of the moment. A decision and the
actions (the minutes' part) are searched only where the minutes are published, or by those who
edit the body (its secretariat, administrators).

The modules: text.py (the words of HTML, the highlight markers), index.py (writing the rows),
signals.py (keeping them in step), query.py (what the user typed), scope.py (who reads what),
sqlite.py and postgresql.py (one back end per database), results.py (a page of hits).
"""

from klynge.meetings.search.index import (
    AGENDA_COLUMNS,
    COLUMNS,
    MINUTES_COLUMNS,
    TABLE,
    index_items,
    rebuild,
    reindex_items,
    reindex_meetings,
    remove_items,
)
from klynge.meetings.search.postgresql import pg_tsquery
from klynge.meetings.search.query import MAX_QUERY, MAX_TERMS, Group, Query, Term, parse
from klynge.meetings.search.results import Hit, Results, search
from klynge.meetings.search.signals import connect
from klynge.meetings.search.sqlite import BM25_WEIGHTS, fts5_expression
from klynge.meetings.search.text import START, STOP, highlighted, html_to_text

__all__ = [
    "AGENDA_COLUMNS",
    "BM25_WEIGHTS",
    "COLUMNS",
    "MAX_QUERY",
    "MAX_TERMS",
    "MINUTES_COLUMNS",
    "START",
    "STOP",
    "TABLE",
    "Group",
    "Hit",
    "Query",
    "Results",
    "Term",
    "connect",
    "fts5_expression",
    "highlighted",
    "html_to_text",
    "index_items",
    "parse",
    "pg_tsquery",
    "rebuild",
    "reindex_items",
    "reindex_meetings",
    "remove_items",
    "search",
]
