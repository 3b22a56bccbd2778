"""One shape for every refusal of the API: RFC 9457 problem details.

    {"type": ".../api/v1/problems#not_found", "title": "...", "status": 404, "detail": "...",
     "code": "not_found", "errors": [{"loc": ["body", "phones", 1], "msg": "...", "code": "invalid"}]}

`code` is stable: clients branch on it, never on the wording. `title` and `detail` are in the request's
language (Accept-Language: en, lo, th). Field errors keep the locations clients already read (`["body",
<field>, ...]`, `["query", <name>]`), whether the request did not match the schema or a service refused the
data.
"""

import contextlib
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

logger = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True)
class ProblemKind:
    code: str
    status: int
    title: Promise


CATALOGUE: dict[str, ProblemKind] = {}


def _kind(code: str, status: int, title: Promise) -> ProblemKind:
    CATALOGUE[code] = ProblemKind(code, status, title)
    return CATALOGUE[code]


MALFORMED_BODY = _kind("malformed_body", 400, gettext_lazy("The request body could not be read."))
NOT_AUTHENTICATED = _kind("not_authenticated", 401, gettext_lazy("A valid API token is needed."))
TOKEN_EXPIRED = _kind("token_expired", 401, gettext_lazy("This API token has expired."))
PERMISSION_DENIED = _kind("permission_denied", 403, gettext_lazy("Your role may not do this."))
INSUFFICIENT_SCOPE = _kind(
    "insufficient_scope", 403, gettext_lazy("This API token's scopes do not allow this.")
)
NOT_FOUND = _kind("not_found", 404, gettext_lazy("Not found, or not yours to see."))
PAGE_NOT_FOUND = _kind("page_not_found", 404, gettext_lazy("There is no such page of this list."))
POSSIBLE_DUPLICATE = _kind("possible_duplicate", 409, gettext_lazy("This person may already be registered."))
ALREADY_MERGED = _kind(
    "already_merged", 409, gettext_lazy("This record was already merged into another record.")
)
IDEMPOTENCY_KEY_IN_USE = _kind(
    "idempotency_key_in_use",
    409,
    gettext_lazy("A request with this Idempotency-Key is still being processed."),
)
# The request does not match the API's description (a type, a choice, a missing field): a generated client
# never sends these.
INVALID_REQUEST = _kind(
    "invalid_request", 422, gettext_lazy("The request does not match the API's description.")
)
# The request is well formed but a rule refuses it (a date in the future, an unknown province...).
INVALID_DATA = _kind("invalid_data", 422, gettext_lazy("The data was refused; nothing was saved."))
IDEMPOTENCY_KEY_REUSED = _kind(
    "idempotency_key_reused",
    422,
    gettext_lazy("This Idempotency-Key was already used for a different request."),
)
RATE_LIMITED = _kind("rate_limited", 429, gettext_lazy("Too many requests; wait before trying again."))
SERVER_ERROR = _kind(
    "server_error", 500, gettext_lazy("Something went wrong on our side; nothing was saved.")
)


class FieldError(Schema):
    loc: list[str | int] = Field(description="where: body, query, path or form, then the field's path")
    msg: str
    code: str = Field(description="stable: missing, enum, date_parsing, invalid, ... or a service's own code")


class Problem(Schema):
    """RFC 9457 problem details; `errors` lists each refused field."""

    type: str = Field(description="a link to this problem's entry in /api/v1/problems")
    title: str
    status: int
    detail: str
    code: str = Field(description="stable identifier of the problem; see /api/v1/problems")
    errors: list[FieldError] = []


