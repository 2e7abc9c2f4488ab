"""Bench-only: each response says how many SQL queries it took, for the load tool to add up."""

from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse

QUERIES_HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response[QUERIES_HEADER] = str(queries)
        return response
