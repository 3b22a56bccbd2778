"""Idempotency-Key on every POST of the API (draft-ietf-httpapi-idempotency-key-header).

The first request with a key is recorded before it runs (a unique row per token and key), so a second one sent
at the same time cannot run too: it waits for the first answer and gets it back, or is told to retry (409).
The same key with another body is refused (422). Answers that did not settle anything — the server failed
(5xx), the token was refused (401) or the client was slowed down (429) — are forgotten, so a retry runs again.
"""

import datetime
import hashlib
import time

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.accounts.models import ApiToken
from pathways.api import problems
from pathways.api.auth import API_ROOT
from pathways.api.models import IdempotentRequest

HEADER = "Idempotency-Key"
KEEP = datetime.timedelta(hours=24)
# How long a repeat waits for the first request to finish before being told to retry.
WAIT_SECONDS = 10.0
NOT_SETTLED = frozenset({401, 429})


def _token(request: HttpRequest) -> ApiToken | None:
    scheme, _sep, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key:
        return None
    token = ApiToken.objects.filter(key_hash=ApiToken.hash(key.strip()), revoked_at__isnull=True).first()
    return None if token is None or token.is_expired else token


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.path, request.META.get("QUERY_STRING", ""), request.content_type or ""):
        digest.update(part.encode() + b"\n")
    try:
        digest.update(request.body)
    except RequestDataTooBig:
        # A large upload is not held in memory: its fields and the files' contents, as Django stored them.
        for name, value in sorted(request.POST.lists()):
            digest.update(f"{name}={value}\n".encode())
        for field in sorted(request.FILES):
            for upload in request.FILES.getlist(field):
                digest.update(f"{field}:{upload.name}:{upload.size}\n".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    return digest.hexdigest()


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or not request.path.startswith(API_ROOT):
            return self.get_response(request)
        token = _token(request)
        if token is None:
            return self.get_response(request)  # answered 401 by the API's authentication
        if not 1 <= len(key) <= 255:
            return problems.problem(
                request,
                problems.INVALID_REQUEST,
                errors=[
                    {
                        "loc": ["header", HEADER],
                        "msg": _("Send a key of 1 to 255 characters."),
                        "code": "string_too_long" if key else "string_too_short",
                    }
                ],
            )
        fingerprint = _fingerprint(request)
        IdempotentRequest.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
        try:
            with transaction.atomic():
                first = IdempotentRequest.objects.create(token=token, key=key, fingerprint=fingerprint)
        except IntegrityError:
            return self._repeat(request, token=token, key=key, fingerprint=fingerprint)
        try:
            response = self.get_response(request)
        except BaseException:
            first.delete()
            raise
        if response.status_code >= 500 or response.status_code in NOT_SETTLED or response.streaming:
            first.delete()
        else:
            first.status = response.status_code
            first.content_type = response.get("Content-Type", "")
            first.body = response.content
            first.save(update_fields=["status", "content_type", "body"])
        return response

    def _repeat(self, request: HttpRequest, *, token: ApiToken, key: str, fingerprint: str) -> HttpResponse:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            first = IdempotentRequest.objects.filter(token=token, key=key).first()
            if first is not None and first.fingerprint != fingerprint:
                return problems.problem(request, problems.IDEMPOTENCY_KEY_REUSED)
            if first is not None and first.status is not None:
                response = HttpResponse(
                    bytes(first.body), status=first.status, content_type=first.content_type
                )
                response["Idempotent-Replayed"] = "true"
                return response
            if first is None or time.monotonic() > deadline:
                # Still running, or it failed and was forgotten a moment ago: either way, try again.
                return problems.problem(
                    request, problems.IDEMPOTENCY_KEY_IN_USE, headers={"Retry-After": "1"}
                )
            time.sleep(0.05)
