"""Bench-only: each response says how many SQL queries it took, for the load tool to add up."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection
from django.http import HttpRequest, HttpResponse

QUERIES_HEADER = "X-Bench-Queries"


class StatementCounter:
    """Counts the SQL statements sent while it wraps the connection (savepoints included)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def statements_counted() -> Iterator[StatementCounter]:
    counter = StatementCounter()
    with connection.execute_wrapper(counter):
        yield counter


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with statements_counted() as counter:
            response = self.get_response(request)
        response[QUERIES_HEADER] = str(counter.count)
        return response
