from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


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


@register(Tags.security, deploy=True)
def public_base_url_is_public(app_configs, **kwargs):
    """Printed certificates carry PUBLIC_BASE_URL in their QR code for years: it must be the public one."""
    address = urlsplit(settings.PUBLIC_BASE_URL)
    if address.scheme != "https" or address.hostname in (None, "localhost", "127.0.0.1"):
        return [
            Warning(
                f"PUBLIC_BASE_URL is {settings.PUBLIC_BASE_URL!r}: certificates' QR codes would link there.",
                hint="Set it to the site's public https address, e.g. https://pathways.example.org.",
                id="pathways.W102",
            )
        ]
    return []
