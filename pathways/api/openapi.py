"""The refusals every operation can answer, written into the OpenAPI document once instead of beside each of
the API's ~70 operations: a generated client then knows every status it may meet and its one body shape."""

from typing import Any

from pathways.api import problems
from pathways.api.auth import READ_METHODS, area_of

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

_WHY = {
    400: "The body could not be read (not JSON, or a multipart body without its boundary): `malformed_body`.",
    401: "No token, an unknown or revoked one (`not_authenticated`), or an expired one (`token_expired`).",
    403: "The token's user may not do this (`permission_denied`) or its scopes do not cover it "
    "(`insufficient_scope`).",
    404: "No such record, or not in the token's user's scope (`not_found`); a page past the end of a list "
    "(`page_not_found`).",
    409: "Another request with the same Idempotency-Key is still being processed "
    "(`idempotency_key_in_use`); retry after Retry-After seconds.",
    422: "The request does not match this description (`invalid_request`), a rule refuses the data "
    "(`invalid_data`), or the Idempotency-Key was used for another request (`idempotency_key_reused`); "
    "`errors` locates each field.",
    429: "Too many requests from this token, or too many refused tokens from this client (`rate_limited`); "
    "wait Retry-After seconds.",
}

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Any unique string (a UUID): the same POST sent again with the same key and body gets the "
    "first answer again and creates nothing twice; keys are kept for a day, per token.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}


def _problem_response(status: int) -> dict:
    response: dict[str, Any] = {
        "description": _WHY[status],
        "content": {problems.MEDIA_TYPE: {"schema": PROBLEM_REF}},
    }
    if status in (409, 429):
        response["headers"] = {
            "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer", "minimum": 0}}
        }
    return response


def _scope_needed(path: str, method: str) -> str:
    area = area_of(path)
    if area is None:
        return "any valid token"
    access = "read" if method.upper() in READ_METHODS else "write"
    return f"`{area}:{access}` (or `{access}`{'' if access == 'write' else ' or write'})"


def document_contract(schema: dict) -> dict:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem_schema = problems.Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem_schema.pop("$defs", {}))
    components["Problem"] = problem_schema
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            params = operation.get("parameters", [])
            statuses = {429}
            if operation.get("security"):
                statuses |= {401, 403, 404}
                needed = _scope_needed(path, method)
                operation["description"] = (
                    f"{operation.get('description', '')}\n\nToken scope: {needed}.".lstrip()
                )
            if any(p.get("in") == "path" for p in params) or any(p.get("name") == "page" for p in params):
                statuses.add(404)
            if params or "requestBody" in operation:
                statuses.add(422)
            if "requestBody" in operation:
                statuses.add(400)
            if method == "post":
                statuses |= {409, 422}
                if not any(p.get("name") == IDEMPOTENCY_KEY["name"] for p in params):
                    operation["parameters"] = [*params, IDEMPOTENCY_KEY]
            for status in sorted(statuses):
                responses.setdefault(str(status), _problem_response(status))
    return schema
