# The page cache is tested on real Wagtail pages: the same small site as the cms tests.
from tests.cms.conftest import editor, published_cache, small_site

__all__ = ("editor", "published_cache", "small_site")
