"""The API at /api/v1/: token authentication, and one error shape for every refusal."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from pathways.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Pathways API",
    version="1",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    description="Personal data is scoped to the token's user; records outside scope answer 404.",
)


def _loc(key: str) -> list:
    return ["body", *[int(part) if part.isdigit() else part for part in key.split(".")]]


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        detail = [
            {"loc": _loc(key), "msg": msg, "type": "value_error"}
            for key, messages in exc.message_dict.items()
            for msg in messages
        ]
    else:
        detail = [{"loc": ["body"], "msg": msg, "type": "value_error"} for msg in exc.messages]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or "Forbidden."}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


from pathways.identity.api import router as identity_router  # noqa: E402
from pathways.imports.api import router as imports_router  # noqa: E402
from pathways.jobs.api import router as jobs_router  # noqa: E402
from pathways.outreach.api import router as outreach_router  # noqa: E402
from pathways.people.api import router as people_router  # noqa: E402
from pathways.places.api import router as places_router  # noqa: E402
from pathways.protection.api import router as protection_router  # noqa: E402
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


@api.exception_handler(NinjaValidationError)
def request_validation_error(request, exc: NinjaValidationError):
    # Drop the parameter name ninja puts after "body": schema and service errors then share one path shape.
    detail = []
    for error in exc.errors:
        loc = list(error.get("loc", []))
        if len(loc) > 1 and loc[0] == "body":
            loc = ["body", *loc[2:]]
        detail.append({"loc": loc, "msg": error.get("msg", ""), "type": error.get("type", "")})
    return api.create_response(request, {"detail": detail}, status=422)
