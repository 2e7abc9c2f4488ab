from django.http import HttpRequest, HttpResponseRedirect
from django.views.decorators.cache import never_cache

from .models import SiteSettings


@never_cache
def exit_this_page(request: HttpRequest) -> HttpResponseRedirect:
    """Forget everything this visitor typed, then leave for a neutral site.

    Reached by the Exit this page button, Shift pressed three times, or Escape. It works by
    plain link too, so it also works without JavaScript.
    """
    request.session.flush()
    destination = SiteSettings.for_request(request).exit_page_url
    response = HttpResponseRedirect(destination)
    response["Clear-Site-Data"] = '"cookies", "storage"'
    return response