def problem(
    request: HttpRequest,
    kind: ProblemKind,
    *,
    detail: str = "",
    errors: list[dict] | None = None,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JsonResponse:
    """The answer for a refusal of this kind, in the request's language (LocaleMiddleware activated it)."""
    body = {
        "type": request.build_absolute_uri(f"/api/v1/problems#{kind.code}"),
        "title": str(kind.title),
        "status": kind.status,
        "detail": detail or str(kind.title),
        "code": kind.code,
        "errors": errors or [],
        **extensions,
    }
    response = JsonResponse(
        body, status=kind.status, content_type=MEDIA_TYPE, json_dumps_params={"ensure_ascii": False}
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# --- Refusals by the services (django.core.exceptions.ValidationError) ---------------------------------


@contextlib.contextmanager
def api_field_names(names: Mapping[str, str]) -> Iterator[None]:
    """Name a service's refusals by this API's fields where the two differ (the service's `referred_to` is
    the API's `referred_to_id`)."""
    try:
        yield
    except ValidationError as error:
        error.api_field_names = {**getattr(error, "api_field_names", {}), **names}  # type: ignore[attr-defined]
        raise


def _loc(key: str, names: Mapping[str, str]) -> list[str | int]:
    if key == NON_FIELD_ERRORS:
        return ["body"]
    head, *rest = key.split(".")
    return ["body", names.get(head, head), *[int(p) if p.isdigit() else p for p in rest]]


def service_errors(error: ValidationError) -> list[dict]:
    """A service's ValidationError as field errors: one per message, located by the key the service gave
    ("phones.1" → ["body", "phones", 1]), with its code ("invalid" when it set none)."""
    names = getattr(error, "api_field_names", {})
    if hasattr(error, "error_dict"):
        located = [(_loc(key, names), errors) for key, errors in error.error_dict.items()]
    else:
        located = [(["body"], error.error_list)]
    out = []
    for loc, errors in located:
        for e in errors:
            for message in e:  # a single error yields its message with its params applied
                out.append({"loc": loc, "msg": str(message), "code": e.code or "invalid"})
    return out


# --- Requests that do not match the schema (pydantic's errors, through django-ninja) --------------------

_PYDANTIC_MESSAGES: dict[str, Promise] = {
    "missing": gettext_lazy("This field is required."),
    "string_type": gettext_lazy("Enter text."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "float_type": gettext_lazy("Enter a number."),
    "float_parsing": gettext_lazy("Enter a number."),
    "finite_number": gettext_lazy("Enter a number."),
    "bool_type": gettext_lazy("Enter true or false."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "uuid_type": gettext_lazy("Enter an identifier (a UUID)."),
    "uuid_parsing": gettext_lazy("Enter an identifier (a UUID)."),
    "date_type": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "datetime_type": gettext_lazy("Enter a date and time (ISO 8601)."),
    "datetime_parsing": gettext_lazy("Enter a date and time (ISO 8601)."),
    "datetime_from_date_parsing": gettext_lazy("Enter a date and time (ISO 8601)."),
    "enum": gettext_lazy("Choose one of: %(expected)s."),
    "literal_error": gettext_lazy("Choose one of: %(expected)s."),
    "list_type": gettext_lazy("Send a list."),
    "dict_type": gettext_lazy("Send an object with named fields."),
    "model_type": gettext_lazy("Send an object with named fields."),
    "model_attributes_type": gettext_lazy("Send an object with named fields."),
    "greater_than_equal": gettext_lazy("Enter a number of at least %(ge)s."),
    "less_than_equal": gettext_lazy("Enter a number of at most %(le)s."),
    "greater_than": gettext_lazy("Enter a number above %(gt)s."),
    "less_than": gettext_lazy("Enter a number below %(lt)s."),
    "string_too_long": gettext_lazy("Enter at most %(max_length)s characters."),
    "string_too_short": gettext_lazy("Enter at least %(min_length)s characters."),
    "too_long": gettext_lazy("Send at most %(max_length)s items."),
    "too_short": gettext_lazy("Send at least %(min_length)s items."),
    "string_pattern_mismatch": gettext_lazy("This value does not have the expected form."),
    "extra_forbidden": gettext_lazy("This field is not expected."),
    "object_expected": gettext_lazy("Send a JSON object with named fields."),
    "string_nul": gettext_lazy("Text cannot hold the NUL character."),
}


def _request_loc(loc: list) -> list[str | int]:
    # django-ninja puts the parameter's name after "body"; schema and service errors share one path shape.
    if len(loc) > 1 and loc[0] == "body":
        return ["body", *loc[2:]]
    return loc


def request_errors(errors: list[dict]) -> list[dict]:
    """Pydantic's errors as field errors, with their message in the request's language where we have one."""
    out = []
    for error in errors:
        code = error.get("type", "invalid")
        template = _PYDANTIC_MESSAGES.get(code)
        context = {k: _readable(v) for k, v in (error.get("ctx") or {}).items()}
        try:
            msg = str(template) % context if template is not None else error.get("msg", "")
        except (KeyError, TypeError, ValueError):
            msg = error.get("msg", "")
        out.append({"loc": _request_loc(list(error.get("loc", []))), "msg": msg, "code": code})
    return out


def _readable(value: Any) -> Any:
    return str(value) if not isinstance(value, int | float | str) else value


def not_an_object() -> list[dict]:
    return [{"loc": ["body"], "msg": _("Send a JSON object with named fields."), "code": "object_expected"}]
