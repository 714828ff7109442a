"""The governance pages, one module per area: bodies, charters, appointments, chairs, people and
member files. Each page reads through `governance.access` and `governance.reads`, writes through
a service, and renders; each write has its own URL."""
