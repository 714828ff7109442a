"""Date formats where Klynge differs from Django's: English dates as "2 December 2026", the way the
Danish ones read "2. december 2026" (Django's Danish formats are kept)."""
