# The page cache is tested on real Wagtail pages: the same small site as the cms tests.
from tests.cms.conftest import editor, small_site

__all__ = ("editor", "small_site")
