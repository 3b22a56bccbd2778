"""The public certificate check: no login, and only what a certificate itself says."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from pathways.training import signing, verification
from pathways.training.forms import VerifyForm


def verify(request):
    """Paste the code read from the QR (or a number); answer valid, revoked or unknown."""
    form = VerifyForm(request.POST or request.GET or None)
    answer, error = None, ""
    if form.is_bound and form.is_valid():
        code = verification.payload_from(form.cleaned_data["code"])
        try:
            answer = verification.by_payload(code) if "|" in code else verification.by_number(code)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(
        request,
        "training/verify.html",
        {
            "form": form,
            "answer": answer,
            "error": error,
            "public_key": signing.b64url(signing.public_key_raw()),
        },
        status=400 if error else 200,
    )


@cache_control(public=True, max_age=3600)
def public_key(request):
    """The Ed25519 public key (PEM) that checks every certificate's QR payload offline."""
    return HttpResponse(signing.public_key_pem(), content_type="text/plain; charset=utf-8")
