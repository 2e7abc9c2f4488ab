"""Fault injection: concern reports sent over HTTP while Redis, the worker, PostgreSQL or the
beat fail, then counted in the database. `make faults` (or `python -m faults`) runs it on
servers of its own; docs/reliability.md explains the figures.
"""
