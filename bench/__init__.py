"""Load benchmarks of the portal on PostgreSQL, Redis, gunicorn and a Celery worker.

`make bench` (or `python -m bench`) prints one table and writes it to bench/results/.
docs/performance.md explains the figures.
"""
