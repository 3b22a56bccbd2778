"""One log line and one set of metrics per request, named by the route's pattern, never by its path.

A path can carry a search (`/people/?q=<a name>`) and a person's id; the pattern (`people/<uuid:pk>/`)
carries neither, and keeps the metrics' label values few.
"""

import logging
import re
import time
import uuid

from django.conf import settings

from pathways.operations import metrics

log = logging.getLogger("pathways.requests")
# A request id from the proxy is passed on only if it looks like one (it is copied into every log line).
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def route_of(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.route or match.view_name or "unnamed"
    if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return "static"
    return "unmatched"


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        given = request.headers.get("X-Request-ID", "")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        route = route_of(request)
        metrics.observe_request(
            method=request.method, route=route, status=response.status_code, seconds=seconds
        )
        user = getattr(request, "user", None)
        log.info(
            "%s %s %s",
            request.method,
            route,
            response.status_code,
            extra={
                "request_id": request_id,
                "method": request.method,
                "route": route,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        response["X-Request-ID"] = request_id
        return response
