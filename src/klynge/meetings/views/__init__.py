"""The meeting pages, one module per area: the meetings and the year plan, the agenda, the
minutes, proposed items, documents, the archive and search, calendar addresses. Each page reads
through `governance.access` and `meetings.reads`, writes through a service, and renders; each
write has its own URL."""
