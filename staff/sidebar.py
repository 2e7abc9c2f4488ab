"""The admin's sidebar, drawn once per member of staff and kept until what it shows changes.

Wagtail draws the sidebar (its menu, search box and account menu, as JSON for its script) on
every admin page: every menu item and search area asks whether this user may see it, and the
whole menu is packed afresh. That was about a quarter of the CPU of a queue or case page
(docs/performance.md, "Staff pages"), for a menu that changes only when someone's roles,
permissions, name or dismissed notices change, or the site's pages do.

So each process keeps what Wagtail drew for each user and language, under a generation in the
shared cache that is replaced when any of those change (the signals in staff/apps.py, after
the transaction commits); a change shows on the user's next page in every process. Kept for
KEPT_SECONDS at most, and for at most KEPT_USERS users in each process (the least recently
seen go first). Nothing is kept in the shared cache itself: only the generation. While the
shared cache cannot be reached, the sidebar is drawn for every page, as Wagtail does.
"""

import threading
import time
from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.safestring import SafeString

from core.generations import generation_bump, generation_read

GENERATION_KEY = "staff:sidebar-generation"
KEPT_SECONDS = 600
KEPT_USERS = 256

_lock = threading.Lock()
_kept: "OrderedDict[tuple[str, int, str], tuple[float, SafeString]]" = OrderedDict()


def sidebar_kept(draw, context: dict[str, Any]) -> SafeString:
    """Wagtail's sidebar for this page's user: as kept, else drawn by `draw` and kept."""
    request = context["request"]
    user = getattr(request, "user", None)
    if not settings.ADMIN_SIDEBAR_CACHE_ENABLED or user is None or not user.pk:
        return draw(context)
    generation = generation_read(GENERATION_KEY)
    if generation is None:
        return draw(context)
    key = (generation, user.pk, translation.get_language() or "")
    now = time.monotonic()
    with _lock:
        found = _kept.get(key)
        if found is not None and now - found[0] < KEPT_SECONDS:
            _kept.move_to_end(key)
            return found[1]
    html = draw(context)
    with _lock:
        _kept[key] = (now, html)
        _kept.move_to_end(key)
        while len(_kept) > KEPT_USERS:
            _kept.popitem(last=False)
    return html


def _generation_bump() -> None:
    with _lock:
        _kept.clear()
    generation_bump(GENERATION_KEY)


def on_sidebar_changed(sender: Any = None, **kwargs: Any) -> None:
    """Something a sidebar shows changed: every process draws it afresh once committed."""
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a sign-in: nothing the menu shows
    transaction.on_commit(_generation_bump)
