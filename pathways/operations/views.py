import hmac

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from pathways.operations import health, metrics

LOOPBACK = {"127.0.0.1", "::1"}


@never_cache
@require_safe
def healthz(request):
    """For load balancers and the service manager: no login, no personal data; 503 when a part is down."""
    healthy, body = health.report()
    return JsonResponse(body, status=200 if healthy else 503)


def _may_read_metrics(request) -> bool:
    if settings.METRICS_TOKEN:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {settings.METRICS_TOKEN}".encode())
    # Without a token, only a scraper on this machine talking to the app directly: a request that came
    # through the proxy (which also runs here) carries X-Forwarded-For.
    return request.META.get("REMOTE_ADDR") in LOOPBACK and "HTTP_X_FORWARDED_FOR" not in request.META


@never_cache
@require_safe
def metrics_view(request):
    if not _may_read_metrics(request):
        if settings.METRICS_TOKEN:
            response = HttpResponse("A bearer token is needed.\n", status=401, content_type="text/plain")
            response["WWW-Authenticate"] = "Bearer"
            return response
        return HttpResponseNotFound()
    return HttpResponse(metrics.render(), content_type=metrics.CONTENT_TYPE)
