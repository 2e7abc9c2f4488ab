import pytest


@pytest.fixture(autouse=True)
def _forget_failed_sign_ins():
    """Failed sign-ins are counted per address (127.0.0.1 for the test client) in the default
    cache, which with Redis outlives a test run: drop the rate-limit counters after each test
    (in-memory counters end with the process anyway)."""
    yield
    from django.core.cache import cache

    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("rl:*")
