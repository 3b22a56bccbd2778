from django.conf import settings
from django.core.checks import Error, register


@register()
def certificate_key_is_not_the_development_key(app_configs, **kwargs):
    """Refuse to run without DEBUG on the published development signing key: anyone could forge one."""
    if not settings.DEBUG and not settings.CERTIFICATE_SIGNING_KEY.strip():
        return [
            Error(
                "CERTIFICATE_SIGNING_KEY is unset (the development key) while DEBUG is off.",
                hint='Generate one with: python -c "import base64,os; '
                "print(base64.urlsafe_b64encode(os.urandom(32)).rstrip(b'=').decode())\" and keep it secret; "
                "or set DEBUG=true for local use.",
                id="pathways.E101",
            )
        ]
    return []
