"""Klynge's rules in plain Python: no Django, no requests, no database.

Everything here takes plain values and returns plain values, so the web pages, the command line,
the background tasks and the tests all share one implementation.
"""
