"""Login with throttling: shared laptops in provincial offices make password guessing cheap otherwise."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60


def _key(request, username: str) -> str:
    address = request.META.get("REMOTE_ADDR", "") if request else ""
    return f"login-failures:{username.casefold()}:{address}"


class ThrottledLoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed attempts for this user. Wait 15 minutes, or ask an administrator."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        key = _key(self.request, username)
        if cache.get(key, 0) >= MAX_FAILURES:
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, LOCKOUT_SECONDS)
            raise
        cache.delete(key)
        return cleaned
