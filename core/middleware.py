from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from .constants import ADMIN_PREFIX


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict public policy everywhere, except inside the Wagtail admin.

    Wagtail's admin depends on inline styles and scripts, so staff pages get
    ADMIN_CONTENT_SECURITY_POLICY; no public page ever does.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        return parts
