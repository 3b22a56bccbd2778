"""The API at /api/v1/: token authentication with scopes, one error shape (RFC 9457 problem details) for every
refusal, and the routers of every app."""

import json
import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db import DataError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from pathways.api import NulInText, problems, refuse_nul
from pathways.api.auth import InsufficientScope, TokenAuth, TokenExpired
from pathways.api.openapi import document_contract
from pathways.api.paging import PageNotFound
from pathways.core.conflicts import Conflict

logger = logging.getLogger(__name__)


class BodyNotAnObject(ValueError):
    """A JSON body that is not an object: refused, never read as an empty change."""


class ObjectParser(Parser):
    def parse_body(self, request):
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise BodyNotAnObject
        # The second place names the body parameter in django-ninja's locations, which the problems drop.
        refuse_nul(data, ("body", "body"))
        return data


class PathwaysAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        return document_contract(super().get_openapi_schema(*args, **kwargs))


api = PathwaysAPI(
    title="Pathways API",
    version="1",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    parser=ObjectParser(),
    description=(
        "Personal data is scoped to the token's user; records outside scope answer 404. Every refusal is an "
        "RFC 9457 problem (application/problem+json) with a stable `code` (see /api/v1/problems) and its "
        "messages in the request's language (Accept-Language: en, lo, th). Lists page with `page` and "
        "`page_size`; `updated_since` and /api/v1/changes keep a copy in sync. POSTs honour an "
        "Idempotency-Key header. Tokens carry scopes (read, write, or per area: people:read, jobs:write...) "
        "and an expiry; requests are rate-limited per token (429 with Retry-After)."
    ),
)


@api.exception_handler(Conflict)
def conflict(request, exc: Conflict):
    errors = problems.service_errors(exc)
    return problems.problem(
        request,
        problems.CATALOGUE[exc.problem_code],
        detail=" ".join(e["msg"] for e in errors[:3]),
        errors=errors,
    )


@api.exception_handler(ValidationError)
def invalid_data(request, exc: ValidationError):
    errors = problems.service_errors(exc)
    return problems.problem(
        request, problems.INVALID_DATA, detail=" ".join(e["msg"] for e in errors[:3]), errors=errors
    )


@api.exception_handler(NinjaValidationError)
def invalid_request(request, exc: NinjaValidationError):
    errors = problems.request_errors(exc.errors)
    detail = " ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in errors[:3])
    return problems.problem(request, problems.INVALID_REQUEST, detail=detail, errors=errors)


@api.exception_handler(NulInText)
def nul_in_text(request, exc: NulInText):
    return problems.problem(request, problems.INVALID_DATA, errors=problems.request_errors(exc.errors))


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # django-ninja answers 400 when it cannot read a body; say why, in the one shape.
    if isinstance(exc.__cause__, BodyNotAnObject):
        return problems.problem(request, problems.INVALID_REQUEST, errors=problems.not_an_object())
    if isinstance(exc.__cause__, NulInText):
        return nul_in_text(request, exc.__cause__)
    if exc.status_code == 400:
        return problems.problem(
            request, problems.MALFORMED_BODY, detail=_("The body is not valid JSON (UTF-8).")
        )
    logger.error("Unexpected HttpError %s: %s", exc.status_code, exc)
    return problems.problem(request, problems.SERVER_ERROR)


@api.exception_handler(MultiPartParserError)
def malformed_multipart(request, exc: MultiPartParserError):
    return problems.problem(
        request,
        problems.MALFORMED_BODY,
        detail=_("The multipart body could not be read (is its boundary missing from the Content-Type?)."),
    )


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc: RequestDataTooBig):
    return problems.problem(request, problems.MALFORMED_BODY, detail=_("The request body is too large."))


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc: AuthenticationError):
    kind = problems.TOKEN_EXPIRED if isinstance(exc, TokenExpired) else problems.NOT_AUTHENTICATED
    return problems.problem(request, kind, headers={"WWW-Authenticate": 'Bearer realm="api"'})


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc: PermissionDenied):
    kind = problems.INSUFFICIENT_SCOPE if isinstance(exc, InsufficientScope) else problems.PERMISSION_DENIED
    return problems.problem(request, kind, detail=str(exc))


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    # The detail never names what was looked for: a record out of scope answers as one that does not exist.
    if isinstance(exc, PageNotFound):
        return problems.problem(request, problems.PAGE_NOT_FOUND, detail=str(exc))
    return problems.problem(request, problems.NOT_FOUND)


@api.exception_handler(DataError)
@api.exception_handler(OverflowError)
def unstorable(request, exc: Exception):
    # The last line of defence: a value the database cannot hold (a number too large for its column).
    logger.warning("API value the database cannot store: %s %s: %s", request.method, request.path, exc)
    return problems.problem(request, problems.INVALID_DATA, detail=_("A value is too large to be stored."))


@api.exception_handler(Exception)
def server_error(request, exc: Exception):
    logger.exception("API request failed: %s %s", request.method, request.path)
    return problems.problem(request, problems.SERVER_ERROR)


class ProblemKindOut(Schema):
    code: str
    status: int
    title: str


@api.get(
    "/problems",
    auth=None,
    response=list[ProblemKindOut],
    summary="Every problem code the API answers with (the `type` of a problem links here)",
    tags=["api"],
)
def problem_catalogue(request):
    return [{"code": k.code, "status": k.status, "title": str(k.title)} for k in problems.CATALOGUE.values()]


from pathways.api.changes import router as changes_router  # noqa: E402
from pathways.identity.api import router as identity_router  # noqa: E402
from pathways.imports.api import router as imports_router  # noqa: E402
from pathways.jobs.api import router as jobs_router  # noqa: E402
from pathways.outreach.api import router as outreach_router  # noqa: E402
from pathways.people.api import router as people_router  # noqa: E402
from pathways.places.api import router as places_router  # noqa: E402
from pathways.protection.api import router as protection_router  # noqa: E402
from pathways.recruitment.api import router as recruitment_router  # noqa: E402
from pathways.results.api import router as results_router  # noqa: E402
from pathways.returns.api import router as returns_router  # noqa: E402
from pathways.training.api import public_router as public_certificates_router  # noqa: E402
from pathways.training.api import router as training_router  # noqa: E402

api.add_router("/people", people_router)
api.add_router("/places", places_router)
api.add_router("/training", training_router)
api.add_router("/public/certificates", public_certificates_router)
api.add_router("/identity", identity_router)
api.add_router("/imports", imports_router)
api.add_router("/jobs", jobs_router)
api.add_router("/outreach", outreach_router)
api.add_router("/protection", protection_router)
api.add_router("/returns", returns_router)
api.add_router("/recruitment", recruitment_router)
api.add_router("/changes", changes_router)
api.add_router("/results", results_router)
