from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from .models import SiteSettings
from .selectors import guidance_search, search_result_entries


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


def search(request: HttpRequest) -> TemplateResponse:
    """Search across the guidance. The query stays out of logs: they record paths only."""
    query = request.GET.get("q", "").strip()[:200]
    results = guidance_search(request=request, query=query, page_number=request.GET.get("page", 1))
    entries = search_result_entries(request=request, results=results)
    return TemplateResponse(
        request,
        "cms/search_results.html",
        {"query": query, "results": results, "entries": entries},
    )
