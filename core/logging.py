import logging


class DropRequestDetails(logging.Filter):
    """Strip the request object that Django attaches to request log records.

    A handler that formats the request (or a third-party one that ships it) would otherwise
    see form bodies, cookies and query strings, which may hold what a member of the public
    typed. The path and status in the message are enough to find a fault.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        return True
