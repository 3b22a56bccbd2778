"""The public certificate check: no login, and only what a certificate itself says."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from pathways.core.throttle import client_address
from pathways.training import signing, verification
from pathways.training.forms import VerifyForm


def verify(request):
    """Paste the code read from the QR (or a number, with the holder's birth date to see the name); answer
    valid, revoked or unknown."""
    form = VerifyForm(request.POST or request.GET or None)
    answer, error, status = None, "", 200
    if form.is_bound and form.is_valid():
        code = verification.payload_from(form.cleaned_data["code"])
        try:
            if "|" in code:
                answer = verification.by_payload(code)
            else:
                answer = verification.by_number(
                    code, client=client_address(request), birth_date=form.cleaned_data["birth_date"]
                )
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 400
        except verification.TooManyLookups as exc:
            error, status = str(exc), 429
    response = render(
        request,
        "training/verify.html",
        {
            "form": form,
            "answer": answer,
            "error": error,
            "public_key": signing.b64url(signing.public_key_raw()),
            "birth_date_given": bool(form.is_bound and form.is_valid() and form.cleaned_data["birth_date"]),
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(verification.NUMBER_LOOKUPS.seconds)
    return response


@cache_control(public=True, max_age=3600)
def public_key(request):
    """The Ed25519 public key (PEM) that checks every certificate's QR payload offline."""
    return HttpResponse(signing.public_key_pem(), content_type="text/plain; charset=utf-8")
