"""Klynge: the working system of a Danish health cluster."""
