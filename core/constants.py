"""Constants used by more than one app."""

# Where the Wagtail admin is mounted (portal/urls.py). Hard-coded rather than read from the
# URLconf: the checks that use it are guards, and must hold whatever the URLconf says.
ADMIN_PREFIX = "/admin/"
