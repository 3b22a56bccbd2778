"""Login with throttling: shared laptops in provincial offices make password guessing cheap otherwise."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pathways.core.throttle import Throttle, client_address

LOCKOUT_SECONDS = 15 * 60
# One user name from one address: someone guessing a colleague's password on the office laptop.
USER_AT_ADDRESS = Throttle("login-user-at-address", limit=5, seconds=LOCKOUT_SECONDS)
# One user name from anywhere: guesses spread over many addresses.
USER_ANYWHERE = Throttle("login-user", limit=20, seconds=LOCKOUT_SECONDS)
# One address, any user name: trying one common password on every account. A provincial office behind one
# address makes a few failures an hour, not 30.
ADDRESS = Throttle("login-address", limit=30, seconds=LOCKOUT_SECONDS)


class ThrottledLoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed attempts for this user. Wait 15 minutes, or ask an administrator."),
        "address_throttled": _(
            "Too many failed sign-ins from this network. Wait 15 minutes, or ask an administrator."
        ),
    }

    def clean(self):
        user = (self.cleaned_data.get("username") or "").casefold()
        address = client_address(self.request)
        if ADDRESS.exceeded(address):
            raise ValidationError(self.error_messages["address_throttled"], code="throttled")
        if USER_AT_ADDRESS.exceeded(f"{user}@{address}") or USER_ANYWHERE.exceeded(user):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            USER_AT_ADDRESS.count(f"{user}@{address}")
            USER_ANYWHERE.count(user)
            ADDRESS.count(address)
            raise
        # Only this pair starts afresh: a valid login of one's own must not reset an address's or a user
        # name's count of other people's guesses.
        USER_AT_ADDRESS.clear(f"{user}@{address}")
        return cleaned
